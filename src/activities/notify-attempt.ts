/**
 * Whether the running activity attempt is the last one its retry policy allows. The notification activities use it
 * to turn a transient failure into a final one (fall back to the other channel, alert the coordinator) instead of
 * letting Temporal give up on the whole activity with nothing recorded.
 */
import { asyncLocalStorage, type Info } from '@temporalio/activity';

/**
 * The running attempt's info, or `undefined` outside an activity (benchmarks, direct calls). Read from the SDK's
 * store rather than through `Context.current()`, which throws outside an activity: building that error's stack
 * cost more per benchmark message than rendering its template.
 */
export function currentActivityInfo(): Info | undefined {
  return asyncLocalStorage.getStore()?.info;
}

/** False outside an activity (benchmarks, direct calls) and for policies without a maximum. */
export function isLastActivityAttempt(info: Info | undefined = currentActivityInfo()): boolean {
  const max = info?.retryPolicy?.maximumAttempts;
  return info !== undefined && typeof max === 'number' && max > 0 && info.attempt >= max;
}

/**
 * The server's time when the activity was scheduled, ISO; `null` outside an activity. Recorded on reminder and
 * escalation events so a coordinator (and a time-skipping test) sees the instant the step was due, not when a
 * retry finally ran.
 */
export function scheduledAt(info: Info | undefined = currentActivityInfo()): string | null {
  const ms = info?.scheduledTimestampMs;
  return ms !== undefined && Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

/**
 * The instant a send attempt happens, for the working-hours rule: the later of the worker's clock and the time the
 * server scheduled this attempt. The server's time covers the retry that Temporal's backoff placed after closing
 * (and the time-skipping test server, whose clock runs ahead of the worker's); the worker's covers an attempt that
 * waited in a backlog after it was scheduled.
 */
export function attemptInstant(workerNow: Date, info: Info | undefined = currentActivityInfo()): Date {
  const scheduled = info?.currentAttemptScheduledTimestampMs;
  return scheduled !== undefined && Number.isFinite(scheduled) && scheduled > workerNow.getTime()
    ? new Date(scheduled)
    : workerNow;
}
