/**
 * Every enumerated value a user reads, in Vietnamese: agency kinds, contact roles, directory states, deadline rule
 * types, reorganisation kinds. One mapping, used by the pages, the directory files and the CLI; the reverse lookups
 * let a coordinator write the Vietnamese word in an imported list. Pure: no I/O.
 */
import { AGENCY_KINDS, CONTACT_ROLES } from './plan-schema-agencies';
import { type ASSIGNMENT_STATES, STATE_LABELS_VI } from './assignment-state';

export type AgencyKind = (typeof AGENCY_KINDS)[number];
export type ContactRole = (typeof CONTACT_ROLES)[number];

export const AGENCY_KIND_LABELS: Record<AgencyKind, string> = {
  committee: 'Ủy ban nhân dân',
  department: 'Sở, ban, ngành',
  district: 'UBND cấp huyện',
  commune: 'UBND cấp xã',
  organisation: 'Tổ chức, đoàn thể',
  other: 'Khác',
};

export const CONTACT_ROLE_LABELS: Record<ContactRole, string> = {
  focal: 'Cán bộ đầu mối',
  head: 'Thủ trưởng cơ quan',
  coordinator: 'Cơ quan thường trực',
};

export const DIRECTORY_STATES = ['active', 'retired', 'merged'] as const;
export type DirectoryState = (typeof DIRECTORY_STATES)[number];
export const DIRECTORY_STATE_LABELS: Record<DirectoryState, string> = {
  active: 'Đang hoạt động',
  retired: 'Đã giải thể',
  merged: 'Đã hợp nhất',
};

export const REORGANISATION_LABELS: Record<'rename' | 'merge' | 'retire', string> = {
  rename: 'Đổi tên',
  merge: 'Hợp nhất',
  retire: 'Giải thể',
};

export const DEADLINE_RULE_LABELS: Record<string, string> = {
  yearly: 'Hằng năm vào ngày/tháng',
  'last-week-of-month': 'Tuần cuối tháng',
  once: 'Một lần',
  'in-years': 'Vào các năm',
  'every-year': 'Hằng năm',
  instant: 'Thời điểm cụ thể (thử nghiệm)',
};

export const ASSIGNMENT_STATE_LABELS: Record<(typeof ASSIGNMENT_STATES)[number], string> = STATE_LABELS_VI;

/** All the maps by name, for the `viLabel` helper of the pages (`{{viLabel "kind" a.kind}}`; not `label`, which would shadow every `{{label}}` field the templates read). */
export const LABELS: Record<string, Record<string, string>> = {
  kind: AGENCY_KIND_LABELS,
  role: CONTACT_ROLE_LABELS,
  directoryState: DIRECTORY_STATE_LABELS,
  reorganisation: REORGANISATION_LABELS,
  rule: DEADLINE_RULE_LABELS,
  state: ASSIGNMENT_STATE_LABELS,
};

/** The Vietnamese word for `value` in the map `kind`; the value itself when the map has none. */
export function labelOf(kind: string, value: string): string {
  return LABELS[kind]?.[value] ?? value;
}

/** Lower-case, no diacritics, single spaces: how a typed word is compared. */
export function foldWord(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const KIND_WORDS: Record<string, AgencyKind> = {
  ...Object.fromEntries(AGENCY_KINDS.map((k) => [k, k])),
  ...Object.fromEntries(Object.entries(AGENCY_KIND_LABELS).map(([k, v]) => [foldWord(v), k as AgencyKind])),
  ubnd: 'committee',
  'uy ban nhan dan': 'committee',
  so: 'department',
  'so ban nganh': 'department',
  nganh: 'department',
  huyen: 'district',
  'ubnd huyen': 'district',
  xa: 'commune',
  'ubnd xa': 'commune',
  'doan the': 'organisation',
  'to chuc': 'organisation',
  khac: 'other',
};

const ROLE_WORDS: Record<string, ContactRole> = {
  ...Object.fromEntries(CONTACT_ROLES.map((r) => [r, r])),
  ...Object.fromEntries(Object.entries(CONTACT_ROLE_LABELS).map(([k, v]) => [foldWord(v), k as ContactRole])),
  'dau moi': 'focal',
  'can bo phu trach': 'focal',
  'thu truong': 'head',
  'lanh dao': 'head',
  'thuong truc': 'coordinator',
  'dieu phoi': 'coordinator',
};

/** An agency kind from its code or its Vietnamese name (`Sở, ban, ngành`, `UBND cấp xã`); undefined if neither. */
export function agencyKindOf(text: string): AgencyKind | undefined {
  return KIND_WORDS[foldWord(text)];
}

/** A contact role from its code or its Vietnamese name (`Cán bộ đầu mối`, `lãnh đạo`); undefined if neither. */
export function contactRoleOf(text: string): ContactRole | undefined {
  return ROLE_WORDS[foldWord(text)];
}
