/**
 * What a plan's inline agencies (those it carries with name, kind and contacts, not by a directory code) would change
 * in the province's directory: the agencies that are new to it, and those that differ, field by field (name, kind,
 * parent, groups) and contact by contact (added, changed field by field, removed). Nothing is written here: the
 * difference is shown after `plan apply` or before an apply in the web app, and written only once an admin (or the
 * operator, with `--update-directory`) confirms it. Pure: the directory is passed in.
 *
 * What a plan leaves out, the directory keeps:
 * - an agency's `parent` and `groups` (a plan file has neither: its groups are the plan's own audiences);
 * - an agency's contacts when the plan lists none for it (the plan then reads them from the directory at send time);
 * - a contact's fields the plan does not give (a plan file has no `position`), for the same person: a plan's contact
 *   is the directory's with the same email or phone (the same person, whatever the role), else the next one of the
 *   same role (a new person in that post, whose fields left out are empty).
 * Emails are compared without regard to case, phones by their +84 form, so `0912345678` equals `+84912345678`.
 */
import { normalizeVietnamesePhone } from './phone-number';
import { AGENCY_KIND_LABELS, CONTACT_ROLE_LABELS, labelOf } from './vietnamese-labels';
import type { Plan } from './plan-schema';

export interface DirectoryContactRecord {
  role: string;
  name: string | null;
  position: string | null;
  email: string | null;
  phone: string | null;
}

/** An agency of the directory as it is stored (src/services/directory-store.ts `listDirectory` gives these). */
export interface DirectoryAgencyRecord {
  code: string;
  name: string;
  kind: string;
  parent: string | null;
  groups: string[];
  /** `active`, `retired` or `merged`; a write keeps it (default: active). */
  state?: string;
  contacts: DirectoryContactRecord[];
}

/** A contact as a plan carries it: a field left undefined is one the plan does not give. */
export interface InlineContact {
  role: string;
  name?: string | null;
  position?: string | null;
  email?: string | null;
  phone?: string | null;
}

/** An agency as a plan carries it: `parent` and `groups` undefined are not given (the directory keeps its own). */
export interface InlineAgency {
  code: string;
  name: string;
  kind: string;
  parent?: string | null;
  groups?: string[];
  contacts: InlineContact[];
}

export const AGENCY_FIELDS = ['name', 'kind', 'parent', 'groups'] as const;
export const CONTACT_FIELDS = ['role', 'name', 'position', 'email', 'phone'] as const;
export type AgencyField = (typeof AGENCY_FIELDS)[number];
export type ContactField = (typeof CONTACT_FIELDS)[number];

export interface FieldChange<F extends string> {
  field: F;
  before: string | null;
  after: string | null;
}

export interface ContactChange {
  before: DirectoryContactRecord;
  after: DirectoryContactRecord;
  fields: FieldChange<ContactField>[];
}

export interface AgencyDifference {
  code: string;
  name: string;
  /** For a changed agency, its fields that differ; for a new one, none. */
  fields: FieldChange<AgencyField>[];
  contactsAdded: DirectoryContactRecord[];
  contactsChanged: ContactChange[];
  contactsRemoved: DirectoryContactRecord[];
  /** The directory's state when it is not active (a write keeps it): `retired` or `merged`. */
  directoryState: string | null;
  /** The agency as the directory holds it once the difference is written. */
  after: DirectoryAgencyRecord;
}

export interface PlanDirectoryDiff {
  /** Agencies not in the directory, in the plan's order. */
  added: AgencyDifference[];
  /** Agencies the directory has, with a field or a contact that differs. */
  changed: AgencyDifference[];
  /** Codes of the agencies the directory already has as the plan says. */
  unchanged: string[];
}

/** The plan's agencies it carries itself: all but those filled in from the directory (`fromDirectory`). */
export function inlineAgenciesOf(plan: Plan, fromDirectory: readonly string[] = []): InlineAgency[] {
  const skip = new Set(fromDirectory);
  return plan.agencies
    .filter((a) => !skip.has(a.code))
    .map((a) => ({
      code: a.code,
      name: a.name,
      kind: a.kind,
      contacts: a.contacts.map((c) => ({ role: c.role, name: c.name, email: c.email, phone: c.phone })),
    }));
}

const text = (s: string | null | undefined): string | null => {
  const t = s?.trim() ?? '';
  return t === '' ? null : t;
};
const emailKey = (s: string | null) => s?.toLowerCase() ?? null;
function phoneKey(s: string | null): string | null {
  if (s === null) return null;
  const n = normalizeVietnamesePhone(s);
  return n.ok ? n.e164 : s.replace(/\s+/g, '');
}
const groupsText = (g: readonly string[]) => (g.length === 0 ? null : g.join('; '));

/** The same value for the directory: equal after normalising. */
function sameValue(field: ContactField | AgencyField, a: string | null, b: string | null): boolean {
  if (field === 'email') return emailKey(a) === emailKey(b);
  if (field === 'phone') return phoneKey(a) === phoneKey(b);
  return a === b;
}

/** Whether the two are the same person: the same email or the same phone. */
function samePerson(p: InlineContact, d: DirectoryContactRecord): boolean {
  const email = emailKey(text(p.email));
  const phone = phoneKey(text(p.phone));
  return (email !== null && email === emailKey(d.email)) || (phone !== null && phone === phoneKey(d.phone));
}

/** The directory's contact `d` as the plan's `p` says it: given fields win; left out, kept only for the same person. */
function mergedContact(p: InlineContact, d: DirectoryContactRecord | null, keep: boolean): DirectoryContactRecord {
  const pick = (field: Exclude<ContactField, 'role'>): string | null => {
    const given = p[field];
    if (given === undefined) return keep && d ? d[field] : null;
    const value = text(given);
    // Equal after normalising: the directory's own spelling stays (no change to show or to write).
    return d && sameValue(field, value, d[field]) ? d[field] : value;
  };
  return { role: p.role, name: pick('name'), position: pick('position'), email: pick('email'), phone: pick('phone') };
}

function contactFieldChanges(before: DirectoryContactRecord, after: DirectoryContactRecord) {
  return CONTACT_FIELDS.flatMap((field): FieldChange<ContactField>[] =>
    before[field] === after[field] ? [] : [{ field, before: before[field], after: after[field] }],
  );
}

/** Pairs the plan's contacts with the directory's: first the same person, then the same role in order. */
function pairContacts(plan: readonly InlineContact[], stored: readonly DirectoryContactRecord[]) {
  const partner = new Map<number, { index: number; samePerson: boolean }>();
  const taken = new Set<number>();
  const take = (pi: number, di: number, same: boolean) => {
    partner.set(pi, { index: di, samePerson: same });
    taken.add(di);
  };
  plan.forEach((p, pi) => {
    const candidates = stored.map((d, di) => ({ d, di })).filter(({ d, di }) => !taken.has(di) && samePerson(p, d));
    const best = candidates.find(({ d }) => d.role === p.role) ?? candidates[0];
    if (best) take(pi, best.di, true);
  });
  plan.forEach((p, pi) => {
    if (partner.has(pi)) return;
    const di = stored.findIndex((d, i) => !taken.has(i) && d.role === p.role);
    if (di >= 0) take(pi, di, false);
  });
  return partner;
}

function diffContacts(plan: readonly InlineContact[], stored: readonly DirectoryContactRecord[]) {
  const partner = pairContacts(plan, stored);
  const byStored = new Map([...partner].map(([pi, m]) => [m.index, { pi, samePerson: m.samePerson }]));
  const contacts: DirectoryContactRecord[] = [];
  const changed: ContactChange[] = [];
  const removed: DirectoryContactRecord[] = [];
  stored.forEach((d, di) => {
    const m = byStored.get(di);
    if (!m) {
      removed.push(d);
      return;
    }
    const after = mergedContact(plan[m.pi]!, d, m.samePerson);
    const fields = contactFieldChanges(d, after);
    if (fields.length > 0) changed.push({ before: d, after, fields });
    contacts.push(after);
  });
  const added = plan.filter((_p, pi) => !partner.has(pi)).map((p) => mergedContact(p, null, false));
  return { contacts: [...contacts, ...added], added, changed, removed };
}

function diffAgency(a: InlineAgency, d: DirectoryAgencyRecord): AgencyDifference {
  const after: DirectoryAgencyRecord = {
    code: a.code,
    name: a.name.trim(),
    kind: a.kind,
    parent: a.parent === undefined ? d.parent : text(a.parent),
    groups: a.groups === undefined ? d.groups : a.groups.map((g) => g.trim()).filter((g) => g !== ''),
    state: d.state ?? 'active',
    contacts: d.contacts,
  };
  const values = (r: DirectoryAgencyRecord): Record<AgencyField, string | null> => ({
    name: r.name,
    kind: r.kind,
    parent: r.parent,
    groups: groupsText(r.groups),
  });
  const before = values(d);
  const now = values(after);
  const fields = AGENCY_FIELDS.flatMap((field): FieldChange<AgencyField>[] =>
    before[field] === now[field] ? [] : [{ field, before: before[field], after: now[field] }],
  );
  const c =
    a.contacts.length === 0
      ? { contacts: d.contacts, added: [], changed: [], removed: [] }
      : diffContacts(a.contacts, d.contacts);
  return {
    code: a.code,
    name: after.name,
    fields,
    contactsAdded: c.added,
    contactsChanged: c.changed,
    contactsRemoved: c.removed,
    directoryState: d.state !== undefined && d.state !== 'active' ? d.state : null,
    after: { ...after, contacts: c.contacts },
  };
}

/**
 * The difference between the plan's inline agencies and the directory.
 *
 * @example
 * diffPlanAgencies([{ code: 'SYT', name: 'Sở Y tế', kind: 'department', contacts: [] }], [])
 * // { added: [{ code: 'SYT', … }], changed: [], unchanged: [] }
 */
export function diffPlanAgencies(
  agencies: readonly InlineAgency[],
  directory: readonly DirectoryAgencyRecord[],
): PlanDirectoryDiff {
  const byCode = new Map(directory.map((d) => [d.code, d]));
  const out: PlanDirectoryDiff = { added: [], changed: [], unchanged: [] };
  for (const a of agencies) {
    const d = byCode.get(a.code);
    if (!d) {
      const after = diffAgency(a, { code: a.code, name: a.name, kind: a.kind, parent: null, groups: [], contacts: [] });
      out.added.push({ ...after, fields: [], directoryState: null });
      continue;
    }
    const diff = diffAgency(a, d);
    const same =
      diff.fields.length + diff.contactsAdded.length + diff.contactsChanged.length + diff.contactsRemoved.length === 0;
    if (same) out.unchanged.push(a.code);
    else out.changed.push(diff);
  }
  return out;
}

/** Whether writing the difference would change anything. */
export function diffIsEmpty(diff: PlanDirectoryDiff): boolean {
  return diff.added.length === 0 && diff.changed.length === 0;
}

/** The counts the CLI's `--json` and the API answer with. */
export function diffCounts(diff: PlanDirectoryDiff): { added: number; changed: number; unchanged: number } {
  return { added: diff.added.length, changed: diff.changed.length, unchanged: diff.unchanged.length };
}

const FIELD_WORDS: Record<AgencyField | ContactField, string> = {
  name: 'tên',
  kind: 'loại',
  parent: 'cấp trên',
  groups: 'nhóm',
  role: 'vai trò',
  position: 'chức vụ',
  email: 'email',
  phone: 'điện thoại',
};

/** A field's value as a user reads it: kinds and roles in Vietnamese, an empty value as "(trống)". */
function shown(field: AgencyField | ContactField, value: string | null): string {
  if (value === null) return '(trống)';
  if (field === 'kind') return AGENCY_KIND_LABELS[value as keyof typeof AGENCY_KIND_LABELS] ?? value;
  if (field === 'role') return CONTACT_ROLE_LABELS[value as keyof typeof CONTACT_ROLE_LABELS] ?? value;
  return `"${value}"`;
}

/** "tên "A" → "B"", one field's change in words. */
export function fieldChangeText(c: FieldChange<AgencyField | ContactField>): string {
  return `${FIELD_WORDS[c.field]} ${shown(c.field, c.before)} → ${shown(c.field, c.after)}`;
}

/** A contact in words: its role and how to reach it ("Cán bộ đầu mối Nguyễn Văn A, a@x.vn, 0912345678"). */
export function contactText(c: DirectoryContactRecord): string {
  const role = labelOf('role', c.role);
  return [c.name ? `${role} ${c.name}` : role, c.position, c.email, c.phone].filter((x) => x !== null).join(', ');
}

/** Each change of one agency in words, in the order a reader checks them: fields, then contacts. */
export function agencyChangeTexts(a: AgencyDifference): string[] {
  return [
    ...a.fields.map(fieldChangeText),
    ...a.contactsChanged.map(
      (c) => `liên hệ ${contactText(c.before)}: ${c.fields.map((f) => fieldChangeText(f)).join('; ')}`,
    ),
    ...a.contactsAdded.map((c) => `thêm liên hệ ${contactText(c)}`),
    ...a.contactsRemoved.map((c) => `bỏ liên hệ ${contactText(c)}`),
  ];
}

/**
 * The difference in a few lines of Vietnamese for the CLI: the counts, then one line per new or different agency
 * (`+ CODE name`, `~ CODE name: change; change`).
 */
export function diffSummaryLines(diff: PlanDirectoryDiff): string[] {
  const head = `Danh bạ cơ quan: ${diff.added.length} cơ quan mới, ${diff.changed.length} khác với danh bạ, ${diff.unchanged.length} như danh bạ.`;
  const state = (a: AgencyDifference) =>
    a.directoryState ? ` (trong danh bạ: ${labelOf('directoryState', a.directoryState).toLowerCase()})` : '';
  return [
    head,
    ...diff.added.map(
      (a) =>
        `  + ${a.code} ${a.name}` +
        (a.contactsAdded.length > 0 ? `: ${a.contactsAdded.map(contactText).join('; ')}` : ' (chưa có liên hệ)'),
    ),
    ...diff.changed.map((a) => `  ~ ${a.code} ${a.name}${state(a)}: ${agencyChangeTexts(a).join('; ')}`),
  ];
}
