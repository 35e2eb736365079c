/**
 * The Monday digest of the dashboard (`system/weekly-digest`, a Temporal Schedule at 07:00 in Việt Nam): one activity
 * sends every subscriber their digest of the week (src/activities/weekly-digest.activity.ts), once per subscriber
 * and ISO week (the outbox key). The digest's instant is the workflow's own start, so a Schedule catch-up speaks for
 * the week it was for.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { createActivities } from '../activities';
import type { WeeklyDigestResult } from '../activities/weekly-digest.activity';
import { SEND_RETRY } from '../domain/policies';

const { sendWeeklyDigests } = proxyActivities<ReturnType<typeof createActivities>>({
  // Every subscriber in one attempt: generous, and a retry resumes from the outbox.
  startToCloseTimeout: '10 minutes',
  retry: SEND_RETRY,
});

/** @example client.workflow.start(weeklyDigestWorkflow, { workflowId: 'weekly-digest/2026-W49', args: [{}], taskQueue }) */
export async function weeklyDigestWorkflow(input: { at?: string } = {}): Promise<WeeklyDigestResult> {
  // Workflow time: the start of this run, deterministic on replay.
  return sendWeeklyDigests({ at: input.at ?? new Date().toISOString() });
}
