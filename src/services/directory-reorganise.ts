/**
 * Reorganisations of the directory: rename an agency, merge agencies into a successor ("A and B become C"), retire
 * one, each with its effective date, in two steps: a preview (the open obligations that would move, and any that
 * would be left with no recipient), then the confirmation of that very list. Confirmed, one transaction records it
 * (`Reorganisation`, the audit), changes the directory, and points each open obligation of a merged agency at its
 * successor (`Assignment.successorAgencyCode`): its next message goes to the successor's contacts and reports name
 * the successor. Closed obligations keep their agency, and with it the old name, in history, reports and exports;
 * workflow ids never change.
 */
import { z } from 'zod';
import type { PrismaClient } from '../db/prisma';
import { AGENCY_ROLES } from '../domain/recipient-policy';
import { recordAudit } from './audit-log';
import { ConflictError, InvalidInputError, NotFoundError } from './service-errors';

type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];
type Db = PrismaClient | Tx;

const agencyCode = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'mã cơ quan không hợp lệ / invalid agency code');
const effectiveOn = z.iso.date({ error: 'ngày hiệu lực dạng YYYY-MM-DD / effective date as YYYY-MM-DD' });

export const ReorganisationInput = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('rename'),
      code: agencyCode,
      name: z.string().trim().min(1, 'tên mới không được trống'),
      effectiveOn,
    })
    .strict(),
  z
    .object({
      kind: z.literal('merge'),
      sources: z.array(agencyCode).min(1, 'cần ít nhất một cơ quan được hợp nhất / at least one agency'),
      successor: agencyCode,
      effectiveOn,
    })
    .strict(),
  z.object({ kind: z.literal('retire'), code: agencyCode, effectiveOn }).strict(),
]);
export type ReorganisationInput = z.output<typeof ReorganisationInput>;

/** An open obligation the reorganisation moves (merge) or leaves open without its agency (retire). */
export interface ObligationMove {
  assignmentId: string;
  plan: string;
  year: number;
  obligation: string;
  from: string;
  to: string | null;
  dueDate: string;
}

export interface ReorganisationPreview {
  input: ReorganisationInput;
  /** Names before, by code. */
  before: Record<string, string>;
  moves: ObligationMove[];
  /** Obligations that would be left with no one to receive their messages: a merge with any is refused. */
  noRecipient: ObligationMove[];
}

const OPEN = ['pending', 'overdue', 'escalated'] as const;

function parse(raw: unknown): ReorganisationInput {
  const r = ReorganisationInput.safeParse(raw);
  if (!r.success)
    throw new InvalidInputError(r.error.issues.map((i) => ({ path: i.path.join('.') || 'kind', message: i.message })));
  return r.data;
}

async function preview(db: Db, input: ReorganisationInput, today: string): Promise<ReorganisationPreview> {
  if (input.effectiveOn > today)
    throw new InvalidInputError([
      {
        path: 'effectiveOn',
        message: `ngày hiệu lực ${input.effectiveOn} chưa đến: hãy xác nhận vào ngày đó / not yet in effect, confirm it on that day`,
      },
    ]);
  const codes = input.kind === 'merge' ? [...input.sources, input.successor] : [input.code];
  const rows = await db.directoryAgency.findMany({ where: { code: { in: codes } }, include: { contacts: true } });
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const missing = codes.filter((c) => !byCode.has(c));
  if (missing.length > 0)
    throw new NotFoundError(`không có trong danh bạ: ${missing.join(', ')} / not in the directory`);
  if (input.kind === 'merge' && input.sources.includes(input.successor))
    throw new InvalidInputError([{ path: 'successor', message: 'cơ quan kế thừa không thể là cơ quan được hợp nhất' }]);
  for (const c of input.kind === 'merge' ? input.sources : [input.code]) {
    const state = byCode.get(c)!.state;
    if (state !== 'active')
      throw new ConflictError(`cơ quan ${c} đã ${state === 'merged' ? 'hợp nhất' : 'giải thể'} / already ${state}`);
  }
  const before = Object.fromEntries(rows.map((r) => [r.code, r.name]));
  const moving = input.kind === 'rename' ? [] : input.kind === 'merge' ? input.sources : [input.code];
  const open = await db.assignment.findMany({
    where: {
      state: { in: [...OPEN] },
      OR: [{ successorAgencyCode: { in: moving } }, { successorAgencyCode: null, agencyCode: { in: moving } }],
    },
    orderBy: [{ planCode: 'asc' }, { year: 'asc' }, { obligationId: 'asc' }, { agencyCode: 'asc' }],
  });
  const to = input.kind === 'merge' ? input.successor : null;
  const moves = open.map((a) => ({
    assignmentId: a.id,
    plan: a.planCode,
    year: a.year,
    obligation: a.obligationId,
    from: a.successorAgencyCode ?? a.agencyCode,
    to,
    dueDate: a.dueDate.toISOString().slice(0, 10),
  }));
  const successor = to === null ? undefined : byCode.get(to);
  const reachable = successor?.contacts.some((c) => AGENCY_ROLES.includes(c.role) && (c.email || c.phone)) ?? false;
  return { input, before, moves, noRecipient: input.kind === 'retire' || !reachable ? moves : [] };
}

/** What the reorganisation would do; writes nothing. */
export async function previewReorganisation(
  prisma: PrismaClient,
  raw: unknown,
  today: string,
): Promise<ReorganisationPreview> {
  return preview(prisma, parse(raw), today);
}

/**
 * Carries out the reorganisation the coordinator confirmed: `confirmed` is the list of assignment ids the preview
 * showed; if the open obligations changed since, nothing is done (409) and a new preview is needed. A merge that
 * would leave an obligation with no recipient is refused (422, with the list).
 */
export async function confirmReorganisation(
  prisma: PrismaClient,
  actor: string,
  raw: unknown,
  confirmed: readonly string[],
  today: string,
): Promise<{ id: number; preview: ReorganisationPreview }> {
  const input = parse(raw);
  return prisma.$transaction(
    async (tx) => {
      await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtext('nhac-han:directory'))`);
      const p = await preview(tx, input, today);
      if (input.kind === 'merge' && p.noRecipient.length > 0)
        throw new InvalidInputError(
          p.noRecipient.map((m) => ({
            path: m.assignmentId,
            message: `${m.to} không có người nhận (đầu mối, thủ trưởng hoặc thường trực có email hay điện thoại) / no recipient`,
          })),
        );
      const ids = p.moves.map((m) => m.assignmentId).sort();
      if (ids.join('\n') !== [...confirmed].sort().join('\n'))
        throw new ConflictError(
          'danh sách nghĩa vụ đang mở đã thay đổi; hãy xem trước lại / the list changed, preview again',
        );
      const day = new Date(`${input.effectiveOn}T00:00:00Z`);
      if (input.kind === 'rename') {
        await tx.directoryAgency.update({
          where: { code: input.code },
          data: { name: input.name, effectiveFrom: day },
        });
      } else if (input.kind === 'merge') {
        await tx.directoryAgency.updateMany({
          where: { code: { in: input.sources } },
          data: { state: 'merged', successorCode: input.successor, effectiveUntil: day },
        });
        if (ids.length > 0)
          await tx.assignment.updateMany({
            where: { id: { in: ids } },
            data: { successorAgencyCode: input.successor },
          });
      } else {
        await tx.directoryAgency.update({
          where: { code: input.code },
          data: { state: 'retired', effectiveUntil: day },
        });
      }
      const row = await tx.reorganisation.create({
        data: {
          actor,
          kind: input.kind,
          effectiveOn: day,
          sources: input.kind === 'merge' ? input.sources : [input.code],
          successor: input.kind === 'merge' ? input.successor : null,
          detail: {
            before: p.before,
            moves: p.moves,
            ...(input.kind === 'rename' ? { name: input.name } : {}),
          } as never,
        },
      });
      await recordAudit(tx, {
        actor,
        action: `directory.${input.kind}`,
        target: `reorganisation:${row.id}`,
        detail: { input, moved: ids.length },
      });
      return { id: row.id, preview: p };
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
}

/** A reorganisation as kept in `Reorganisation`: what it was, when, by whom, the names before and what moved. */
export interface ReorganisationRecord {
  id: number;
  at: string;
  actor: string;
  kind: ReorganisationInput['kind'];
  effectiveOn: string;
  sources: string[];
  successor: string | null;
  /** The new name of a rename. */
  name: string | null;
  /** Names before, by code. */
  before: Record<string, string>;
  moves: ObligationMove[];
}

function recordOf(r: {
  id: number;
  at: Date;
  actor: string;
  kind: string;
  effectiveOn: Date;
  sources: string[];
  successor: string | null;
  detail: unknown;
}): ReorganisationRecord {
  const detail = (r.detail ?? {}) as { before?: Record<string, string>; moves?: ObligationMove[]; name?: string };
  return {
    id: r.id,
    at: r.at.toISOString(),
    actor: r.actor,
    kind: r.kind as ReorganisationRecord['kind'],
    effectiveOn: r.effectiveOn.toISOString().slice(0, 10),
    sources: r.sources,
    successor: r.successor,
    name: detail.name ?? null,
    before: detail.before ?? {},
    moves: detail.moves ?? [],
  };
}

/** The reorganisations carried out, newest first (at most `limit`, default 100). */
export async function listReorganisations(prisma: PrismaClient, limit = 100): Promise<ReorganisationRecord[]> {
  const rows = await prisma.reorganisation.findMany({ orderBy: [{ at: 'desc' }, { id: 'desc' }], take: limit });
  return rows.map(recordOf);
}

/** One reorganisation by its id; NotFoundError when there is none. */
export async function getReorganisation(prisma: PrismaClient, id: number): Promise<ReorganisationRecord> {
  const row = await prisma.reorganisation.findUnique({ where: { id } });
  if (!row) throw new NotFoundError(`không có lần tổ chức lại số ${id} / no such reorganisation`);
  return recordOf(row);
}

/**
 * The agency now answering for each of the given assignments that moved to a successor (a merge while it was open),
 * with the successor's directory name: what the pages show as "C (trước đây: A)". Assignments that did not move
 * are not in the map.
 */
export async function successorsOf(
  prisma: PrismaClient,
  assignmentIds: readonly string[],
): Promise<Map<string, { code: string; name: string }>> {
  const moved = await prisma.assignment.findMany({
    where: { id: { in: [...assignmentIds] }, successorAgencyCode: { not: null } },
    select: { id: true, successorAgencyCode: true },
  });
  if (moved.length === 0) return new Map();
  const names = new Map(
    (
      await prisma.directoryAgency.findMany({
        where: { code: { in: moved.map((m) => m.successorAgencyCode!) } },
        select: { code: true, name: true },
      })
    ).map((a) => [a.code, a.name]),
  );
  return new Map(
    moved.map((m) => [
      m.id,
      { code: m.successorAgencyCode!, name: names.get(m.successorAgencyCode!) ?? m.successorAgencyCode! },
    ]),
  );
}
