/**
 * The Schedule `system/weekly-digest`: every Monday at 07:00 in Việt Nam (00:00 UTC), the digest of the dashboard to
 * its subscribers (src/workflows/weekly-digest.workflow.ts). Set up with the calendar's upkeep when the web process
 * starts (src/services/calendar-upkeep.ts).
 */
import type { Client, ScheduleOptions } from '@temporalio/client';
import { weeklyDigestWorkflow } from '../workflows/weekly-digest.workflow';
import { ensureSchedule } from './system-schedule';

export const WEEKLY_DIGEST_SCHEDULE_ID = 'system/weekly-digest';

/** Mondays at 00:00 UTC, 07:00 in Việt Nam (UTC+7 all year: the server's time-zone data does not matter). */
export function weeklyDigestSchedule(taskQueue: string): ScheduleOptions {
  return {
    scheduleId: WEEKLY_DIGEST_SCHEDULE_ID,
    spec: { calendars: [{ dayOfWeek: 'MONDAY', hour: 0, minute: 0, comment: 'thứ Hai, 07:00 giờ Việt Nam' }] },
    action: {
      type: 'startWorkflow',
      workflowType: weeklyDigestWorkflow,
      args: [{}],
      taskQueue,
      workflowId: 'weekly-digest',
    },
    // A server down on Monday morning: the digest goes when it is back, up to two days late; later than that it
    // would speak of a week already half gone. The outbox key names the week, so a catch-up never sends twice.
    policies: { catchupWindow: '2 days' },
    state: { note: 'Nhắc Hạn: bản tin hằng tuần cho người đăng ký (cơ quan trễ hạn, hạn tuần tới)' },
  };
}

/** Created, or brought up to date (another task queue, a newer spec); an operator's pause is kept. */
export async function ensureWeeklyDigestSchedule(temporal: Client, taskQueue: string): Promise<'created' | 'updated'> {
  return ensureSchedule(temporal, weeklyDigestSchedule(taskQueue));
}
