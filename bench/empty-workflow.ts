import { proxyActivities, sleep } from '@temporalio/workflow';

// The workflow behind `bench workflows`' limit: it starts and completes, nothing else, so the rate at which the
// server (and one worker) can run it is the most any workflow can get from that server.
export async function emptyWorkflow(): Promise<void> {}

/**
 * The workflow behind `bench burst`'s limit: sleeps to the burst's instant and runs one no-op activity, the
 * least a reminder can cost in workflow and activity tasks on that server; returns when the no-op ran (its worker's
 * clock), as the product's outbox keeps each reminder's `sentAt`.
 */
const { noop } = proxyActivities<{ noop(): Promise<number> }>({ startToCloseTimeout: '1 minute' });

export async function burstLimitWorkflow(atMs: number): Promise<number> {
  await sleep(Math.max(0, atMs - Date.now()));
  return await noop();
}
