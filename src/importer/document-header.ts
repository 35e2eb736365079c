/**
 * The document's identity: number ("136/KH-UBND"), issue date, issuer, title and the plan's years (its horizon,
 * "giai đoạn 2017–2020", or the single year of "… năm 2020"). The header's dates are facts about the document,
 * never deadlines; `headerDateLines` tells the caller which dates it consumed.
 *
 * Pure: no I/O.
 */
import { fold, type TextLine } from './document-text';
import { DATE_SOURCE, datePartsOf } from './date-phrases';

export interface HeaderField<T> {
  value: T;
  text: string;
  line: number;
  confidence: number;
}

export interface DocumentHeader {
  kind?: HeaderField<'plan' | 'decision'>;
  number?: HeaderField<string>;
  issuedOn?: HeaderField<string>;
  issuer?: HeaderField<string>;
  province?: HeaderField<string>;
  title?: HeaderField<string>;
  years?: HeaderField<{ from: number; to: number }>;
}

const NUMBER = /(?:ke\s*hoach|quyet\s*dinh)\s*so\s*[:.]?\s*(\d{1,5})\s*\/\s*([a-z&-]+(?:-[a-z&]+)*)/;
/** A province is named with capitals: "UBND tỉnh Lạng Sơn", "ỦY BAN NHÂN DÂN TỈNH NGHỆ AN", "tỉnh Thừa Thiên Huế". */
const PROVINCE =
  /(?:(?<issuer>[UỦ][Yỷ] ?[Bb][Aa][Nn] [Nn][Hh][Ââ][Nn] [Dd][Ââ][Nn]|UBND) )?(?:tỉnh|TỈNH) (\p{Lu}\p{L}*(?: \p{Lu}\p{L}*){0,4})/u;
const NOT_IN_NAME = new Set(['năm', 'giai', 'đoạn', 'về', 'và', 'ban', 'hành']);
const RANGE = /giai\s*doan\s*(\d{4})\s*-\s*(\d{4})/;
const TITLE_YEAR = /nam\s*(\d{4})\s*$/;

/** The first lines a header is looked for in, and the appendix captions that restate the plan's own number. */
const HEAD_LINES = 12;

export function extractHeader(lines: readonly TextLine[]): DocumentHeader {
  const header: DocumentHeader = {};
  const prose = lines.filter((l) => !l.cell);
  const head = prose.slice(0, HEAD_LINES);

  const titleAt = head.findIndex((l) => /^(ke hoach|quyet dinh)$/.test(fold(l.text).trim()));
  const titleLine = titleAt >= 0 ? head[titleAt] : undefined;
  if (titleLine) {
    const kind = fold(titleLine.text).trim() === 'ke hoach' ? 'plan' : 'decision';
    header.kind = { value: kind, text: titleLine.text, line: titleLine.line, confidence: 0.95 };
    const next = head[titleAt + 1];
    if (next) {
      const body = sentenceCase(next.text);
      const title = kind === 'plan' ? `Kế hoạch ${body}` : body.replace(/^(về việc |ban hành )/u, '');
      header.title = { value: capitalize(title), text: next.text, line: next.line, confidence: 0.85 };
    }
  }
  // A decision that issues a plan: the plan's own title follows its "KẾ HOẠCH" line further down.
  if (header.kind?.value === 'decision') {
    const planAt = prose.findIndex((l, i) => i > titleAt + 1 && fold(l.text).trim() === 'ke hoach');
    const planTitle = planAt >= 0 ? prose[planAt + 1] : undefined;
    if (planTitle) {
      header.title = {
        value: capitalize(`Kế hoạch ${sentenceCase(planTitle.text)}`),
        text: planTitle.text,
        line: planTitle.line,
        confidence: 0.85,
      };
    }
  }

  // The number: the issuing caption ("Ban hành kèm theo Quyết định số 288/QĐ-UBND, ngày 06/3/2014") or the
  // appendix's "Kèm theo Kế hoạch số 136 /KH-UBND ngày 21 /8/ 2017"; cited documents come with "Căn cứ", "Thực
  // hiện", "Xét", so only captions starting with "(…kèm theo" count.
  for (const l of prose) {
    const f = fold(l.text);
    if (!/^\(?\s*(?:ban\s*hanh\s*)?kem\s*theo/.test(f)) continue;
    const m = NUMBER.exec(f);
    if (!m) continue;
    const number = l.text
      .slice(m.index, m.index + m[0].length)
      .replace(/^.*?số\s*[:.]?\s*/iu, '')
      .replace(/\s+/g, '');
    header.number ??= { value: number, text: l.text, line: l.line, confidence: 0.9 };
    const rest = f.slice(m.index + m[0].length);
    const d = new RegExp(String.raw`^\s*,?\s*ngay\s*${DATE_SOURCE}`).exec(rest);
    const parts = d ? datePartsOf(d.groups) : null;
    if (parts?.year !== undefined && !header.issuedOn) {
      const iso = `${parts.year}-${String(parts.month).padStart(2, '0')}-${String(parts.day).padStart(2, '0')}`;
      header.issuedOn = { value: iso, text: l.text, line: l.line, confidence: 0.9 };
    }
    if (header.issuedOn) break;
  }

  for (const l of prose.slice(0, HEAD_LINES * 2)) {
    const m = PROVINCE.exec(l.text);
    if (!m?.[2]) continue;
    const kept: string[] = [];
    for (const w of m[2].split(' ')) {
      if (NOT_IN_NAME.has(w.toLocaleLowerCase('vi'))) break;
      kept.push(w);
    }
    if (kept.length === 0 || kept.length > 3) continue;
    const name = titleCaseWords(kept.join(' '));
    const confidence = m.groups?.issuer !== undefined ? 0.9 : 0.75;
    header.province = { value: name, text: l.text, line: l.line, confidence };
    header.issuer = { value: `UBND tỉnh ${name}`, text: l.text, line: l.line, confidence };
    break;
  }

  header.years = planYearsOf(prose, header.title);
  return header;
}

/**
 * The plan's years: the title's "giai đoạn 2017 - 2020" or "năm 2020"; otherwise a sentence about the plan itself
 * ("Kế hoạch được triển khai thực hiện trong giai đoạn 2017 - 2020", "… (sau đây gọi là Kế hoạch)"). A cited
 * strategy's period ("Chiến lược … giai đoạn 2011-2020") is not the plan's.
 */
function planYearsOf(
  prose: readonly TextLine[],
  title: HeaderField<string> | undefined,
): HeaderField<{ from: number; to: number }> | undefined {
  if (title) {
    const f = fold(title.text);
    const r = RANGE.exec(f);
    if (r)
      return { value: { from: Number(r[1]), to: Number(r[2]) }, text: title.text, line: title.line, confidence: 0.95 };
    const y = TITLE_YEAR.exec(f.trim());
    if (y)
      return { value: { from: Number(y[1]), to: Number(y[1]) }, text: title.text, line: title.line, confidence: 0.95 };
  }
  for (const l of prose.slice(0, 40)) {
    const f = fold(l.text);
    const r =
      /ke\s*hoach\s*(?:duoc\s*)?(?:trien\s*khai\s*)?(?:thuc\s*hien\s*)?trong\s*giai\s*doan\s*(\d{4})\s*-\s*(\d{4})/.exec(
        f,
      ) ?? /giai\s*doan\s*(\d{4})\s*-\s*(\d{4})\s*\(\s*sau\s*day\s*goi\s*(?:tat\s*)?la\s*ke\s*hoach/.exec(f);
    if (r) return { value: { from: Number(r[1]), to: Number(r[2]) }, text: l.text, line: l.line, confidence: 0.85 };
  }
  return undefined;
}

function sentenceCase(upper: string): string {
  return upper
    .trim()
    .toLocaleLowerCase('vi')
    .replace(/\bviệt nam\b/gu, 'Việt Nam')
    .replace(
      /\b(tỉnh|tp\.?|thành phố)\s+([\p{L} ]+?)(\s+(?:năm|giai đoạn)\b|$)/u,
      (_all, w: string, name: string, tail: string) => `${w} ${titleCaseWords(name)}${tail}`,
    );
}

function titleCaseWords(text: string): string {
  return text
    .trim()
    .split(/\s+/)
    .map((w) => (w.length > 0 ? (w[0] ?? '').toLocaleUpperCase('vi') + w.slice(1).toLocaleLowerCase('vi') : w))
    .join(' ');
}

function capitalize(text: string): string {
  return text.length === 0 ? text : (text[0] ?? '').toLocaleUpperCase('vi') + text.slice(1);
}
