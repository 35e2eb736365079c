/**
 * What keeps the legal calendar honest while the product runs, set up when the web process starts (embedded
 * `nhac-han start` and `nhac-han web`): the daily Schedule that tells the admins when a year has begun without an
 * official schedule, and the finishing of any calendar change whose running deadlines were left half moved. The
 * Monday digest's Schedule (src/services/weekly-digest-schedule.ts) is set up here too, with the same best effort.
 */
import type { Client, ScheduleOptions } from '@temporalio/client';
import type { PrismaClient } from '../db/prisma';
import type { Logger } from '../runtime/logger';
import { calendarCoverageWorkflow } from '../workflows/calendar-coverage.workflow';
import { retargetPendingChanges } from './holiday-retarget';
import { ensureSchedule } from './system-schedule';
import { ensureWeeklyDigestSchedule } from './weekly-digest-schedule';

export const CALENDAR_COVERAGE_SCHEDULE_ID = 'system/calendar-coverage';

/** Every day at 08:00 in Việt Nam (01:00 UTC: the server's time-zone data does not matter). */
export function calendarCoverageSchedule(taskQueue: string): ScheduleOptions {
  return {
    scheduleId: CALENDAR_COVERAGE_SCHEDULE_ID,
    spec: { calendars: [{ hour: 1, minute: 0, comment: '08:00 giờ Việt Nam' }] },
    action: {
      type: 'startWorkflow',
      workflowType: calendarCoverageWorkflow,
      args: [{}],
      taskQueue,
      workflowId: 'calendar-coverage',
    },
    // A server down on the first working day: the check runs when it is back (the activity still sends once).
    policies: { catchupWindow: '7 days' },
    state: { note: 'Nhắc Hạn: báo quản trị viên khi năm mới chưa có lịch nghỉ chính thức' },
  };
}

/** Created, or brought up to date (another task queue, a newer spec); an operator's pause is kept. */
export async function ensureCalendarCoverageSchedule(
  temporal: Client,
  taskQueue: string,
): Promise<'created' | 'updated'> {
  return ensureSchedule(temporal, calendarCoverageSchedule(taskQueue));
}

/**
 * At the web process's start: both steps are best effort (logged, never fatal), since the product serves without
 * them and each is retried at the next start, and a half-moved change also by `nhac-han holidays retarget`.
 */
export async function startCalendarUpkeep(deps: {
  prisma: PrismaClient;
  temporal: Client;
  taskQueue: string;
  log: Logger;
}): Promise<void> {
  try {
    await ensureCalendarCoverageSchedule(deps.temporal, deps.taskQueue);
  } catch (err) {
    deps.log.warn('calendar coverage schedule not created', { error: String(err) });
  }
  try {
    await ensureWeeklyDigestSchedule(deps.temporal, deps.taskQueue);
  } catch (err) {
    deps.log.warn('weekly digest schedule not created', { error: String(err) });
  }
  try {
    const finished = await retargetPendingChanges(deps);
    if (finished.length > 0) {
      deps.log.info('calendar changes finished re-targeting', {
        changes: finished.map((r) => r.changeId),
        moved: finished.reduce((n, r) => n + r.moved.length, 0),
      });
    }
  } catch (err) {
    deps.log.warn('calendar changes still not re-targeted', { error: String(err) });
  }
}
