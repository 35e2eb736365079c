/**
 * One coordinator action on one assignment, as the API and the pages run it: the action (assignment-actions.ts),
 * then its audit row, written only once it succeeded. Inputs arrive validated.
 */
import type { AssignmentKey } from '../domain/workflow-ids';
import { assignmentWorkflowId } from '../domain/workflow-ids';
import {
  excuse,
  extendDeadline,
  recordPaperSubmission,
  remindNow,
  revokeLinks,
  type ActionDeps,
  type Actor,
} from './assignment-actions';
import { recordAudit } from './audit-log';
import { RejectedError } from './service-errors';

export type ActionInput =
  | { action: 'remind' }
  | { action: 'extend'; newDueDate: string; reason: string }
  | { action: 'excuse'; reason: string }
  | { action: 'paper-submission'; note?: string; receivedOn?: string }
  | { action: 'revoke-link' };
export type ActionName = ActionInput['action'];

export interface RemindAnswer {
  queued: true;
  sendAt: string;
  /** The reminder waits for the plan's next working hours instead of going out now. */
  outsideWorkingHours: boolean;
}

/** A reminder queued for later than this is reported as waiting for working hours, not as going out now. */
const NOW_TOLERANCE_MS = 60_000;

/** The input a refusal is about, so a form can show it next to that field. */
const REJECTED_FIELD: Partial<Record<ActionName, string>> = {
  extend: 'newDueDate',
  'paper-submission': 'receivedOn',
};

export async function runAction(
  deps: Required<ActionDeps>,
  actor: Actor,
  key: AssignmentKey,
  input: ActionInput,
): Promise<Record<string, unknown>> {
  let result: Record<string, unknown>;
  try {
    result = await perform(deps, actor, key, input);
  } catch (err) {
    if (err instanceof RejectedError && err.field === undefined)
      throw new RejectedError(err.message, REJECTED_FIELD[input.action] ?? '(request)');
    throw err;
  }
  const { action, ...detail } = input;
  await recordAudit(deps.prisma, {
    actor: actor.email,
    action,
    target: assignmentWorkflowId(key),
    detail: { ...detail, result },
  });
  return result;
}

async function perform(
  deps: Required<ActionDeps>,
  actor: Actor,
  key: AssignmentKey,
  input: ActionInput,
): Promise<Record<string, unknown>> {
  switch (input.action) {
    case 'remind': {
      const r = await remindNow(deps, key);
      const answer: RemindAnswer = {
        queued: true,
        sendAt: r.sendAt,
        outsideWorkingHours: Date.parse(r.sendAt) - deps.now().getTime() > NOW_TOLERANCE_MS,
      };
      return { ...answer };
    }
    case 'extend':
      return extendDeadline(deps, key, { newDueDate: input.newDueDate, reason: input.reason, coordinator: actor });
    case 'excuse':
      await excuse(deps, key, { reason: input.reason, coordinator: actor });
      return { state: 'excused' };
    case 'paper-submission':
      return recordPaperSubmission(deps, key, {
        note: input.note,
        receivedOn: input.receivedOn,
        coordinator: actor,
      });
    case 'revoke-link':
      return revokeLinks(deps, key);
  }
}
