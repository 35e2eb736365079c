/**
 * After an admin changed the legal calendar: the coordinators of each plan whose running deadlines moved get one
 * message listing what moved (old and new date side by side). The moves are computed and the obligation workflows
 * re-targeted before this starts (src/services/holiday-retarget.ts); the workflow id names the change
 * (`holiday-change/<id>-<when>`, src/domain/workflow-ids.ts), so the notice is sent once however often the start is retried.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { createActivities } from '../activities';
import type { CalendarChangeNoticeInput } from '../activities/send-calendar-change.activity';
import { SEND_RETRY } from '../domain/policies';

export interface CalendarChangeInput {
  changeId: number;
  plans: Array<Omit<CalendarChangeNoticeInput, 'changeId'>>;
}

const { sendCalendarChangeNotice } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '1 minute',
  retry: SEND_RETRY,
});

/** @example client.workflow.start(calendarChangeWorkflow, { workflowId: calendarChangeWorkflowId(change), args: [input], taskQueue }) */
export async function calendarChangeWorkflow(input: CalendarChangeInput): Promise<{ plans: number }> {
  for (const p of input.plans) await sendCalendarChangeNotice({ changeId: input.changeId, ...p });
  return { plans: input.plans.length };
}
