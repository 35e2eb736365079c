/**
 * The reporting regime: who reports what to whom by when, read from the sentences that carry a deadline phrase
 * (usually under "Tổ chức thực hiện" or "Chế độ báo cáo"). Each phrase becomes one obligation; its kind comes from
 * the words next to it ("06 tháng", "01 năm", "xây dựng Kế hoạch", "đối với báo cáo sơ kết 6 tháng"), its sender
 * from the agency the sentence opens with, its recipient from "qua / thông qua / về / gửi <agency>". A sentence
 * whose sender is the coordinating agency and whose recipient is the People's Committee is the coordinator's own
 * consolidation deadline.
 *
 * Pure: no I/O.
 */
import { fold, type TextLine } from './document-text';
import { findDeadlinePhrases, type DatePhrase, type DateRule } from './date-phrases';
import type { AgencyMention } from './agency-names';

export type ReportKind = 'plan' | 'semi-annual-report' | 'annual-report' | 'consolidated-report' | 'report';

export interface RegimeDeadline {
  kind: ReportKind;
  rule: DateRule;
  /** The phrase and the words that give it its meaning, as written. */
  text: string;
  stated: string;
  line: number;
  /** Offsets of the date phrase in the line. */
  start: number;
  end: number;
  /** The agency the sentence opens with, when it opens with one. */
  sender?: string;
  recipient?: string;
  /** A review the text dates by its year only ("sơ kết giữa kỳ vào năm 2018"): its report is named after it. */
  review?: 'so-ket' | 'tong-ket';
  /** The group the sentence names as the ones who report (set by the caller, which knows the groups). */
  audience?: string;
  confidence: number;
}

const KIND_CUES: { kind: ReportKind; re: RegExp }[] = [
  { kind: 'semi-annual-report', re: /(?:0?6|sau)\s*thang|so\s*ket/ },
  { kind: 'annual-report', re: /(?:01|mot|ca)\s*nam\b|bao\s*cao\s*(?:tong\s*ket\s*)?nam\b|tong\s*ket\s*nam/ },
  { kind: 'plan', re: /xay\s*dung\s*(?:\S+\s*){0,3}?ke\s*hoach|ke\s*hoach\s*(?:trien\s*khai|thuc\s*hien|hoat\s*dong)/ },
  { kind: 'report', re: /bao\s*cao/ },
];

/** "qua Sở …", "thông qua Sở …", "gửi về Sở …", "gởi về …": the agency right after names the recipient. */
const RECIPIENT_CUE = /(?:thong\s*qua|qua|gui\s*ve|goi\s*ve|gui|goi|ve|cho)\s*$/;

function kindOf(segment: string): ReportKind | undefined {
  const f = fold(segment);
  return KIND_CUES.find((c) => c.re.test(f))?.kind;
}

export function extractRegime(
  lines: readonly TextLine[],
  agencies: readonly AgencyMention[],
  opts: { committee?: string } = {},
): RegimeDeadline[] {
  const out: RegimeDeadline[] = [];
  const byLine = new Map<number, AgencyMention[]>();
  for (const a of agencies) byLine.set(a.line, [...(byLine.get(a.line) ?? []), a]);
  for (const l of lines) {
    if (l.cell) continue;
    const phrases = findDeadlinePhrases(l.text);
    if (phrases.length === 0) continue;
    const mentions = (byLine.get(l.line) ?? []).sort((a, b) => a.start - b.start);
    phrases.forEach((p, i) => {
      const d = deadlineOf(l, p, phrases[i - 1], phrases[i + 1], mentions, opts.committee);
      if (d) out.push(d);
    });
  }
  for (const l of lines) if (!l.cell) out.push(...reviewsOf(l, findDeadlinePhrases(l.text)));
  return out.sort((a, b) => a.line - b.line || a.start - b.start);
}

/**
 * "Tổ chức hội nghị sơ kết giữa kỳ vào năm 2018 và tổng kết … vào năm 2020": a review the text dates by its year
 * only. Its report falls due in that year; the day is not stated, and the draft says so.
 */
const REVIEW = /(so\s*ket|tong\s*ket)(?:\s*giua\s*ky)?[^.;]{0,80}?(vao\s*(?:cuoi\s*)?nam\s*(\d{4}))(?!\s*-\s*\d)/g;

function reviewsOf(l: TextLine, phrases: readonly DatePhrase[]): RegimeDeadline[] {
  const out: RegimeDeadline[] = [];
  const f = fold(l.text);
  for (const m of f.matchAll(REVIEW)) {
    const year = Number(m[3]);
    const start = m.index + m[0].length - (m[2] ?? '').length;
    const end = m.index + m[0].length;
    if (!(year >= 1900 && year <= 2100) || phrases.some((p) => start < p.end && end > p.start)) continue;
    out.push({
      kind: 'report',
      rule: { type: 'in-years', years: [year] },
      text: l.text.slice(start, end),
      stated: l.text.slice(m.index, end),
      line: l.line,
      start,
      end,
      review: /^so/.test(m[1] ?? '') ? 'so-ket' : 'tong-ket',
      confidence: 0.7,
    });
  }
  return out;
}

function deadlineOf(
  l: TextLine,
  p: DatePhrase,
  prev: DatePhrase | undefined,
  next: DatePhrase | undefined,
  mentions: readonly AgencyMention[],
  committee: string | undefined,
): RegimeDeadline | null {
  const text = l.text;
  // The words before the phrase back to the previous phrase or the start of the sentence.
  const sentenceStart = Math.max(text.lastIndexOf('. ', p.start - 1) + 1, 0);
  const from = Math.max(prev?.end ?? 0, sentenceStart);
  const before = text.slice(from, p.start);
  const afterEnd = next?.start ?? text.length;
  const after = text.slice(p.end, afterEnd).split(/[.;]/)[0] ?? '';
  const afterKind = /^\s*\)?\s*,?\s*(?:doi\s*voi|cho)\b/.test(fold(after)) ? kindOf(after) : undefined;
  let kind = afterKind ?? kindOf(before) ?? kindOf(after);
  if (!kind) return null;

  // A later clause ("…; Công an tỉnh báo cáo UBND tỉnh chậm nhất …") has its own sender and recipient.
  const clauseStart = text.lastIndexOf('; ', p.start - 1) + 1;
  const inClause = clauseStart > 0 ? mentions.filter((m) => m.start >= clauseStart && m.end <= p.start) : [];
  const clause = text.slice(clauseStart, p.end);
  const ownSender = clauseStart > 0 ? senderOf(clause, shifted(inClause, clauseStart)) : undefined;
  const sender = ownSender ?? senderOf(text, mentions);
  const recipient =
    (ownSender !== undefined ? recipientOf(clause, shifted(inClause, clauseStart), committee) : undefined) ??
    recipientOf(text, mentions, committee);
  if (sender !== undefined && committee !== undefined && recipient === committee && sender !== committee) {
    kind = 'consolidated-report';
  }
  // A phrase whose kind follows it ("trước ngày 30 tháng 5 đối với báo cáo sơ kết 6 tháng") is stated with what follows.
  const stated = (
    afterKind !== undefined
      ? `${p.text}${after.replace(/\s*(?:,|\bvà)?\s*$/u, '')}`
      : `${before.replace(/^[\s,;)]+/, '')}${p.text}${after.startsWith(')') ? ')' : ''}`
  ).trim();
  const d: RegimeDeadline = {
    kind,
    rule: p.rule,
    text: p.text,
    stated,
    line: l.line,
    start: p.start,
    end: p.end,
    confidence: Math.min(p.confidence, kind === 'report' ? 0.8 : 0.9),
  };
  if (sender !== undefined) d.sender = sender;
  if (recipient !== undefined) d.recipient = recipient;
  return d;
}

const shifted = (mentions: readonly AgencyMention[], by: number) =>
  mentions.map((m) => ({ ...m, start: m.start - by, end: m.end - by }));

/** "2. Sở Lao động – Thương binh và Xã hội chịu trách nhiệm …": the agency the sentence opens with. */
function senderOf(text: string, mentions: readonly AgencyMention[]): string | undefined {
  const first = mentions[0];
  if (!first) return undefined;
  const head = fold(text.slice(0, first.start)).replace(/^[\s\-–•+*]*(?:[0-9]+|[a-z])[.)]\s*/, '');
  return /^(?:de\s*nghi\s*)?$/.test(head.trim()) ? first.code : undefined;
}

function recipientOf(
  text: string,
  mentions: readonly AgencyMention[],
  committee: string | undefined,
): string | undefined {
  for (const m of mentions) {
    if (m.code === committee) continue;
    if (RECIPIENT_CUE.test(fold(text.slice(Math.max(0, m.start - 14), m.start)).trimEnd())) return m.code;
  }
  const f = fold(text);
  if (committee !== undefined && /bao\s*cao\s*(?:cho\s*)?(?:ubnd|uy\s*ban\s*nhan\s*dan)\s*tinh/.test(f))
    return committee;
  return undefined;
}

/**
 * The coordinating agency: the one the text calls "cơ quan thường trực / đầu mối", else the recipient most
 * deadlines name.
 */
export function coordinatorOf(
  lines: readonly TextLine[],
  agencies: readonly AgencyMention[],
  deadlines: readonly RegimeDeadline[],
  committee: string | undefined,
): { code: string; line: number; confidence: number } | undefined {
  for (const a of agencies) {
    const l = lines.find((x) => x.line === a.line);
    if (!l || a.code === committee) continue;
    const near = fold(l.text.slice(a.end, a.end + 60));
    if (/^\s*\(?\s*(?:la\s*)?co\s*quan\s*(?:thuong\s*truc|dau\s*moi)/.test(near))
      return { code: a.code, line: a.line, confidence: 0.9 };
  }
  const counts = new Map<string, { n: number; line: number }>();
  for (const d of deadlines) {
    if (d.recipient === undefined || d.recipient === committee) continue;
    const c = counts.get(d.recipient) ?? { n: 0, line: d.line };
    c.n++;
    counts.set(d.recipient, c);
  }
  const best = [...counts.entries()].sort((a, b) => b[1].n - a[1].n)[0];
  return best ? { code: best[0], line: best[1].line, confidence: 0.8 } : undefined;
}

/**
 * Sentences that oblige a report but give it no date ("Thực hiện chế độ báo cáo năm, sơ kết, tổng kết gửi Sở …"):
 * listed for the coordinator to date, never given a default date.
 */
/** "báo cáo hằng quý", "định kỳ hằng quý báo cáo …": a quarterly report without its day. */
const QUARTERLY_UNDATED =
  /bao\s*cao\s*(?:dinh\s*ky\s*)?(?:hang|moi|tung)\s*quy|(?:dinh\s*ky\s*)?(?:hang|moi)\s*quy[^.;]{0,60}?bao\s*cao/;

export function undatedReports(lines: readonly TextLine[]): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  for (const l of lines) {
    if (l.cell || findDeadlinePhrases(l.text).length > 0) continue;
    const f = fold(l.text);
    const m =
      /(?:che\s*do\s*bao\s*cao|dinh\s*ky\s*(?:\S+\s*){0,3}?bao\s*cao)[^.;]*?(?:gui|goi|ve|cho)\s*(?:ve\s*)?(?:so|ubnd|uy\s*ban)/.exec(
        f,
      ) ?? QUARTERLY_UNDATED.exec(f);
    if (m) out.push({ text: l.text.slice(m.index, m.index + m[0].length), line: l.line });
  }
  return out;
}
