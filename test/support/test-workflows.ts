// The workflow bundle for time-skipping tests: the product's workflows plus a sleeper used as a clock.
import { sleep } from '@temporalio/workflow';

export * from '../../src/workflows';

/**
 * Sleeps `ms` of workflow time. Tests advance time by awaiting its result, the time-skipping server's automatic
 * path, instead of `env.sleep()`, which can hang while activities are in flight (temporalio/sdk-java#2670).
 */
export async function sleeperWorkflow(ms: number): Promise<void> {
  await sleep(ms);
}
