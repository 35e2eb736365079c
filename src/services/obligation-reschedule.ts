/**
 * Gives a running obligation workflow a new schedule through its `reschedule` update, leaving out the reminder and
 * escalation steps it has already sent (asked of it first): what a calendar change and a re-applied plan whose
 * reminders moved both do, so neither sends a step twice.
 */
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { CalendarItem } from '../domain/plan-calendar';
import { rescheduleUpdate, statusQuery } from '../workflows/obligation.workflow';

/** True when the workflow took the schedule; false when it is not running (not started yet, or closed). */
export async function rescheduleUnsent(temporal: Client, item: CalendarItem): Promise<boolean> {
  const handle = temporal.workflow.getHandle(item.id);
  try {
    const status = await handle.query(statusQuery);
    const sent = new Set([...status.remindersSent, ...status.escalationsSent]);
    await handle.executeUpdate(rescheduleUpdate, {
      args: [
        {
          newDueAt: item.dueAt,
          reminders: item.reminderSteps.filter((r) => !sent.has(r.step)),
          escalations: item.escalations.filter((e) => !sent.has(e.step)),
        },
      ],
    });
    return true;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError || err instanceof WorkflowUpdateFailedError) return false;
    throw err;
  }
}
