/**
 * The timing policies that several layers must agree on, in one place: how Temporal retries each kind of activity,
 * how far in the past a step may be before it counts as missed by design, and how long a late report is still
 * awaited. Pure data, importable by workflows, activities and the outbox alike.
 */
import type { RetryPolicy } from '@temporalio/common';

/**
 * Attempts of a send activity (reminder, escalation, campaign message, receipt, extension notice, report). The
 * outbox gives a message up after as many attempts, and the send activities treat the last one as final (fall back
 * to the other channel, alert the coordinator), so both must read this number.
 */
export const SEND_MAX_ATTEMPTS = 12;

/** Sends: bounded, so a failure becomes final (recorded, fallen back, alerted) instead of retrying for ever. */
export const SEND_RETRY: RetryPolicy = {
  initialInterval: '5 seconds',
  backoffCoefficient: 2,
  maximumInterval: '10 minutes',
  maximumAttempts: SEND_MAX_ATTEMPTS,
};

/** The consolidated report: compiling takes longer, so its first retry waits longer; bounded like every send. */
export const REPORT_RETRY: RetryPolicy = { ...SEND_RETRY, initialInterval: '10 seconds' };

/**
 * Database-only work (recording a state, reading the stored plan): unbounded, since it only needs PostgreSQL back,
 * and a long outage must delay an agency's workflow, never fail it.
 */
export const STORE_RETRY: RetryPolicy = {
  initialInterval: '5 seconds',
  backoffCoefficient: 2,
  maximumInterval: '10 minutes',
};

/** A step more than this far in the past when a workflow first reaches it was missed by design (plan applied late). */
export const STALE_STEP_MS = 10 * 60 * 1000;

/**
 * How long after its last escalation an overdue obligation still awaits a late report (or an extension) before its
 * workflow closes with the agency still overdue. (Default of `ObligationInput.lateWindowMs`.)
 */
export const LATE_WINDOW_MS = 90 * 24 * 3600 * 1000;
