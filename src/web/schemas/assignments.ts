/** Requests and answers of the assignment routes (the matrix, one assignment, the coordinator's actions). */
import { z } from 'zod';
import type { AssignmentKey } from '../../domain/workflow-ids';
import type { ActionInput, ActionName } from '../../services/coordinator-actions';
import { parseOr422 } from '../http-errors';
import { code, Empty, flag, isoDate, text, year } from './common';

export const MatrixParams = z.strictObject({ code: code('kế hoạch'), year });
export const MatrixQuery = z.strictObject({
  lateOnly: flag.optional(),
  dueThisWeek: flag.optional(),
  agency: code('cơ quan').optional(),
});
export const AssignmentParams = z.strictObject({
  plan: code('kế hoạch'),
  year,
  obligation: code('nghĩa vụ'),
  agency: code('cơ quan'),
});
const ExtendBody = z.strictObject({ newDueDate: isoDate, reason: text('lý do') });
const ExcuseBody = z.strictObject({ reason: text('lý do') });
const PaperBody = z.strictObject({
  note: z.string().trim().max(2000).optional(),
  receivedOn: isoDate.optional(),
});

const StatusItem = z
  .object({
    obligation: z.string(),
    agency: z.string(),
    year: z.int(),
    dueDate: z.iso.date(),
    dueAt: z.iso.datetime(),
    state: z.enum(['pending', 'submitted', 'late', 'overdue', 'escalated', 'excused']),
    reminders: z.int(),
    submittedAt: z.iso.datetime().nullable(),
    workflowId: z.string(),
    segments: z.int().describe('SMS segments of the messages accepted for this assignment'),
    costVnd: z.number().describe('what its accepted messages cost, VND, at the configured prices'),
  })
  .meta({ id: 'StatusItem' });
export const MatrixAnswer = z.object({ items: z.array(StatusItem) });
const RemindAnswer = z
  .object({
    queued: z.literal(true),
    sendAt: z.iso.datetime().describe('when the reminder goes out: now, or the next opening of working hours'),
    outsideWorkingHours: z.boolean().describe('true when sendAt is more than a minute away'),
  })
  .meta({ id: 'RemindAnswer' });

export function keyOf(params: unknown): AssignmentKey {
  const p = parseOr422(AssignmentParams, params);
  return { plan: p.plan, year: p.year, obligation: p.obligation, agency: p.agency };
}

/** Each action: its URL suffix, its body, its success status and answer, its summary in the API description. */
export const ACTIONS: {
  suffix: string;
  action: ActionName;
  body: z.ZodType;
  status: 200 | 201 | 202;
  answer: z.ZodType;
  summary: string;
}[] = [
  {
    suffix: 'remind',
    action: 'remind',
    body: Empty,
    status: 202,
    answer: RemindAnswer,
    summary: 'Queue a reminder now; outside working hours it goes out at the next opening (sendAt)',
  },
  {
    suffix: 'extend',
    action: 'extend',
    body: ExtendBody,
    status: 200,
    answer: z.object({ dueAt: z.iso.datetime() }),
    summary: 'Grant an extension (reason required); the workflow re-targets its reminders',
  },
  {
    suffix: 'excuse',
    action: 'excuse',
    body: ExcuseBody,
    status: 200,
    answer: z.object({ state: z.literal('excused') }),
    summary: 'Excuse the agency from this obligation',
  },
  {
    suffix: 'submissions',
    action: 'paper-submission',
    body: PaperBody,
    status: 201,
    answer: z.object({ submissionId: z.string() }),
    summary: 'Record a submission received on paper',
  },
  {
    suffix: 'revoke-link',
    action: 'revoke-link',
    body: Empty,
    status: 200,
    answer: z.object({ linkVersion: z.int() }),
    summary: 'Revoke every signed link sent so far for this assignment',
  },
];

/** A validated action input from a request body (JSON or a form). */
export function actionInput(action: ActionName, body: unknown): ActionInput {
  switch (action) {
    case 'remind':
    case 'revoke-link':
      parseOr422(Empty, body);
      return { action };
    case 'extend':
      return { action, ...parseOr422(ExtendBody, body) };
    case 'excuse':
      return { action, ...parseOr422(ExcuseBody, body) };
    case 'paper-submission':
      return { action, ...parseOr422(PaperBody, body) };
  }
}
