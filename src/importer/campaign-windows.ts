/**
 * Campaign windows: "từ 15/11 đến 15/12", "từ ngày 15-11 đến 15-12-2021", "từ ngày 10 - 15/11",
 * "15/11/2016 đến 15/12/2016", and a named month "Tháng hành động quốc gia … (tháng 6)". A window counts as a
 * campaign only on a line that names one (Tháng hành động, chiến dịch, đợt cao điểm…); a bare "từ … đến …" is
 * left for the caller to report as unplaced, because it may as well be a reporting period.
 *
 * Pure: no I/O.
 */
import { fold } from './document-text';
import { isRealDayMonth } from './date-phrases';

interface DayMonth {
  day: number;
  month: number;
}

export interface WindowPhrase {
  start: number;
  end: number;
  text: string;
  from: DayMonth;
  to: DayMonth;
  /** The year the line states, when it does ("15/11/2016", "năm 2021"). */
  year?: number;
  /** The campaign's name from the same line, when the line gives one. */
  name?: string;
  /** False for a bare "từ … đến …" on a line that names no campaign. */
  named: boolean;
  confidence: number;
}

const DM = String.raw`(\d{1,2})\s*[/.-]\s*(\d{1,2})(?!\d)(?:\s*[/.-]\s*(\d{4}))?`;
const TO = String.raw`\s*(?:-|den|toi)\s*(?:ngay\s*)?`;
const FULL = new RegExp(String.raw`(?:tu\s*(?:ngay\s*)?)(?<!\d)${DM}${TO}${DM}`, 'g');
const SAME_MONTH = new RegExp(
  String.raw`tu\s*(?:ngay\s*)?(?<!\d)(\d{1,2})\s*-\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})(?!\d)(?:\s*[/.-]\s*(\d{4}))?`,
  'g',
);
// Without "từ", only "… đến …" or two full dates: "15/11-15/12" alone is too often something else.
const BARE = new RegExp(String.raw`(?<!\d)${DM}\s*(?:den|toi)\s*(?:ngay\s*)?${DM}`, 'g');
const NAMED_MONTH = /(thang\s*hanh\s*dong[^()]{0,160}?)\(\s*thang\s*(\d{1,2})\s*\)/g;

const CAMPAIGN_WORDS =
  /thang\s*hanh\s*dong|chien\s*dich|dot\s*cao\s*diem|thang\s*cao\s*diem|tuan\s*le|dot\s*truyen\s*thong/;

const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function findCampaignWindows(line: string): WindowPhrase[] {
  const folded = fold(line);
  const out: WindowPhrase[] = [];
  const named = CAMPAIGN_WORDS.test(folded);
  const push = (start: number, end: number, from: DayMonth, to: DayMonth, year: number | undefined, c: number) => {
    if (!isRealDayMonth(from.day, from.month) || !isRealDayMonth(to.day, to.month)) return;
    if (out.some((w) => start < w.end && end > w.start)) return;
    const w: WindowPhrase = {
      start,
      end,
      text: line.slice(start, end),
      from,
      to,
      named,
      confidence: named ? c : c * 0.5,
    };
    const y = year ?? yearOnLine(folded);
    if (y !== undefined) w.year = y;
    const name = nameBefore(line, folded, start);
    if (name !== undefined) w.name = name;
    out.push(w);
  };
  // "15/11 … 15/12[/2021]": the full form (with "từ … đến") is surer than the bare one.
  const pushDayMonthPair = (m: RegExpMatchArray & { index: number }, confidence: number) => {
    const y = m[3] ?? m[6];
    push(
      m.index,
      m.index + m[0].length,
      { day: Number(m[1]), month: Number(m[2]) },
      { day: Number(m[4]), month: Number(m[5]) },
      y === undefined ? undefined : Number(y),
      confidence,
    );
  };
  for (const m of folded.matchAll(FULL)) pushDayMonthPair(m, 0.95);
  for (const m of folded.matchAll(SAME_MONTH)) {
    const month = Number(m[3]);
    push(
      m.index,
      m.index + m[0].length,
      { day: Number(m[1]), month },
      { day: Number(m[2]), month },
      m[4] === undefined ? undefined : Number(m[4]),
      0.9,
    );
  }
  for (const m of folded.matchAll(BARE)) pushDayMonthPair(m, 0.85);
  for (const m of folded.matchAll(NAMED_MONTH)) {
    const month = Number(m[2]);
    if (!(month >= 1 && month <= 12)) continue;
    const start = m.index + (m[1]?.length ?? 0);
    const end = m.index + m[0].length;
    if (out.some((w) => start < w.end && end > w.start)) continue;
    out.push({
      start,
      end,
      text: line.slice(start, end),
      from: { day: 1, month },
      to: { day: MONTH_DAYS[month - 1] === 29 ? 28 : (MONTH_DAYS[month - 1] ?? 30), month },
      name: cleanName(line.slice(m.index, start)),
      named: true,
      confidence: 0.85,
    });
  }
  return out.sort((a, b) => a.start - b.start);
}

function yearOnLine(folded: string): number | undefined {
  const m = /\bnam\s*(20\d{2}|19\d{2})(?!\s*-\s*\d)/.exec(folded);
  return m ? Number(m[1]) : undefined;
}

/** "Tổ chức Tháng hành động về bình đẳng giới … từ 15/11" → "Tháng hành động về bình đẳng giới …". */
function nameBefore(line: string, folded: string, start: number): string | undefined {
  const head = folded.slice(0, start);
  const at = Math.max(
    ...['thang hanh dong', 'chien dich', 'tuan le', 'dot cao diem', 'thang cao diem', 'dot truyen thong'].map((w) =>
      head.lastIndexOf(w),
    ),
  );
  if (at < 0) return undefined;
  return cleanName(line.slice(at, start));
}

function cleanName(text: string): string {
  return text
    .replace(/["“”‘’]/g, '')
    .replace(/\s*(trong thời gian|diễn ra|từ ngày|từ|vào|,|;|:)\s*$/iu, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^tháng/u, 'Tháng');
}
