/**
 * The product's own Temporal Schedules (`system/*`), set up when the web process starts: created, or brought up to
 * date (another task queue, a newer spec); an operator's pause, and the Schedule's note, are kept.
 */
import { ScheduleAlreadyRunning, type Client, type ScheduleOptions } from '@temporalio/client';

export async function ensureSchedule(temporal: Client, options: ScheduleOptions): Promise<'created' | 'updated'> {
  try {
    await temporal.schedule.create(options);
    return 'created';
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await temporal.schedule
      .getHandle(options.scheduleId)
      .update((prev) => ({ ...prev, spec: options.spec, action: options.action }));
    return 'updated';
  }
}
