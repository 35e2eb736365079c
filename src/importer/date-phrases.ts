/**
 * A grammar of the date and deadline phrases of Vietnamese plans. Every rule runs on the folded text (`fold`:
 * lowercase, no diacritics, same offsets), so "Trước ngày", "truớc ngày" (a typo seen in real texts) and
 * "trướcngày" (glued) read alike, and a match's offsets point into the original line.
 *
 * Pure: no I/O, no clock. A phrase without a year stays without one: the plan's years decide later.
 */
import { fold } from './document-text';

/** What a phrase says, before it becomes a plan deadline rule. */
export type DateRule =
  /**
   * "trước ngày 25/3/2020", "trước ngày 30 tháng 5", "chậm nhất ngày 13-10". `inclusive: false` when the cue is
   * "trước" (before X: X itself is late); absent for the cues that include the day ("chậm nhất", "hạn chót", …).
   */
  | { type: 'date'; day: number; month: number; year?: number; inclusive?: false }
  /** "vào tuần cuối tháng 6". */
  | { type: 'last-week-of-month'; month: number; year?: number }
  /** "trước tháng 7 năm 2019": due on the last day of the month before. */
  | { type: 'before-month'; month: number; year?: number }
  /** "2018", "2018 và 2020", "vào năm 2017". */
  | { type: 'in-years'; years: number[] }
  /** "Hàng năm", "hằng năm". */
  | { type: 'every-year' }
  /**
   * "định kỳ hằng quý trước ngày 20 của tháng cuối quý" (`last`: 20/3, 20/6, 20/9, 20/12), "trước ngày 10 của
   * tháng đầu quý sau" (`next-first`: 10/4, 10/7, 10/10 and 10/1 for the fourth quarter).
   */
  | { type: 'quarterly'; day: number; month: 'last' | 'next-first' };

export interface DatePhrase {
  /** Offsets in the line (UTF-16, same in the original and the folded text). */
  start: number;
  end: number;
  /** The original words. */
  text: string;
  rule: DateRule;
  /** 0–1: how sure the grammar is that this is the phrase's meaning. */
  confidence: number;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function isRealDayMonth(day: number, month: number, year?: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  if (year !== undefined && month === 2 && day === 29) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (DAYS_IN_MONTH[month - 1] ?? 0);
}

const isYear = (y: number) => y >= 1900 && y <= 2100;

/**
 * A calendar date in the forms the documents use: "25/3", "25/3/2020", "21 /8/ 2017", "13-10", "15.11",
 * "ngày 30 tháng 11 năm 2014". Group names: d, m, y (numeric) or d2, m2, y2 (worded).
 */
export const DATE_SOURCE =
  String.raw`(?:(?<!\d)(?<d>\d{1,2})\s*[/-]\s*(?<m>\d{1,2})(?!\d)(?:\s*[/-]\s*(?<y>\d{4})(?!\d))?` +
  // "15.11.2016" only with its year: "2.1" alone is a section number.
  String.raw`|(?<![\d.])(?<d3>\d{1,2})\.(?<m3>\d{1,2})\.(?<y3>\d{4})(?!\d)` +
  String.raw`|(?<!\d)(?<d2>\d{1,2})\s*thang\s*(?<m2>\d{1,2})(?!\d)(?:\s*(?:nam|[/-])\s*(?<y2>\d{4}))?)`;

interface DateParts {
  day: number;
  month: number;
  year?: number;
}

export function datePartsOf(groups: Record<string, string | undefined> | undefined): DateParts | null {
  if (!groups) return null;
  const d = groups.d ?? groups.d2 ?? groups.d3;
  const m = groups.m ?? groups.m2 ?? groups.m3;
  const y = groups.y ?? groups.y2 ?? groups.y3;
  if (d === undefined || m === undefined) return null;
  const parts: DateParts = { day: Number(d), month: Number(m) };
  if (y !== undefined) {
    if (!isYear(Number(y))) return null;
    parts.year = Number(y);
  }
  return isRealDayMonth(parts.day, parts.month, parts.year) ? parts : null;
}

/**
 * Words that make the date that follows a deadline. Typos and glued forms are covered by the folding and by `\s*`
 * between words ("trướcngày", "chậm nhất là ngày").
 */
const CUE = String.raw`(?:truoc|cham\s*nhat(?:\s*la)?|han\s*chot(?:\s*la)?|thoi\s*han(?:\s*nop)?(?:\s*la)?|han\s*nop(?:\s*la)?|khong\s*muon\s*hon|khong\s*qua)`;

const DEADLINE_PATTERNS: { re: RegExp; build: (m: RegExpExecArray) => DateRule | null; confidence: number }[] = [
  {
    re: new RegExp(
      String.raw`${CUE}\s*(?:vao\s*)?(?:ngay\s*)?(\d{1,2})\s*(?:cua\s*)?thang\s*(?:(cuoi)\s*(?:cua\s*)?quy|dau\s*(?:cua\s*)?quy\s*(?:sau|ke\s*tiep|tiep\s*theo))`,
      'g',
    ),
    build: (m) => {
      const day = Number(m[1]);
      if (!(day >= 1 && day <= 30)) return null;
      return { type: 'quarterly', day, month: m[2] !== undefined ? 'last' : 'next-first' };
    },
    confidence: 0.9,
  },
  {
    re: new RegExp(String.raw`(?<cue>${CUE})\s*(?:vao\s*)?(?:ngay\s*)?${DATE_SOURCE}`, 'g'),
    build: (m) => {
      const p = datePartsOf(m.groups);
      if (!p) return null;
      return m.groups?.cue?.startsWith('truoc') ? { type: 'date', ...p, inclusive: false } : { type: 'date', ...p };
    },
    confidence: 0.95,
  },
  {
    re: /(?:vao\s*)?tuan\s*cuoi\s*(?:cua\s*)?thang\s*(\d{1,2})(?!\d)(?:\s*(?:nam|\/)\s*(\d{4}))?/g,
    build: (m) => monthRule('last-week-of-month', m[1], m[2]),
    confidence: 0.9,
  },
  {
    re: /truoc\s*thang\s*(\d{1,2})(?!\d)(?:\s*(?:nam|\/)\s*(\d{4}))?/g,
    build: (m) => monthRule('before-month', m[1], m[2]),
    confidence: 0.9,
  },
];

function monthRule(type: 'last-week-of-month' | 'before-month', month?: string, year?: string): DateRule | null {
  const mo = Number(month);
  if (!(mo >= 1 && mo <= 12)) return null;
  if (year !== undefined && !isYear(Number(year))) return null;
  return year === undefined ? { type, month: mo } : { type, month: mo, year: Number(year) };
}

/** Deadline phrases of a prose line, in order, not overlapping. */
export function findDeadlinePhrases(line: string): DatePhrase[] {
  const folded = fold(line);
  const found: DatePhrase[] = [];
  for (const p of DEADLINE_PATTERNS) {
    p.re.lastIndex = 0;
    for (let m = p.re.exec(folded); m; m = p.re.exec(folded)) {
      const rule = p.build(m);
      if (!rule) continue;
      const start = m.index;
      const end = start + m[0].length;
      if (found.some((f) => start < f.end && end > f.start)) continue;
      found.push({ start, end, text: line.slice(start, end), rule, confidence: p.confidence });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/**
 * The deadline cell of an appendix table: "2018", "2018 và 2020", "2017, 2019", "Hàng năm", "Quý IV/2018" is not
 * covered (null), "trước tháng 7 năm 2019", "30/6/2019". Null when the cell says nothing the grammar knows.
 */
export function parseDeadlineCell(cell: string): DatePhrase | null {
  const text = cell.trim();
  const folded = fold(text);
  const phrase = (rule: DateRule, confidence: number): DatePhrase => ({
    start: 0,
    end: text.length,
    text,
    rule,
    confidence,
  });
  if (/^hang\s*nam\.?$/.test(folded) || /^thuong\s*xuyen,?\s*hang\s*nam$/.test(folded))
    return phrase({ type: 'every-year' }, 0.95);
  const years = /^(?:nam\s*)?(\d{4})(?:\s*(?:va|,|;|-|&)\s*(?:nam\s*)?(\d{4}))*\.?$/.exec(folded);
  if (years) {
    const list = [...folded.matchAll(/\d{4}/g)].map((y) => Number(y[0]));
    // "2017 - 2020" is a span of years, not two deadlines.
    if (/\d{4}\s*-\s*\d{4}/.test(folded) && list.length === 2) {
      const [a, b] = list as [number, number];
      if (a < b) return phrase({ type: 'in-years', years: range(a, b) }, 0.7);
    }
    if (list.every(isYear)) return phrase({ type: 'in-years', years: [...new Set(list)].sort() }, 0.9);
  }
  const inProse = findDeadlinePhrases(text);
  if (inProse.length === 1 && inProse[0]) return inProse[0];
  const bare = new RegExp(String.raw`^(?:ngay\s*)?${DATE_SOURCE}\.?$`).exec(folded);
  if (bare) {
    const p = datePartsOf(bare.groups);
    if (p) return phrase({ type: 'date', ...p }, 0.85);
  }
  return null;
}

function range(a: number, b: number): number[] {
  const out: number[] = [];
  for (let y = a; y <= b; y++) out.push(y);
  return out;
}

/** Every date-looking token of a line (for the "unplaced" list): numeric or worded day/month. */
export function findDateMentions(line: string): { start: number; end: number; text: string; parts: DateParts }[] {
  const folded = fold(line);
  const re = new RegExp(DATE_SOURCE, 'g');
  const out: { start: number; end: number; text: string; parts: DateParts }[] = [];
  for (let m = re.exec(folded); m; m = re.exec(folded)) {
    const parts = datePartsOf(m.groups);
    if (!parts) continue;
    out.push({ start: m.index, end: m.index + m[0].length, text: line.slice(m.index, m.index + m[0].length), parts });
  }
  return out;
}

/** "25/3", "10/12/2020": how a rule reads back to a user. */
export function describeRule(rule: DateRule): string {
  switch (rule.type) {
    case 'date':
      return `${rule.day}/${rule.month}${rule.year !== undefined ? `/${rule.year}` : ''}`;
    case 'last-week-of-month':
      return `tuần cuối tháng ${rule.month}${rule.year !== undefined ? `/${rule.year}` : ''}`;
    case 'before-month':
      return `trước tháng ${rule.month}${rule.year !== undefined ? `/${rule.year}` : ''}`;
    case 'in-years':
      return rule.years.join(', ');
    case 'every-year':
      return 'hàng năm';
    case 'quarterly':
      return `hằng quý, ngày ${rule.day} ${rule.month === 'last' ? 'tháng cuối quý' : 'tháng đầu quý sau'}`;
  }
}
