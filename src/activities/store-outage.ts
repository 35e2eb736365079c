/**
 * An activity that failed because PostgreSQL is away is retried every {@link STORE_OUTAGE_RETRY_MS}, not on the
 * policy's growing backoff. The backoff is for a provider that refuses (its own outage may be long, and retrying
 * fast would only use up the message's chances); our own database says nothing about the message, and each attempt
 * that meets it closed costs one quick refused connection. With the backoff, the attempts of every workflow's step
 * stretched to ten minutes apart over a few stops of PostgreSQL and SMTP, and the agencies' reminders waited that
 * long after everything was back (the fault suite's long form, 2026-12-07).
 *
 * Only for unbounded policies (sends, state records): a bounded one (the consolidated report) would spend its
 * attempts in a minute or two of outage.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { Info } from '@temporalio/activity';
import { currentActivityInfo } from './notify-attempt';

export const STORE_OUTAGE_RETRY_MS = 10_000;

/** Prisma's codes for a database it cannot reach, that closed the connection, or whose pool timed out. */
const UNREACHABLE_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
/** What PostgreSQL and the driver say when the server is down, restarting or shutting down. */
const UNREACHABLE =
  /can't reach database server|server has closed the connection|connection terminated|timeout exceeded when trying to connect|the database system is (starting up|shutting down|in recovery mode)|terminating connection due to administrator command|ECONNREFUSED|ECONNRESET/i;

/** Whether `err`, or an error it was caused by, is Prisma's (or its driver adapter's) report of an unreachable database. */
export function isStoreUnavailable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    // Only the database client's own errors: an SMTP server's ECONNREFUSED is a provider's outage, not ours.
    if (!/^(PrismaClient(?!Validation)|DriverAdapterError)/.test(e.name)) continue;
    const code = (e as { code?: unknown }).code;
    if ((typeof code === 'string' && UNREACHABLE_CODES.has(code)) || UNREACHABLE.test(e.message)) return true;
  }
  return false;
}

/** `err` as a retryable failure with the outage's short retry delay, when it is one and the policy is unbounded. */
export function storeOutageFailure(err: unknown, info: Info | undefined = currentActivityInfo()): unknown {
  const max = info?.retryPolicy?.maximumAttempts;
  if (info === undefined || (typeof max === 'number' && max > 0) || !isStoreUnavailable(err)) return err;
  return ApplicationFailure.create({
    type: 'StoreUnavailable',
    message: `cơ sở dữ liệu tạm thời không truy cập được, thử lại sau ${STORE_OUTAGE_RETRY_MS / 1000} giây / database unreachable, retrying in ${STORE_OUTAGE_RETRY_MS / 1000} s: ${err instanceof Error ? err.message : String(err)}`,
    nonRetryable: false,
    nextRetryDelay: STORE_OUTAGE_RETRY_MS,
    cause: err instanceof Error ? err : undefined,
  });
}
