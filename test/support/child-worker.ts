/**
 * The main loop of a worker run as a child process by a test or a benchmark: says `READY` on stdout once polling,
 * drains on SIGTERM (a SIGKILL is the point of some tests), and closes its clients after the worker has stopped.
 */
import type { Worker } from '@temporalio/worker';

export async function serveAsChild(worker: Worker, closers: Array<() => Promise<void> | void>): Promise<void> {
  const running = worker.run();
  while (worker.getState() !== 'RUNNING') await new Promise((r) => setTimeout(r, 20));
  process.stdout.write('READY\n');
  process.once('SIGTERM', () => worker.shutdown());
  try {
    await running;
  } finally {
    for (const close of closers) await close();
  }
}
