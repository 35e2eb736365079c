/**
 * The importer's entry point: a document's text in, a draft plan and every extracted item (with its line and a
 * confidence) out, plus the dates it could not place. Dates that are facts about other things are set aside, not
 * reported as unplaced: the document's own number and date, cited documents ("Quyết định số … ngày …", "Căn cứ …",
 * Tờ trình), effective-date clauses, the plan's horizon, and commemorations inside a campaign window ("25/11").
 *
 * Pure and deterministic: no I/O, no clock, no network.
 */
import { fold, proseLines, tablesOf, type DocumentText } from './document-text';
import { describeRule, findDateMentions, findDeadlinePhrases } from './date-phrases';
import { findCampaignWindows, type WindowPhrase } from './campaign-windows';
import { extractHeader, type DocumentHeader, type HeaderField } from './document-header';
import { coordinatorOf, extractRegime, undatedReports } from './reporting-regime';
import { agencyMatcher, scanAgencies, type AgencyMatcher, type GroupMention, type UnmatchedName } from './agency-names';
import { activityTables, indicatorTables } from './appendix-tables';
import { assembleDraft, type DraftResult, type Missing } from './draft-plan';
import { audienceBefore, resolveGroups } from './agency-groups';
import type { KnownAgency } from './agency-catalogue';

const ITEM_KINDS = ['deadline', 'campaign', 'activity', 'indicator', 'agency', 'document'] as const;
type ItemKind = (typeof ITEM_KINDS)[number];

export interface ImportItem {
  kind: ItemKind;
  text: string;
  line: number;
  confidence: number;
  /** What the item means in plan terms: a rule, a window, an agency code, a header field… */
  value: string;
  /** For deadlines: semi-annual-report, plan…; for agencies: matched, group; for document: number, title… */
  detail?: string;
}

type SetAsideReason = 'citation' | 'issue-date' | 'effective-date' | 'horizon' | 'commemoration' | 'blank';

interface DateNote {
  text: string;
  line: number;
  reason?: SetAsideReason;
}

export interface ImportResult {
  draft: DraftResult['draft'];
  valid: boolean;
  problems: DraftResult['problems'];
  missing: Missing[];
  items: ImportItem[];
  unplaced: DateNote[];
  setAside: DateNote[];
  groups: GroupMention[];
  unmatched: UnmatchedName[];
}

export interface ImportOptions {
  /** The province's agencies (the directory, or a plan's list): matched before the built-in catalogue. */
  known?: KnownAgency[];
  /** Recorded in the draft's `document.source`. */
  source?: string;
}

const CITED =
  /(?:so\s*[\d.]*\s*\/\s*[a-z]|quyet\s*dinh|ke\s*hoach\s*so|to\s*trinh|luat\b|nghi\s*dinh|thong\s*tu|cong\s*van|huong\s*dan|chuong\s*trinh\s*cong\s*tac|nghi\s*quyet|chi\s*thi|thong\s*bao|ket\s*luan)/;

/** A line that is only an elision mark ("…", "[...]", "(…)"): the text was cut there. */
const TRUNCATION = /^[[(]?\s*(?:…|\.{3,})\s*[\])]?$/;

export function importPlan(whole: DocumentText, options: ImportOptions = {}): ImportResult {
  // Nothing after a truncation is taken: what follows may belong to another document or be out of context.
  const cut = whole.lines.findIndex((l) => !l.cell && TRUNCATION.test(l.text.trim()));
  const doc: DocumentText = cut < 0 ? whole : { lines: whole.lines.slice(0, cut) };
  const prose = proseLines(doc);
  const header = extractHeader(doc.lines);
  // The province's own newspaper is named after the province ("Báo Nghệ An"): known once the header is read.
  const province = header.province?.value;
  const local: KnownAgency[] =
    province !== undefined ? [{ code: 'BAO-TINH', name: `Báo ${province}`, kind: 'other' }] : [];
  const matcher: AgencyMatcher = agencyMatcher([...(options.known ?? []), ...local]);
  const scan = scanAgencies(doc.lines, matcher);
  const committee = scan.agencies.find((a) => a.kind === 'committee')?.code;
  const deadlines = extractRegime(prose, scan.agencies, committee !== undefined ? { committee } : {});
  const coordinator = coordinatorOf(prose, scan.agencies, deadlines, committee);
  for (const d of deadlines) {
    if (d.kind !== 'consolidated-report' && d.kind !== 'report') continue;
    if (coordinator && d.sender === coordinator.code && d.recipient === committee) d.kind = 'consolidated-report';
    else if (d.kind === 'consolidated-report') d.kind = 'report';
  }

  // The groups the text names, resolved against the province's own agencies; each deadline's audience is the
  // groups its sentence names.
  const groups = resolveGroups(scan.groups, options.known ?? [], [coordinator?.code, committee]);
  for (const d of deadlines) {
    if (d.kind === 'consolidated-report') continue;
    const audience = audienceBefore(scan.groups, d.line, d.start, groups.members);
    if (audience !== undefined) d.audience = audience;
  }

  const campaigns: (WindowPhrase & { line: number })[] = [];
  const bareWindows: (WindowPhrase & { line: number })[] = [];
  for (const l of prose) {
    for (const w of findCampaignWindows(l.text)) (w.named ? campaigns : bareWindows).push({ ...w, line: l.line });
  }

  const tables = tablesOf(doc);
  const codeOf = (text: string | undefined, line: number) => {
    if (text === undefined) return [];
    return scanAgencies([{ line, text }], matcher).agencies.map((a) => a.code);
  };
  const activities = activityTables(tables).map((a) => {
    const leadCode = codeOf(a.lead, a.cells.lead ?? a.line)[0];
    return { ...a, ...(leadCode !== undefined ? { leadCode } : {}), cooperatingCodes: codeOf(a.cooperating, a.line) };
  });
  const indicators = indicatorTables(tables).map((i) => {
    const responsibleCode = codeOf(i.responsible, i.responsibleLine ?? i.line)[0];
    return { ...i, ...(responsibleCode !== undefined ? { responsibleCode } : {}) };
  });

  const result = assembleDraft({
    header,
    ...(options.source !== undefined ? { source: options.source } : {}),
    agencies: scan.agencies,
    contacts: new Map((options.known ?? []).flatMap((k) => (k.contacts ? [[k.code, k.contacts] as const] : []))),
    ...(coordinator ? { coordinator: coordinator.code } : {}),
    ...(committee !== undefined ? { committee } : {}),
    deadlines,
    groups: groups.members,
    campaigns,
    activities,
    indicators,
  });

  for (const u of undatedReports(prose)) {
    result.missing.push({
      path: 'obligations',
      message: `báo cáo không có hạn trong văn bản: "${u.text}" / a report without a date`,
      line: u.line,
    });
  }

  const cutLine = cut < 0 ? undefined : whole.lines[cut];
  if (cutLine) {
    result.missing.push({
      path: '(document)',
      message: `văn bản bị cắt ở dòng ${cutLine.line}: phần sau không được đọc / the text is cut here; nothing after it is read`,
      line: cutLine.line,
    });
  }
  for (const g of groups.unresolved) {
    result.missing.push({
      path: `groups.${g.group}`,
      message: `"${g.text}": cần danh sách đơn vị từ danh bạ; bản nháp dùng "all" / members needed from the directory`,
      line: g.line,
    });
  }

  const items: ImportItem[] = [];
  for (const field of Object.keys(header) as (keyof DocumentHeader)[]) {
    const f: HeaderField<string | { from: number; to: number }> | undefined = header[field];
    if (!f) continue;
    const value = typeof f.value === 'object' ? `${f.value.from}–${f.value.to}` : f.value;
    items.push({ kind: 'document', text: f.text, line: f.line, confidence: f.confidence, value, detail: field });
  }
  for (const d of deadlines)
    items.push({
      kind: 'deadline',
      text: d.text,
      line: d.line,
      confidence: d.confidence,
      value: describeRule(d.rule),
      detail: d.kind,
    });
  for (const c of campaigns)
    items.push({
      kind: 'campaign',
      text: c.text,
      line: c.line,
      confidence: c.confidence,
      value: `${c.from.day}/${c.from.month}–${c.to.day}/${c.to.month}`,
      ...(c.name !== undefined ? { detail: c.name } : {}),
    });
  for (const a of activities) {
    items.push({
      kind: 'activity',
      text: a.title,
      line: a.line,
      confidence: a.leadCode !== undefined ? 0.9 : 0.6,
      value: a.id,
      ...(a.deadline ? { detail: describeRule(a.deadline.rule) } : {}),
    });
  }
  for (const i of indicators)
    items.push({
      kind: 'indicator',
      text: i.name,
      line: i.line,
      confidence: i.unit !== undefined ? 0.9 : 0.7,
      value: i.code,
      ...(i.unit !== undefined ? { detail: i.unit } : {}),
    });
  const agencySeen = new Set<string>();
  for (const a of scan.agencies) {
    if (agencySeen.has(a.code)) continue;
    agencySeen.add(a.code);
    items.push({
      kind: 'agency',
      text: a.text,
      line: a.line,
      confidence: a.confidence,
      value: a.code,
      detail: 'matched',
    });
  }
  items.sort((a, b) => a.line - b.line || ITEM_KINDS.indexOf(a.kind) - ITEM_KINDS.indexOf(b.kind));

  const { unplaced, setAside } = classifyDates(doc, header, campaigns, bareWindows);
  return { ...result, items, unplaced, setAside, groups: scan.groups, unmatched: scan.unmatched };
}

/** Every date mention the rules did not use, either set aside with its reason or reported as unplaced. */
function classifyDates(
  doc: DocumentText,
  header: ReturnType<typeof extractHeader>,
  campaigns: readonly (WindowPhrase & { line: number })[],
  bareWindows: readonly (WindowPhrase & { line: number })[],
): { unplaced: DateNote[]; setAside: DateNote[] } {
  const unplaced: DateNote[] = [];
  const setAside: DateNote[] = [];
  const inWindow = (day: number, month: number) =>
    campaigns.some((c) => {
      const v = month * 100 + day;
      return v >= c.from.month * 100 + c.from.day && v <= c.to.month * 100 + c.to.day;
    });
  const headerLines = new Set([header.number?.line, header.issuedOn?.line].filter((x) => x !== undefined));
  for (const l of doc.lines) {
    if (l.cell) continue;
    const used: [number, number][] = [
      ...findDeadlinePhrases(l.text).map((p) => [p.start, p.end] as [number, number]),
      ...[...campaigns, ...bareWindows]
        .filter((w) => w.line === l.line)
        .map((w) => [w.start, w.end] as [number, number]),
    ];
    const f = fold(l.text);
    for (const m of findDateMentions(l.text)) {
      if (used.some(([s, e]) => m.start < e && m.end > s)) continue;
      const before = f.slice(Math.max(0, m.start - 140), m.start);
      const clause = before.slice(Math.max(before.lastIndexOf(';'), before.lastIndexOf(':')) + 1);
      let reason: SetAsideReason | undefined;
      if (headerLines.has(l.line) && /kem\s*theo/.test(f)) reason = 'issue-date';
      // "Quyết định này có hiệu lực kể từ ngày …" names a decision but cites none: an effective date.
      else if (/hieu\s*luc\s*(?:thi\s*hanh\s*)?(?:ke\s*)?tu\s*ngay\s*$/.test(before.trimEnd()))
        reason = 'effective-date';
      else if (/^\s*(?:can\s*cu|xet|thuc\s*hien)\b/.test(f) && /ngay\s*,?\s*$/.test(before)) reason = 'citation';
      else if (/ngay\s*$/.test(clause.trimEnd()) && CITED.test(clause)) reason = 'citation';
      else if (m.parts.year === undefined && inWindow(m.parts.day, m.parts.month)) reason = 'commemoration';
      const note: DateNote = { text: m.text, line: l.line };
      if (reason) setAside.push({ ...note, reason });
      else unplaced.push(note);
    }
  }
  for (const w of bareWindows) unplaced.push({ text: w.text, line: w.line });
  return { unplaced, setAside };
}
