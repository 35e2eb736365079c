/**
 * Whether the running activity attempt is the last one its retry policy allows. The notification activities use it
 * to turn a transient failure into a final one (fall back to the other channel, alert the coordinator) instead of
 * letting Temporal give up on the whole activity with nothing recorded.
 */
import { Context } from '@temporalio/activity';

/** False outside an activity (benchmarks, direct calls) and for policies without a maximum. */
export function isLastActivityAttempt(): boolean {
  let info: Context['info'];
  try {
    info = Context.current().info;
  } catch {
    return false;
  }
  const max = info.retryPolicy?.maximumAttempts;
  return typeof max === 'number' && max > 0 && info.attempt >= max;
}

/**
 * The server's time when the activity was scheduled, ISO; `null` outside an activity. Recorded on reminder and
 * escalation events so a coordinator (and a time-skipping test) sees the instant the step was due, not when a
 * retry finally ran.
 */
export function scheduledAt(): string | null {
  try {
    const ms = Context.current().info.scheduledTimestampMs;
    return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
  } catch {
    return null;
  }
}
