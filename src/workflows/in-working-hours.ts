/** Sends that the plan's working hours may defer, awaited in the workflow rather than retried through the night. */
import { ActivityFailure, ApplicationFailure } from '@temporalio/common';
import { sleep } from '@temporalio/workflow';

/**
 * A send refused outside the plan's working hours uses up its retries if it keeps being retried at night; once the
 * activity gives up, wait here for the opening the refusal names and try again, rather than fail the workflow.
 */
export async function inWorkingHours<T>(send: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      return await send();
    } catch (err) {
      const cause = err instanceof ActivityFailure ? err.cause : undefined;
      if (!(cause instanceof ApplicationFailure) || cause.type !== 'OutsideWorkingHours') throw err;
      const opensAt = (cause.details?.[0] as { opensAt?: string } | undefined)?.opensAt;
      const wait = opensAt ? Date.parse(opensAt) - Date.now() : 3600_000;
      await sleep(Math.max(wait, 60_000));
    }
  }
}
