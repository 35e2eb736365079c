/**
 * Every activity failure is either permanent (retrying cannot help: a bad address, a rejected template, a missing
 * row) or transient (SMTP down, database busy). Permanent ones are thrown as non-retryable ApplicationFailures with
 * one of these types; everything else is a plain Error and is retried by the activity's retry policy.
 */
import { ApplicationFailure } from '@temporalio/common';

export const ErrorType = {
  InvalidRecipient: 'InvalidRecipient',
  TemplateRejected: 'TemplateRejected',
  UnknownAssignment: 'UnknownAssignment',
  UnknownPlan: 'UnknownPlan',
  /** Retryable: the attempt fell outside the plan's working hours; the next retry is at the opening. */
  OutsideWorkingHours: 'OutsideWorkingHours',
  /** Retryable: messages outside their channel's send window or past their relay's rate; retried when they may go. */
  SendDeferred: 'SendDeferred',
  /** Retryable: a provider refused for now, or another attempt holds the message; retried on the message's backoff. */
  SendPending: 'SendPending',
} as const;
export type ErrorType = (typeof ErrorType)[keyof typeof ErrorType];

export function permanentFailure(type: ErrorType, message: string, cause?: unknown): ApplicationFailure {
  return ApplicationFailure.create({
    type,
    message,
    nonRetryable: true,
    cause: cause instanceof Error ? cause : undefined,
  });
}

/**
 * A send attempt outside working hours: retryable, with the next retry at the window's opening (Temporal's
 * `nextRetryDelay` overrides the backoff for this one retry). Nothing was sent and nothing recorded.
 */
export function outsideWorkingHours(message: string, delayMs: number, opensAt: string): ApplicationFailure {
  return ApplicationFailure.create({
    type: ErrorType.OutsideWorkingHours,
    message,
    nonRetryable: false,
    nextRetryDelay: delayMs,
    details: [{ opensAt }],
  });
}

/** Messages deferred by their channel's window or relay's rate: retryable, the next retry when the first may go. */
export function deferredSend(message: string, delayMs: number): ApplicationFailure {
  return ApplicationFailure.create({
    type: ErrorType.SendDeferred,
    message,
    nonRetryable: false,
    nextRetryDelay: Math.max(1000, delayMs),
  });
}

/**
 * Messages not delivered yet (a provider refused for now, another attempt holds one): retryable, the next retry
 * after `delayMs`, the earliest that one of them is due again (src/domain/policies.ts, sendRetryDelayMs).
 */
export function pendingSend(message: string, delayMs: number): ApplicationFailure {
  return ApplicationFailure.create({
    type: ErrorType.SendPending,
    message,
    nonRetryable: false,
    nextRetryDelay: Math.max(1000, delayMs),
  });
}
