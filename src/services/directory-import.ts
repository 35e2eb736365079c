/**
 * Importing a directory list: a preview (every problem by row and column, and what would be added, changed or left
 * as it is) and the import itself, all or nothing: in one transaction that checks the rows again against what is
 * stored, upserts the file's agencies, replaces their contacts, and writes one audit row. Agencies the file does
 * not name are kept.
 */
import type { PrismaClient } from '../db/prisma';
import {
  checkDirectoryRows,
  type DirectoryAgencyDraft,
  type DirectoryProblem,
  formatDirectoryProblem,
} from '../domain/directory-rows';
import { recordAudit } from './audit-log';
import { InvalidInputError } from './service-errors';

type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];
type Db = PrismaClient | Tx;

/** Refused: nothing was written. Each problem prints as `row N, column: message`. */
export class DirectoryImportError extends InvalidInputError {
  override name = 'DirectoryImportError';
  constructor(readonly problems: DirectoryProblem[]) {
    super(
      problems.map((p) => ({ path: p.row === 0 ? p.column : `row ${p.row}, ${p.column}`, message: p.message })),
      problems.map(formatDirectoryProblem).join('\n'),
    );
  }
}

export interface DirectoryImportPreview {
  problems: DirectoryProblem[];
  agencies: number;
  contacts: number;
  /** Codes of the file's agencies that are new, that differ from what is stored (agency or contacts), or that don't. */
  added: string[];
  changed: string[];
  unchanged: string[];
}

type Stored = Awaited<ReturnType<typeof storedAgencies>>[number];

async function storedAgencies(db: Db) {
  return db.directoryAgency.findMany({ include: { contacts: { orderBy: { id: 'asc' } } } });
}

function contactKey(c: {
  role: string;
  name: string | null;
  position: string | null;
  email: string | null;
  phone: string | null;
}) {
  return [c.role, c.name ?? '', c.position ?? '', c.email ?? '', c.phone ?? ''].join('\u0000');
}

function differs(d: DirectoryAgencyDraft, s: Stored): boolean {
  return (
    d.name !== s.name ||
    d.kind !== s.kind ||
    d.parent !== s.parentCode ||
    d.groups.join(';') !== s.groups.join(';') ||
    d.contacts.map(contactKey).join('\n') !== s.contacts.map(contactKey).join('\n')
  );
}

async function check(db: Db, rows: readonly (readonly string[])[]) {
  const stored = await storedAgencies(db);
  const { agencies, problems } = checkDirectoryRows(rows, new Set(stored.map((s) => s.code)));
  const byCode = new Map(stored.map((s) => [s.code, s]));
  const preview: DirectoryImportPreview = {
    problems,
    agencies: agencies.length,
    contacts: agencies.reduce((n, a) => n + a.contacts.length, 0),
    added: [],
    changed: [],
    unchanged: [],
  };
  for (const a of agencies) {
    const s = byCode.get(a.code);
    (s === undefined ? preview.added : differs(a, s) ? preview.changed : preview.unchanged).push(a.code);
  }
  return { agencies, preview };
}

/** What an import of these rows would do, and every problem that would refuse it. Writes nothing. */
export async function previewDirectoryImport(
  prisma: PrismaClient,
  rows: readonly (readonly string[])[],
): Promise<DirectoryImportPreview> {
  return (await check(prisma, rows)).preview;
}

/** Serialises the directory's writers (imports, a plan's agencies) for the rest of the transaction. */
export async function lockDirectory(tx: Tx): Promise<void> {
  await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtext('nhac-han:directory'))`);
}

/** An agency as the directory is to hold it: its fields and all its contacts. */
export interface DirectoryAgencyWrite {
  code: string;
  name: string;
  kind: string;
  parent: string | null;
  groups: string[];
  contacts: readonly {
    role: string;
    name: string | null;
    position: string | null;
    email: string | null;
    phone: string | null;
  }[];
}

/**
 * Writes one agency as given, inside the caller's transaction: inserted or updated (its state, dates and successor
 * are kept), its contacts replaced by `a.contacts`. Imports and a plan's agencies (./plan-directory.ts) write through it.
 */
export async function writeDirectoryAgency(tx: Tx, a: DirectoryAgencyWrite): Promise<void> {
  const data = { name: a.name, kind: a.kind, parentCode: a.parent, groups: a.groups };
  await tx.directoryAgency.upsert({ where: { code: a.code }, create: { code: a.code, ...data }, update: data });
  await tx.directoryContact.deleteMany({ where: { agencyCode: a.code } });
  if (a.contacts.length > 0)
    await tx.directoryContact.createMany({
      data: a.contacts.map((c) => ({
        agencyCode: a.code,
        role: c.role,
        name: c.name,
        position: c.position,
        email: c.email,
        phone: c.phone,
      })),
    });
}

/**
 * Imports the rows, all or nothing; throws DirectoryImportError (nothing written) when any row is refused.
 * `onProgress` hears each agency written, out of those that are new or changed (a national list has thousands).
 */
export async function importDirectory(
  prisma: PrismaClient,
  actor: string,
  rows: readonly (readonly string[])[],
  source = 'file',
  onProgress?: (done: number, total: number) => void,
): Promise<DirectoryImportPreview> {
  return prisma.$transaction(
    async (tx) => {
      await lockDirectory(tx);
      const { agencies, preview } = await check(tx, rows);
      if (preview.problems.length > 0) throw new DirectoryImportError(preview.problems);
      const touched = new Set([...preview.added, ...preview.changed]);
      let done = 0;
      onProgress?.(0, touched.size);
      for (const a of agencies) {
        if (!touched.has(a.code)) continue;
        await writeDirectoryAgency(tx, a);
        onProgress?.(++done, touched.size);
      }
      const { problems: _none, ...counts } = preview;
      await recordAudit(tx, { actor, action: 'directory.import', target: 'directory', detail: { source, ...counts } });
      return preview;
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
}
