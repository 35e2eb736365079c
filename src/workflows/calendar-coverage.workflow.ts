/**
 * The daily look at the legal calendar (`system/calendar-coverage`, a Temporal Schedule at 08:00): on and after the
 * first working day of a year that has no official schedule, the admins are told once (the activity's outbox key
 * names the year). The check's instant is the workflow's own start, so a Schedule catch-up checks the day it was for.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { createActivities } from '../activities';
import type { CalendarCoverageResult } from '../activities/calendar-coverage.activity';
import { SEND_RETRY } from '../domain/policies';

const { checkCalendarCoverage } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '1 minute',
  retry: SEND_RETRY,
});

/** @example client.workflow.start(calendarCoverageWorkflow, { workflowId: 'calendar-coverage/2027-01-04', args: [{}], taskQueue }) */
export async function calendarCoverageWorkflow(input: { at?: string } = {}): Promise<CalendarCoverageResult> {
  // Workflow time: the start of this run, deterministic on replay.
  return checkCalendarCoverage({ at: input.at ?? new Date().toISOString() });
}
