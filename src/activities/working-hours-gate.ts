/** Sends happen within the plan's working hours; an attempt outside them waits for the opening. */
import { sendDecision } from '../domain/working-hours';
import type { Logger } from '../runtime/logger';
import type { Loaded } from './activity-types';
import { outsideWorkingHours } from './errors';
import { attemptInstant } from './notify-attempt';

export type EnsureWorkingHours = (loaded: Loaded, step: string) => void;

export function createWorkingHoursGate(now: () => Date, log: Logger): EnsureWorkingHours {
  /**
   * Refuses an attempt outside the plan's working hours (a retry that backoff pushed past closing, say): throws a
   * retryable failure whose next retry is the opening, before anything is claimed or sent.
   */
  return function ensureWorkingHours(loaded, step) {
    const policy = loaded.plan.policy;
    const at = attemptInstant(now());
    const decision = sendDecision(at, policy.workingHours, {
      makeUpDaysAreWorkingDays: policy.makeUpDaysAreWorkingDays,
      proposedHolidays: policy.proposedHolidays,
    });
    if (decision.send) return;
    log.info('outside working hours, deferred', { assignmentId: loaded.a.id, step, opensAt: decision.opensAt });
    throw outsideWorkingHours(
      `ngoài giờ làm việc, gửi lúc ${decision.opensAt} / outside working hours (${decision.reason}) at ` +
        `${at.toISOString()}; next attempt at ${decision.opensAt}`,
      decision.delayMs,
      decision.opensAt,
    );
  };
}
