/**
 * The timing policies that several layers must agree on, in one place: how Temporal retries each kind of activity,
 * how far in the past a step may be before it counts as missed by design, and how long a late report is still
 * awaited. Pure data, importable by workflows, activities and the outbox alike.
 */
import type { RetryPolicy } from '@temporalio/common';

/**
 * Attempts at one message after which the outbox gives it up (./../activities/outbox.ts counts its claims, i.e. the
 * attempts that reached the provider or died trying): a provider that keeps refusing it makes the failure final
 * (recorded, fallen back to the other channel, told to the coordinator).
 */
export const SEND_MAX_ATTEMPTS = 12;

/**
 * Sends (reminders, escalations, campaign messages, receipts, notices): retried until they settle, with no limit on
 * the activity's attempts. What bounds a send is the outbox's count of attempts at each message, above; an attempt
 * that failed because our own parts were away (the database stopped, the worker killed, the Temporal server
 * restarting, another attempt's lease) says nothing about the message and must not use up its chances. With a
 * bounded policy those attempts ran out during a long outage and the activity failed: the agency's workflow failed
 * with it and every later reminder was lost (the fault suite's long form, 2026-12-07: 1,877 messages).
 */
export const SEND_RETRY: RetryPolicy = {
  initialInterval: '5 seconds',
  backoffCoefficient: 2,
  maximumInterval: '10 minutes',
};

/**
 * When to try a message again after its provider refused it for now: the send policy's backoff, counted in the
 * message's own attempts (the outbox's), not the activity's. An activity's attempts also count our own outages and
 * the other messages of its step; on their count a message that met an SMTP outage right after a PostgreSQL stop
 * waited ten minutes from its first refusal. `jitter` (0–1, the caller's random draw) spreads it over ±25 % (at
 * most 10 minutes):
 * without it, the messages refused in one outage came back together, and in the long fault run 196 of them, ten
 * minutes apart, met one SMTP outage after another in step until they nearly ran out of attempts.
 */
export function sendRetryDelayMs(messageAttempts: number, jitter = 0.5): number {
  const base = Math.min(5_000 * 2 ** Math.max(0, messageAttempts - 1), 10 * 60_000);
  // Never past the policy's 10 minutes: at the cap the spread is below it only.
  return Math.min(Math.round(base * (0.75 + 0.5 * Math.min(1, Math.max(0, jitter)))), 10 * 60_000);
}

/**
 * The consolidated report: compiling takes longer, so its first retry waits longer; bounded, since a report that
 * cannot be compiled (a bug, a broken template) is told to the coordinator on its last attempt.
 */
export const REPORT_RETRY: RetryPolicy = {
  ...SEND_RETRY,
  initialInterval: '10 seconds',
  maximumAttempts: SEND_MAX_ATTEMPTS,
};

/**
 * Database-only work (recording a state, reading the stored plan): unbounded, since it only needs PostgreSQL back,
 * and a long outage must delay an agency's workflow, never fail it.
 */
export const STORE_RETRY: RetryPolicy = {
  initialInterval: '5 seconds',
  backoffCoefficient: 2,
  maximumInterval: '10 minutes',
};

/** A step more than this far in the past when its workflow began was missed by design (plan applied late). */
export const STALE_STEP_MS = 10 * 60 * 1000;

/**
 * Whether a step is missed by design: it was already more than STALE_STEP_MS past when the workflow (or its new
 * schedule) began, as for a plan applied late. Judged at that start, not when the workflow reaches the step: an outage
 * of our own parts (workers killed, PostgreSQL or Temporal away) that holds the workflow back delays its steps but
 * never drops them. `judgedAtStart` false is the rule histories recorded before that followed (judged on reaching the
 * step), kept so that they replay.
 */
export function isStaleStep(at: number, startedAt: number, reachedAt: number, judgedAtStart: boolean): boolean {
  if (judgedAtStart) return startedAt - at > STALE_STEP_MS;
  return reachedAt - at > STALE_STEP_MS && at < startedAt;
}

/**
 * How long after its last escalation an overdue obligation still awaits a late report (or an extension) before its
 * workflow closes with the agency still overdue. (Default of `ObligationInput.lateWindowMs`.)
 */
export const LATE_WINDOW_MS = 90 * 24 * 3600 * 1000;
