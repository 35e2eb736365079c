/**
 * Agency names anywhere in a document, matched to known agencies (the province's directory, then the catalogue)
 * with Vietnamese-aware rules: diacritics and case do not count ("Uỷ"/"Ủy"), neither do punctuation, "và" or glued
 * words ("SởVăn hóa"), and an abbreviation matches its name's initials ("Sở LĐ-TB&XH", "Sở LĐTBXH",
 * "Sở Lao động - Thương binh và Xã hội" are one agency). Group phrases ("UBND các huyện, thị xã, thành phố") are
 * reported as groups. A name that matches nothing is listed as unmatched, never turned into an agency.
 *
 * Pure: no I/O.
 */
import { fold } from './document-text';
import { PROVINCE_AGENCIES, type KnownAgency } from './agency-catalogue';

export interface AgencyMention {
  code: string;
  name: string;
  kind: KnownAgency['kind'];
  text: string;
  line: number;
  start: number;
  end: number;
  confidence: number;
}

export type GroupKind = 'districts' | 'departments';
export interface GroupMention {
  group: GroupKind;
  text: string;
  line: number;
  start: number;
}

export interface UnmatchedName {
  text: string;
  line: number;
}

interface Compact {
  /** Folded letters and digits of the words, "và" left out. */
  key: string;
  /** For each character of `key`, its offset in the original text. */
  offsets: number[];
  /** Offsets in `key` where a word starts / ends. */
  starts: Set<number>;
  ends: Set<number>;
}

const DROPPED_WORDS = new Set(['va']);

/** Splits "SởVăn" (a lowercase letter glued to a capital) so the words are counted right. */
function words(text: string): { word: string; start: number }[] {
  const out: { word: string; start: number }[] = [];
  const re = /[\p{L}\p{N}]+/gu;
  for (const m of text.matchAll(re)) {
    const parts = m[0].split(/(?<=\p{Ll})(?=\p{Lu})/u);
    let at = m.index;
    for (const p of parts) {
      out.push({ word: p, start: at });
      at += p.length;
    }
  }
  return out;
}

function compact(text: string): Compact {
  const c: Compact = { key: '', offsets: [], starts: new Set(), ends: new Set() };
  for (const w of words(text)) {
    const f = fold(w.word);
    if (DROPPED_WORDS.has(f)) continue;
    c.starts.add(c.key.length);
    for (let i = 0; i < f.length; i++) {
      c.key += f[i];
      c.offsets.push(w.start + i);
    }
    c.ends.add(c.key.length);
  }
  return c;
}

/** "Sở Lao động - Thương binh và Xã hội" → "soldtbxh": the first word whole, then each word's initial. */
function acronymKey(name: string): string | null {
  const ws = words(name)
    .map((w) => fold(w.word))
    .filter((w) => !DROPPED_WORDS.has(w));
  const [head, ...rest] = ws;
  if (head === undefined || rest.length < 2) return null;
  const lead = head === 'uy' && rest[0] === 'ban' ? 'ub' : head;
  const tail = head === 'uy' && rest[0] === 'ban' ? rest.slice(1) : rest;
  return lead + tail.map((w) => w[0] ?? '').join('');
}

interface Variant {
  key: string;
  agency: KnownAgency;
  confidence: number;
}

export interface AgencyMatcher {
  variants: Variant[];
}

/** Known agencies first (the province's own list wins), then the catalogue; longest names first. */
export function agencyMatcher(known: readonly KnownAgency[] = []): AgencyMatcher {
  const variants: Variant[] = [];
  const seen = new Set<string>();
  for (const agency of [...known, ...PROVINCE_AGENCIES]) {
    const names = [agency.name, ...(agency.aliases ?? [])];
    for (const n of names) {
      const full = compact(n).key;
      const acr = acronymKey(n);
      for (const [key, confidence] of [
        [full, 1],
        [acr, 0.9],
      ] as const) {
        if (key === null || key.length < 4 || seen.has(key)) continue;
        seen.add(key);
        variants.push({ key, agency, confidence });
      }
    }
  }
  variants.sort((a, b) => b.key.length - a.key.length);
  return { variants };
}

const GROUPS: { re: RegExp; group: GroupKind }[] = [
  {
    re: /(?:ubnd|uy\s*ban\s*nhan\s*dan)\s*(?:cac\s*)?(?:huyen|thanh\s*pho|thi\s*xa)(?:\s*(?:,|va)\s*(?:cac\s*)?(?:thi\s*xa|thanh\s*pho|thanh|thi|huyen))*/g,
    group: 'districts',
  },
  // "sở, ngành, địa phương": the local governments, named after the departments.
  { re: /(?<=(?<![a-z])so\s*,\s*(?:ban\s*,?\s*)?nganh\s*,\s*)dia\s*phuong/g, group: 'districts' },
  { re: /cac\s*so\s*(?:,\s*ban\s*)?(?:,\s*|\s*)nganh/g, group: 'departments' },
  // Without "các" only with its comma ("của sở, ngành, địa phương"): "một số ngành" is not a group.
  { re: /(?<!cac\s*)(?<![a-z])so\s*,\s*(?:ban\s*,?\s*)?nganh/g, group: 'departments' },
];

/** "Các Sở, ngành: Y tế; Giáo dục và Đào tạo; …": department names listed without their "Sở". */
const DEPARTMENT_LIST = /cac\s*so\s*,\s*(?:ban\s*,\s*)?nganh\s*:\s*/;

export interface AgencyScan {
  agencies: AgencyMention[];
  groups: GroupMention[];
  unmatched: UnmatchedName[];
}

/**
 * "Sở …" / "Bộ …" (not "Bộ luật", a code of law) up to the next punctuation, and on across a comma when the next
 * word is capitalised and opens no other agency: "Sở Văn hóa, Thể thao và Du lịch" is one name, "Sở Tài chính, Sở
 * Tư pháp" two.
 */
const NEXT_AGENCY = String.raw`(?:Sở|Bộ|UBND|Ủy|Uỷ|Ban|Hội|Công|Cục|Đài|Báo|Liên|Tỉnh|Văn\s*phòng|Ngân|Thanh|Trường|Bảo|Phòng|Đồn|Chi\s*cục|Trung\s*tâm|Viện)(?!\p{L})`;
const UNMATCHED_NAME = new RegExp(
  String.raw`(?<![\p{L}])(?:Sở|Bộ)\s*(?![Ll]uật(?!\p{L}))\p{Lu}[^,;.:()\n]{1,60}(?:,\s*(?!${NEXT_AGENCY})\p{Lu}[^,;.:()\n]{0,40})*`,
  'gu',
);

/** Words that end a name: what the sentence says about the agency ("… quy định", "… về", "… phê duyệt"). */
const AFTER_NAME =
  /^(?:quy|theo|về|tại|trong|nhằm|phê|ban|hướng|chủ|phối|có|được|là|để|đã|thực|triển|tổ|báo|gửi|ngày|số|và\s+các|cùng|với|đối|cho)$/u;

function nameWords(match: string): string {
  const out: string[] = [];
  for (const w of match.trim().split(/\s+/)) {
    if (out.length >= 2 && AFTER_NAME.test(w)) break;
    out.push(w);
    if (out.length >= 12) break;
  }
  return out.join(' ').replace(/[\s,-]+$/, '');
}

export function scanAgencies(
  lines: readonly { line: number; text: string }[],
  matcher: AgencyMatcher = agencyMatcher(),
): AgencyScan {
  const scan: AgencyScan = { agencies: [], groups: [], unmatched: [] };
  for (const { line, text } of lines) {
    const taken: [number, number][] = [];
    matchInto(text, line, matcher, scan.agencies, taken, '');
    const folded = fold(text);
    const list = DEPARTMENT_LIST.exec(folded);
    if (list) {
      const from = list.index + list[0].length;
      let at = from;
      for (const part of text.slice(from).split(/[;,]/)) {
        const trimmed = part.replace(/^\s+/, '');
        const offset = at + (part.length - trimmed.length);
        matchInto(trimmed, line, matcher, scan.agencies, taken, 'Sở ', offset);
        at += part.length + 1;
      }
    }
    for (const g of GROUPS) {
      for (const m of folded.matchAll(g.re)) {
        scan.groups.push({ group: g.group, text: text.slice(m.index, m.index + m[0].length), line, start: m.index });
      }
    }
    // "Sở …" / "Bộ …" up to the next punctuation: a name the matcher did not know, listed for a person to map.
    for (const m of text.matchAll(UNMATCHED_NAME)) {
      const start = m.index;
      const end = start + m[0].length;
      if (taken.some(([s, e]) => start < e && end > s)) continue;
      // "Bộ Tài chính và Bộ Lao động, Thương binh và Xã hội": two names.
      for (const part of m[0].split(/\s+và\s+(?=(?:Sở|Bộ)\s)/u)) {
        const name = nameWords(part);
        if (name.split(/\s+/).length >= 2) scan.unmatched.push({ text: name, line });
      }
    }
  }
  return scan;
}

function matchInto(
  text: string,
  line: number,
  matcher: AgencyMatcher,
  out: AgencyMention[],
  taken: [number, number][],
  prefix: string,
  offset = 0,
): void {
  const c = compact(prefix + text);
  const shift = offset - prefix.length;
  const used: [number, number][] = [];
  for (const v of matcher.variants) {
    for (let at = c.key.indexOf(v.key); at >= 0; at = c.key.indexOf(v.key, at + 1)) {
      const end = at + v.key.length;
      if (!c.starts.has(at) || !c.ends.has(end)) continue;
      if (used.some(([s, e]) => at < e && end > s)) continue;
      // An abbreviation must be written in capitals in the source ("Sở TP" yes, "số tp" no).
      // The added "Sở " maps onto the start of the listed name.
      const startInText = Math.max(offset, (c.offsets[at] ?? 0) + shift);
      const endInText = (c.offsets[end - 1] ?? 0) + shift + 1;
      const original = prefix + text.slice(startInText - offset, endInText - offset);
      // A name is written with a capital ("Sở Tư pháp", not "số; xây dựng" or "đài phát thanh" in passing) and does
      // not run across a clause; an abbreviation is written in capitals ("Sở TP" yes, "số tp" no).
      if (!/^\p{Lu}/u.test(original) || /[;:.()]/.test(original)) continue;
      if (v.confidence < 0.95 && !/^\p{Lu}.*\p{Lu}.*\p{Lu}/u.test(original)) continue;
      if (taken.some(([s, e]) => startInText < e && endInText > s)) continue;
      used.push([at, end]);
      taken.push([startInText, endInText]);
      out.push({
        code: v.agency.code,
        name: v.agency.name,
        kind: v.agency.kind,
        text: original,
        line,
        start: startInText,
        end: endInText,
        confidence: prefix === '' ? v.confidence : v.confidence * 0.9,
      });
    }
  }
}
