/**
 * Long work started from the web app (applying a plan of hundreds of agencies): a `BackgroundJob` row in
 * PostgreSQL carries its progress (done of total), then its result or its error, so the page that follows it can be
 * closed and opened again, from any web process, and nothing is lost. The work runs in the web process that
 * started it, after the request has been answered; the row is written at each progress step (at most every
 * `PROGRESS_EVERY_MS`) and by a heartbeat, so a job whose process stopped shows as cut short (`stale`) rather than
 * running for ever. Applying again is the remedy, and it is safe: an apply is an idempotent upsert.
 */
import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '../db/prisma';
import { InvalidInputError, NotFoundError } from './service-errors';

export type JobState = 'running' | 'done' | 'failed';

export interface JobView<R = unknown> {
  id: string;
  kind: string;
  target: string;
  input: Record<string, unknown> | null;
  /** `stale`: still `running` in the row, but not updated for `STALE_AFTER_MS`: its process stopped. */
  state: JobState | 'stale';
  done: number;
  total: number;
  result: R | null;
  error: string | null;
  startedBy: string;
  startedAt: string;
  finishedAt: string | null;
}

/** Reports progress: `done` of `total` steps. */
export type ReportProgress = (done: number, total: number) => void;

const PROGRESS_EVERY_MS = 250;
const HEARTBEAT_MS = 15_000;
/** A running job not updated for this long was cut short. (Four heartbeats.) */
export const STALE_AFTER_MS = 60_000;

/** The one line a failure leaves on the job: the message, then each field problem as `<path>: <message>`. */
function errorText(err: unknown): string {
  if (err instanceof InvalidInputError)
    return [err.message, ...err.errors.map((e) => `${e.path}: ${e.message}`)].join('\n');
  return err instanceof Error ? err.message : String(err);
}

export interface JobRunner {
  /** Creates the job's row, starts `work` after it and answers the job's id at once. */
  start(
    job: { kind: string; target: string; startedBy: string; input?: Record<string, unknown> },
    work: (progress: ReportProgress) => Promise<unknown>,
  ): Promise<string>;
  /** Waits for the jobs this runner started (a stopping web process finishes what is in flight). */
  drain(): Promise<void>;
}

export function createJobRunner(
  prisma: PrismaClient,
  o: { now?: () => Date; onError?: (err: unknown) => void } = {},
): JobRunner {
  const now = o.now ?? (() => new Date());
  const inFlight = new Set<Promise<void>>();
  const run = async (id: string, work: (progress: ReportProgress) => Promise<unknown>) => {
    // Progress writes go one after another (never out of order), the latest wins, at most every PROGRESS_EVERY_MS.
    let pending: { done: number; total: number } | null = null;
    let lastWrite = 0;
    let chain: Promise<unknown> = Promise.resolve();
    const write = () => {
      const p = pending;
      pending = null;
      if (!p) return;
      lastWrite = Date.now();
      chain = chain.then(() =>
        prisma.backgroundJob.updateMany({ where: { id, state: 'running' }, data: { done: p.done, total: p.total } }),
      );
    };
    const progress: ReportProgress = (done, total) => {
      pending = { done, total };
      if (done >= total || Date.now() - lastWrite >= PROGRESS_EVERY_MS) write();
    };
    const heartbeat = setInterval(() => {
      chain = chain.then(() =>
        prisma.backgroundJob.updateMany({ where: { id, state: 'running' }, data: { updatedAt: now() } }),
      );
    }, HEARTBEAT_MS);
    try {
      const result = await work(progress);
      write();
      await chain;
      await prisma.backgroundJob.update({
        where: { id },
        data: { state: 'done', result: result as object, finishedAt: now() },
      });
    } catch (err) {
      await chain.catch(() => undefined);
      await prisma.backgroundJob.update({
        where: { id },
        data: { state: 'failed', error: errorText(err), finishedAt: now() },
      });
    } finally {
      clearInterval(heartbeat);
    }
  };
  return {
    async start(job, work) {
      const id = randomUUID();
      await prisma.backgroundJob.create({
        data: { id, ...job, input: job.input as never, startedAt: now(), updatedAt: now() },
      });
      const p = run(id, work)
        .catch((err: unknown) => o.onError?.(err))
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
      return id;
    },
    async drain() {
      await Promise.allSettled([...inFlight]);
    },
  };
}

/** One job of a target (a plan's code): `NotFoundError` for another target's id, so ids are not probed across plans. */
export async function getJob<R = unknown>(
  prisma: PrismaClient,
  target: string,
  id: string,
  now: Date = new Date(),
): Promise<JobView<R>> {
  const row = await prisma.backgroundJob.findUnique({ where: { id } });
  if (!row || row.target !== target) throw new NotFoundError(`Không tìm thấy công việc ${id} / no such job`);
  const stale = row.state === 'running' && now.getTime() - row.updatedAt.getTime() > STALE_AFTER_MS;
  return {
    id: row.id,
    kind: row.kind,
    target: row.target,
    input: (row.input as Record<string, unknown> | null) ?? null,
    state: stale ? 'stale' : (row.state as JobState),
    done: row.done,
    total: row.total,
    result: (row.result as R | null) ?? null,
    error: row.error,
    startedBy: row.startedBy,
    startedAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}
