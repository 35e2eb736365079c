/**
 * Reading and acting on assignments (agency × obligation × year) from the CLI and the web app: the status matrix,
 * and recording a submission received outside the portal. A submission is written and the workflow signalled as
 * one operation: if the signal cannot be delivered, the row is removed again.
 */
import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { PrismaClient } from '../db/prisma';
import type { AssignmentState } from '../domain/assignment-state';
import { costOf, DEFAULT_PRICES, type MessagePrices } from '../domain/message-cost';
import { assignmentWorkflowId } from '../domain/workflow-ids';
import { submittedSignal } from '../workflows/obligation.workflow';
import { ConflictError, NotFoundError } from './service-errors';

export interface StatusItem {
  obligation: string;
  agency: string;
  year: number;
  dueDate: string;
  dueAt: string;
  state: AssignmentState;
  reminders: number;
  submittedAt: string | null;
  workflowId: string;
  /** SMS segments of the messages the providers accepted for this assignment. */
  segments: number;
  /** What those messages cost, VND, at the configured prices. */
  costVnd: number;
}

// Defined with the other service errors; re-exported for the CLI and the tests that import them from here.
export { ConflictError, NotFoundError };

export async function statusItems(
  prisma: PrismaClient,
  q: { plan: string; year?: number },
  prices: MessagePrices = DEFAULT_PRICES,
): Promise<StatusItem[]> {
  const plan = await prisma.plan.findUnique({ where: { code: q.plan }, select: { code: true } });
  if (!plan) throw new NotFoundError(`Không có kế hoạch "${q.plan}" / no plan "${q.plan}"`);
  const rows = await prisma.assignment.findMany({
    where: { planCode: q.plan, ...(q.year !== undefined ? { year: q.year } : {}) },
    orderBy: [{ dueAt: 'asc' }, { obligationId: 'asc' }, { agencyCode: 'asc' }],
  });
  // Accepted messages only: a refused or failed one is not billed.
  const sent = await prisma.notification.findMany({
    where: { assignmentId: { in: rows.map((r) => r.id) }, status: 'sent' },
    select: { assignmentId: true, channel: true, body: true },
  });
  const byAssignment = new Map<string, { channel: string; body: string }[]>();
  for (const n of sent) {
    if (n.assignmentId === null) continue;
    const list = byAssignment.get(n.assignmentId) ?? [];
    list.push(n);
    byAssignment.set(n.assignmentId, list);
  }
  return rows.map((r) => ({
    ...costOf(byAssignment.get(r.id) ?? [], prices),
    obligation: r.obligationId,
    agency: r.agencyCode,
    year: r.year,
    dueDate: r.dueDate.toISOString().slice(0, 10),
    dueAt: r.dueAt.toISOString(),
    state: r.state,
    reminders: r.remindersSent,
    submittedAt: r.submittedAt?.toISOString() ?? null,
    workflowId: r.id,
  }));
}

export interface SubmissionRequest {
  plan: string;
  year: number;
  obligation: string;
  agency: string;
  channel: 'cli' | 'web' | 'paper';
  note?: string;
  fileName?: string;
  receivedAt?: Date;
  /** An uploaded file already stored under DATA_DIR/uploads (path relative to it). */
  file?: { path: string; contentType: string; size: number; sha256: string };
  /** The agency's link (`link`), a coordinator's email, or `cli`. */
  recordedBy?: string;
  /** Indicator values reported with the submission; stored with it, removed with it if the signal fails. */
  indicatorValues?: { code: string; value: number }[];
  /** Have the workflow confirm the submission to the agency (`submission-receipt`). (Default: false.) */
  receipt?: boolean;
  /**
   * Who, for an audit row `submit` (the assignment's id as target) written in the submission's transaction; a
   * submission undone because Temporal refused the signal gets a `submit.rolled-back` row after it. (Default: none.)
   */
  auditActor?: string;
}

export async function recordSubmission(
  deps: { prisma: PrismaClient; temporal: Client },
  req: SubmissionRequest,
): Promise<{ submissionId: string; assignmentId: string }> {
  const id = assignmentWorkflowId(req);
  const a = await deps.prisma.assignment.findUnique({ where: { id } });
  if (!a) throw new NotFoundError(`Không có nghĩa vụ ${id} / no assignment ${id}`);
  if (a.state === 'submitted' || a.state === 'late')
    throw new ConflictError(`Đã nộp trước đó / already submitted (${a.state})`);
  if (a.state === 'excused') throw new ConflictError('Cơ quan được miễn nghĩa vụ này / excused');
  const submissionId = randomUUID();
  const receivedAt = req.receivedAt ?? new Date();
  // The submission and its indicator values in one transaction: both are there, or neither.
  await deps.prisma.$transaction(
    async (tx) => {
      await tx.submission.create({
        data: {
          id: submissionId,
          assignmentId: id,
          receivedAt,
          channel: req.channel,
          note: req.note ?? null,
          fileName: req.fileName ?? null,
          filePath: req.file?.path ?? null,
          contentType: req.file?.contentType ?? null,
          fileSize: req.file?.size ?? null,
          sha256: req.file?.sha256 ?? null,
          recordedBy: req.recordedBy ?? null,
        },
      });
      if (req.auditActor !== undefined)
        await tx.auditLog.create({
          data: { actor: req.auditActor, action: 'submit', target: id, detail: { submissionId, channel: req.channel } },
        });
      for (const v of req.indicatorValues ?? []) {
        const key = { planCode: a.planCode, year: a.year, indicatorCode: v.code, agencyCode: a.agencyCode };
        await tx.indicatorValue.upsert({
          where: { planCode_year_indicatorCode_agencyCode: key },
          create: { ...key, value: v.value, submissionId, recordedAt: receivedAt },
          update: { value: v.value, submissionId, recordedAt: receivedAt },
        });
      }
    },
    { maxWait: 15_000, timeout: 30_000 },
  );
  try {
    await deps.temporal.workflow
      .getHandle(id)
      .signal(submittedSignal, { submissionId, receivedAt: receivedAt.toISOString(), receipt: req.receipt === true });
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) {
      // No running workflow (a historic assignment, or its workflow already closed): the state is ours to write.
      const late = receivedAt.getTime() > a.dueAt.getTime();
      await deps.prisma.assignment.update({
        where: { id },
        data: { state: late ? 'late' : 'submitted', submittedAt: receivedAt },
      });
      return { submissionId, assignmentId: id };
    }
    await deps.prisma
      .$transaction([
        deps.prisma.indicatorValue.deleteMany({ where: { submissionId } }),
        deps.prisma.submission.delete({ where: { id: submissionId } }),
      ])
      .catch(() => undefined);
    if (req.auditActor !== undefined)
      await deps.prisma.auditLog
        .create({ data: { actor: req.auditActor, action: 'submit.rolled-back', target: id, detail: { submissionId } } })
        .catch(() => undefined);
    throw err;
  }
  return { submissionId, assignmentId: id };
}
