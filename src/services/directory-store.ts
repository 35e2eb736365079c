/**
 * The directory of agencies and contacts: read it (list, export rows), and edit one agency or one contact, each
 * change in a transaction with its audit row (before and after). Imports are ./directory-import.ts, reorganisations
 * ./directory-reorganise.ts.
 */
import { z } from 'zod';
import type { PrismaClient } from '../db/prisma';
import type { DirectoryFileRow } from './directory-file';
import type { DirectorySnapshot } from '../domain/directory-references';
import { AGENCY_KINDS, CONTACT_ROLES } from '../domain/plan-schema-agencies';
import { recordAudit } from './audit-log';
import { InvalidInputError, NotFoundError } from './service-errors';

export interface DirectoryContactView {
  id: number;
  role: string;
  name: string | null;
  position: string | null;
  email: string | null;
  phone: string | null;
}

export interface DirectoryAgencyView {
  code: string;
  name: string;
  kind: string;
  parent: string | null;
  groups: string[];
  state: string;
  effectiveFrom: string | null;
  effectiveUntil: string | null;
  successor: string | null;
  contacts: DirectoryContactView[];
}

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);

/** Every agency of the directory with its contacts, by code. */
/** (`prisma` may be a transaction's client.) */
export async function listDirectory(prisma: Pick<PrismaClient, 'directoryAgency'>): Promise<DirectoryAgencyView[]> {
  const rows = await prisma.directoryAgency.findMany({
    orderBy: { code: 'asc' },
    include: { contacts: { orderBy: { id: 'asc' } } },
  });
  return rows.map((a) => ({
    code: a.code,
    name: a.name,
    kind: a.kind,
    parent: a.parentCode,
    groups: a.groups,
    state: a.state,
    effectiveFrom: day(a.effectiveFrom),
    effectiveUntil: day(a.effectiveUntil),
    successor: a.successorCode,
    contacts: a.contacts.map(({ agencyCode: _a, ...c }) => c),
  }));
}

/** The directory in the file's columns: one row per contact, one row for an agency without contacts. */
/** What a plan's directory references are resolved against (src/domain/directory-references.ts). */
export async function loadDirectorySnapshot(prisma: PrismaClient): Promise<DirectorySnapshot> {
  return prisma.directoryAgency.findMany({
    select: { code: true, name: true, kind: true, state: true, groups: true, successorCode: true },
    orderBy: { code: 'asc' },
  });
}

export function directoryRows(agencies: DirectoryAgencyView[]): DirectoryFileRow[] {
  return agencies.flatMap((a) => {
    const agency = { code: a.code, name: a.name, kind: a.kind, parent: a.parent ?? '', groups: a.groups.join('; ') };
    const none = { role: '', contact_name: '', position: '', email: '', phone: '' };
    if (a.contacts.length === 0) return [{ ...agency, ...none }];
    return a.contacts.map((c) => ({
      ...agency,
      role: c.role,
      contact_name: c.name ?? '',
      position: c.position ?? '',
      email: c.email ?? '',
      phone: c.phone ?? '',
    }));
  });
}

const text = z.string().trim();
const optionalText = text.transform((s) => (s === '' ? null : s)).nullable();

export const AgencyEdit = z
  .object({
    name: text.min(1, 'tên không được trống / name is required').optional(),
    kind: z
      .enum(AGENCY_KINDS, { error: `loại phải là một trong: ${AGENCY_KINDS.join(', ')} / unknown kind` })
      .optional(),
    parent: optionalText.optional(),
    groups: z
      .union([z.array(text), text.transform((s) => s.split(';'))])
      .transform((g) => g.map((x) => x.trim()).filter((x) => x !== ''))
      .optional(),
  })
  .strict();

export const ContactEdit = z
  .object({
    role: z.enum(CONTACT_ROLES, { error: `vai trò phải là một trong: ${CONTACT_ROLES.join(', ')} / unknown role` }),
    name: optionalText.optional(),
    position: optionalText.optional(),
    email: z
      .union([z.literal('').transform(() => null), z.email({ error: 'email không hợp lệ / invalid email' })])
      .nullable()
      .optional(),
    phone: z
      .union([
        z.literal('').transform(() => null),
        z.string().regex(/^(\+?84|0)[1-9]\d{8,9}$/, 'số điện thoại không hợp lệ / invalid Vietnamese phone number'),
      ])
      .nullable()
      .optional(),
  })
  .strict()
  .refine((c) => (c.email ?? null) !== null || (c.phone ?? null) !== null, {
    path: ['email'],
    error: 'cần email hoặc số điện thoại / needs an email or a phone',
  });

function invalidOf(err: z.ZodError): InvalidInputError {
  return new InvalidInputError(err.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message })));
}

/** Changes an agency's name, kind, parent or groups (coordinators and admins); audited with before and after. */
export async function updateDirectoryAgency(
  prisma: PrismaClient,
  actor: string,
  code: string,
  input: unknown,
): Promise<DirectoryAgencyView> {
  const parsed = AgencyEdit.safeParse(input);
  if (!parsed.success) throw invalidOf(parsed.error);
  const edit = parsed.data;
  await prisma.$transaction(async (tx) => {
    const before = await tx.directoryAgency.findUnique({ where: { code } });
    if (!before) throw new NotFoundError(`không có cơ quan mã "${code}" / no agency ${code}`);
    if (edit.parent) {
      if (edit.parent === code)
        throw new InvalidInputError([{ path: 'parent', message: 'cơ quan không thể là cấp trên của chính nó' }]);
      if (!(await tx.directoryAgency.findUnique({ where: { code: edit.parent } })))
        throw new InvalidInputError([
          { path: 'parent', message: `không có cơ quan mã "${edit.parent}" / unknown parent` },
        ]);
    }
    const after = await tx.directoryAgency.update({
      where: { code },
      data: { name: edit.name, kind: edit.kind, parentCode: edit.parent, groups: edit.groups },
    });
    const pick = (a: typeof before) => ({ name: a.name, kind: a.kind, parent: a.parentCode, groups: a.groups });
    await recordAudit(tx, {
      actor,
      action: 'directory.agency.update',
      target: `agency:${code}`,
      detail: { before: pick(before), after: pick(after) },
    });
  });
  return (await listDirectory(prisma)).find((a) => a.code === code)!;
}

/**
 * Adds (`id` undefined) or changes a contact (admins only: contacts receive the agency's links). The change reaches
 * every open obligation of the agency at its next send: sends read the directory's contacts.
 */
export async function saveDirectoryContact(
  prisma: PrismaClient,
  actor: string,
  agencyCode: string,
  id: number | undefined,
  input: unknown,
): Promise<DirectoryContactView> {
  const parsed = ContactEdit.safeParse(input);
  if (!parsed.success) throw invalidOf(parsed.error);
  const c = parsed.data;
  return prisma.$transaction(async (tx) => {
    if (!(await tx.directoryAgency.findUnique({ where: { code: agencyCode } })))
      throw new NotFoundError(`không có cơ quan mã "${agencyCode}" / no agency ${agencyCode}`);
    const before = id === undefined ? null : await tx.directoryContact.findFirst({ where: { id, agencyCode } });
    if (id !== undefined && !before)
      throw new NotFoundError(`không có liên hệ số ${id} của ${agencyCode} / no contact`);
    const data = {
      role: c.role,
      name: c.name ?? null,
      position: c.position ?? null,
      email: c.email ?? null,
      phone: c.phone ?? null,
    };
    const after = before
      ? await tx.directoryContact.update({ where: { id: before.id }, data })
      : await tx.directoryContact.create({ data: { agencyCode, ...data } });
    await recordAudit(tx, {
      actor,
      action: before ? 'directory.contact.update' : 'directory.contact.add',
      target: `agency:${agencyCode}`,
      detail: { contact: after.id, before, after },
    });
    const { agencyCode: _a, ...view } = after;
    return view;
  });
}

/** Removes a contact (admins only), audited. */
export async function removeDirectoryContact(
  prisma: PrismaClient,
  actor: string,
  agencyCode: string,
  id: number,
): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const before = await tx.directoryContact.findFirst({ where: { id, agencyCode } });
    if (!before) throw new NotFoundError(`không có liên hệ số ${id} của ${agencyCode} / no contact`);
    await tx.directoryContact.delete({ where: { id } });
    await recordAudit(tx, {
      actor,
      action: 'directory.contact.remove',
      target: `agency:${agencyCode}`,
      detail: { before },
    });
  });
}
