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
