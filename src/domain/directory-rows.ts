/**
 * The directory file (CSV or XLSX, one row per contact) as data: its columns, the headers accepted for them
 * (English or Vietnamese), and the check of its rows into agencies with their contacts. Every problem names the row
 * (as the spreadsheet numbers it: the header is row 1) and the column. Pure: no I/O; the file reading is
 * src/services/directory-file.ts, the check against what is stored src/services/directory-store.ts.
 */
import { z } from 'zod';
import { normalizeVietnamesePhone } from './phone-number';
import { agencyKindOf, contactRoleOf, foldWord, type AgencyKind, type ContactRole } from './vietnamese-labels';

export const DIRECTORY_COLUMNS = [
  'code',
  'name',
  'kind',
  'parent',
  'groups',
  'role',
  'contact_name',
  'position',
  'email',
  'phone',
] as const;
export type DirectoryColumn = (typeof DIRECTORY_COLUMNS)[number];

/** The Vietnamese header of each column, as the template and the export write it. */
export const DIRECTORY_HEADERS_VI: Record<DirectoryColumn, string> = {
  code: 'Mã cơ quan',
  name: 'Tên cơ quan',
  kind: 'Loại',
  parent: 'Cơ quan cấp trên',
  groups: 'Nhóm',
  role: 'Vai trò',
  contact_name: 'Họ và tên',
  position: 'Chức vụ',
  email: 'Email',
  phone: 'Điện thoại',
};

const HEADER_WORDS: Record<string, DirectoryColumn> = {
  ...Object.fromEntries(DIRECTORY_COLUMNS.map((c) => [foldWord(c), c])),
  ...Object.fromEntries(Object.entries(DIRECTORY_HEADERS_VI).map(([c, h]) => [foldWord(h), c as DirectoryColumn])),
  ma: 'code',
  'ma don vi': 'code',
  ten: 'name',
  'ten don vi': 'name',
  'loai co quan': 'kind',
  'cap tren': 'parent',
  'nhom co quan': 'groups',
  'ho ten': 'contact_name',
  'nguoi lien he': 'contact_name',
  'chuc danh': 'position',
  'thu dien tu': 'email',
  'so dien thoai': 'phone',
  sdt: 'phone',
};

export interface DirectoryProblem {
  /** The spreadsheet's row number (the header is row 1); 0 for the file itself. */
  row: number;
  column: DirectoryColumn | 'file';
  message: string;
}

export function formatDirectoryProblem(p: DirectoryProblem): string {
  return p.row === 0 ? `${p.column}: ${p.message}` : `row ${p.row}, ${p.column}: ${p.message}`;
}

export interface DirectoryContactDraft {
  row: number;
  role: ContactRole;
  name: string | null;
  position: string | null;
  email: string | null;
  phone: string | null;
}

export interface DirectoryAgencyDraft {
  /** The first row that names it. */
  row: number;
  code: string;
  name: string;
  kind: AgencyKind;
  parent: string | null;
  groups: string[];
  contacts: DirectoryContactDraft[];
}

const CODE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const Email = z.email();
export const MAX_DIRECTORY_ROWS = 5000;

/** The column of each header cell, or the problems of a header row (unknown header, missing or repeated column). */
export function mapHeaders(
  cells: readonly string[],
): { ok: true; columns: (DirectoryColumn | null)[] } | { ok: false; problems: DirectoryProblem[] } {
  const problems: DirectoryProblem[] = [];
  const seen = new Set<DirectoryColumn>();
  const columns = cells.map((cell) => {
    const text = cell.replace(/^\uFEFF/, '').trim();
    if (text === '') return null;
    const column = HEADER_WORDS[foldWord(text)];
    if (!column) {
      problems.push({
        row: 1,
        column: 'file',
        message: `cột "${text}" không có trong mẫu; các cột: ${DIRECTORY_COLUMNS.join(', ')} / unknown column`,
      });
      return null;
    }
    if (seen.has(column)) problems.push({ row: 1, column, message: `cột bị lặp / the column appears twice` });
    seen.add(column);
    return column;
  });
  for (const required of ['code', 'name', 'kind'] as const)
    if (!seen.has(required))
      problems.push({ row: 1, column: required, message: 'thiếu cột bắt buộc / required column missing' });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, columns };
}

/** A phone number as written (a spreadsheet may have kept 0912345678 as the number 912345678). */
function phoneText(raw: string): string {
  return /^[1-9]\d{8}$/.test(raw) ? `0${raw}` : raw;
}

/**
 * Checks the rows (header first) into agencies. The rows of one agency repeat its code, name, kind, parent and
 * groups; a code whose rows disagree is a duplicate code. `knownCodes` are the agencies already stored, which a
 * parent may name as well as an agency of the file.
 */
export function checkDirectoryRows(
  rows: readonly (readonly string[])[],
  knownCodes: ReadonlySet<string> = new Set(),
): { agencies: DirectoryAgencyDraft[]; problems: DirectoryProblem[] } {
  const [header, ...body] = rows;
  if (!header) return { agencies: [], problems: [{ row: 0, column: 'file', message: 'tệp trống / empty file' }] };
  const mapped = mapHeaders(header);
  if (!mapped.ok) return { agencies: [], problems: mapped.problems };
  if (body.length > MAX_DIRECTORY_ROWS)
    return {
      agencies: [],
      problems: [
        { row: 0, column: 'file', message: `quá ${MAX_DIRECTORY_ROWS} dòng / more than ${MAX_DIRECTORY_ROWS} rows` },
      ],
    };
  const problems: DirectoryProblem[] = [];
  const byCode = new Map<string, DirectoryAgencyDraft>();
  const parents: { row: number; code: string; parent: string }[] = [];
  body.forEach((cells, index) => {
    const row = index + 2;
    const v: Partial<Record<DirectoryColumn, string>> = {};
    mapped.columns.forEach((c, i) => {
      if (c) v[c] = (cells[i] ?? '').trim();
    });
    if (Object.values(v).every((x) => x === '')) return;
    const bad = (column: DirectoryColumn, message: string) => problems.push({ row, column, message });
    const code = v.code ?? '';
    if (!CODE.test(code))
      bad(
        'code',
        code === ''
          ? 'mã không được trống / code is required'
          : 'mã không hợp lệ: chỉ chữ, số, "-" và "_" / invalid code',
      );
    const name = v.name ?? '';
    if (name === '') bad('name', 'tên không được trống / name is required');
    const kind = agencyKindOf(v.kind ?? '');
    if (!kind)
      bad(
        'kind',
        `loại "${v.kind ?? ''}" không có; dùng: committee, department, district, commune, organisation, other (hoặc tên tiếng Việt) / unknown kind`,
      );
    const parent = v.parent ? v.parent : null;
    if (parent !== null && parent === code)
      bad('parent', 'cơ quan không thể là cấp trên của chính nó / an agency cannot be its own parent');
    const groups = (v.groups ?? '')
      .split(';')
      .map((g) => g.trim())
      .filter((g) => g !== '');

    let contact: DirectoryContactDraft | null = null;
    const hasContact = ['role', 'contact_name', 'position', 'email', 'phone'].some(
      (c) => (v[c as DirectoryColumn] ?? '') !== '',
    );
    if (hasContact) {
      const role = contactRoleOf(v.role ?? '');
      if (!role)
        bad(
          'role',
          `vai trò "${v.role ?? ''}" không có; dùng: focal, head, coordinator (hoặc đầu mối, thủ trưởng, thường trực) / unknown role`,
        );
      const email = v.email ? v.email : null;
      if (email !== null && !Email.safeParse(email).success)
        bad('email', `email không hợp lệ: "${email}" / invalid email`);
      const phone = v.phone ? phoneText(v.phone) : null;
      if (phone !== null) {
        const n = normalizeVietnamesePhone(phone);
        if (!n.ok) bad('phone', n.reason);
      }
      if (email === null && phone === null) bad('email', 'cần email hoặc số điện thoại / needs an email or a phone');
      if (role) contact = { row, role, name: v.contact_name || null, position: v.position || null, email, phone };
    }
    if (!CODE.test(code) || name === '' || !kind) return;
    const prev = byCode.get(code);
    if (prev) {
      const same =
        prev.name === name &&
        prev.kind === kind &&
        prev.parent === parent &&
        prev.groups.join(';') === groups.join(';');
      if (!same) {
        bad(
          'code',
          `mã "${code}" trùng với dòng ${prev.row}, nhưng tên, loại, cấp trên hoặc nhóm khác / duplicate code with different agency data`,
        );
        return;
      }
      if (contact) {
        const c = contact;
        const twin = prev.contacts.find((x) => x.role === c.role && x.email === c.email && x.phone === c.phone);
        if (twin)
          bad('code', `liên hệ trùng với dòng ${twin.row} / duplicate contact (same code, role, email and phone)`);
        else prev.contacts.push(c);
      }
      return;
    }
    byCode.set(code, { row, code, name, kind, parent, groups, contacts: contact ? [contact] : [] });
    if (parent !== null) parents.push({ row, code, parent });
  });
  for (const p of parents)
    if (!byCode.has(p.parent) && !knownCodes.has(p.parent))
      problems.push({
        row: p.row,
        column: 'parent',
        message: `không có cơ quan mã "${p.parent}" trong tệp hay danh bạ / unknown parent`,
      });
  problems.sort(
    (a, b) =>
      a.row - b.row ||
      DIRECTORY_COLUMNS.indexOf(a.column as DirectoryColumn) - DIRECTORY_COLUMNS.indexOf(b.column as DirectoryColumn),
  );
  return { agencies: [...byCode.values()], problems };
}
