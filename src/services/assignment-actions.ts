/**
 * What a coordinator does to one assignment from the web app: read its history, remind now, extend, excuse, record
 * a paper submission, revoke its links. Each action either happens whole or not at all; the caller writes the
 * audit row after it succeeded.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { deliveryStateOf } from './delivery-reports';
import type { PrismaClient } from '../db/prisma';
import { addDaysToDate, localDateOf, localInstant, weekdayOf } from '../domain/business-time';
import { calendarObligations, schedulePolicy } from '../domain/plan-calendar';
import type { Plan } from '../domain/plan-schema';
import { escalationSchedule, reminderSchedule } from '../domain/reminder-schedule';
import { installStoredCalendar } from './holiday-store';
import { assignmentWorkflowId, type AssignmentKey } from '../domain/workflow-ids';
import { sendDecision } from '../domain/working-hours';
import {
  excuseUpdate,
  extendDeadlineUpdate,
  remindNowUpdate,
  type RemindNowResult,
} from '../workflows/obligation.workflow';
import { ConflictError, NotFoundError, recordSubmission, type StatusItem } from './assignment-service';
import { RejectedError } from './service-errors';

/** The web app and the CLI only read the database and talk to Temporal: every message is sent by a workflow. */
export interface ActionDeps {
  prisma: PrismaClient;
  temporal: Client;
  now?: () => Date;
}

export interface MatrixFilter {
  lateOnly?: boolean;
  dueThisWeek?: boolean;
  agency?: string;
}

const LATE_STATES = new Set(['late', 'overdue', 'escalated']);

/** Filters status items: late only (late, overdue, escalated), due this week (Monday–Sunday, Việt Nam time), agency. */
export function filterItems(items: StatusItem[], f: MatrixFilter, now: Date): StatusItem[] {
  const today = localDateOf(now.toISOString());
  const monday = addDaysToDate(today, -((weekdayOf(today) + 6) % 7));
  const sunday = addDaysToDate(monday, 6);
  return items.filter(
    (i) =>
      (!f.lateOnly || LATE_STATES.has(i.state)) &&
      (!f.dueThisWeek || (i.dueDate >= monday && i.dueDate <= sunday)) &&
      (!f.agency || i.agency === f.agency),
  );
}

async function load(prisma: PrismaClient, key: AssignmentKey) {
  const id = assignmentWorkflowId(key);
  const a = await prisma.assignment.findUnique({ where: { id }, include: { plan: { select: { definition: true } } } });
  if (!a) throw new NotFoundError(`Không có nghĩa vụ ${id} / no assignment ${id}`);
  return a;
}

/** The assignment with everything that happened to it, oldest first. */
export async function assignmentHistory(prisma: PrismaClient, key: AssignmentKey) {
  const a = await load(prisma, key);
  const plan = a.plan.definition as unknown as Plan;
  const [events, notifications, submissions, audits, agency] = await Promise.all([
    prisma.assignmentEvent.findMany({ where: { assignmentId: a.id }, orderBy: [{ at: 'asc' }, { id: 'asc' }] }),
    prisma.notification.findMany({
      where: { assignmentId: a.id },
      orderBy: { createdAt: 'asc' },
      select: {
        kind: true,
        channel: true,
        recipient: true,
        subject: true,
        status: true,
        delivery: true,
        deliveryAt: true,
        attempts: true,
        lastError: true,
        createdAt: true,
        sentAt: true,
      },
    }),
    prisma.submission.findMany({ where: { assignmentId: a.id }, orderBy: { receivedAt: 'asc' } }),
    prisma.auditLog.findMany({ where: { target: a.id }, orderBy: { at: 'asc' } }),
    prisma.agency.findUnique({ where: { planCode_code: { planCode: a.planCode, code: a.agencyCode } } }),
  ]);
  // Merged while open: the successor answers for it now, and the page names it first ("C (trước đây: A)").
  const successor = a.successorAgencyCode
    ? ((await prisma.directoryAgency.findUnique({
        where: { code: a.successorAgencyCode },
        select: { code: true, name: true },
      })) ?? { code: a.successorAgencyCode, name: a.successorAgencyCode })
    : null;
  const ownName = agency?.name ?? a.agencyCode;
  const obligation = calendarObligations(plan).find((o) => o.id === a.obligationId);
  return {
    assignment: {
      id: a.id,
      plan: a.planCode,
      planTitle: plan.title,
      year: a.year,
      obligation: a.obligationId,
      obligationTitle: obligation?.title ?? a.obligationId,
      agency: a.agencyCode,
      agencyName: successor ? `${successor.name} (trước đây: ${ownName})` : ownName,
      /** The directory agency answering for this open obligation since a merge; null when it never moved. */
      successor,
      statedDate: a.statedDate.toISOString().slice(0, 10),
      dueDate: a.dueDate.toISOString().slice(0, 10),
      dueAt: a.dueAt.toISOString(),
      state: a.state,
      reminders: a.remindersSent,
      submittedAt: a.submittedAt?.toISOString() ?? null,
      linkVersion: a.linkVersion,
    },
    events: await withDecisionTexts(prisma, events).then((list) =>
      list.map((e) => ({ at: e.at.toISOString(), type: e.type, detail: e.detail })),
    ),
    notifications: notifications.map((n) => ({
      ...n,
      createdAt: n.createdAt.toISOString(),
      sentAt: n.sentAt?.toISOString() ?? null,
      deliveryAt: n.deliveryAt?.toISOString() ?? null,
      /** queued, accepted, delivered, bounced or failed, per recipient and channel. */
      deliveryState: deliveryStateOf(n),
    })),
    submissions: submissions.map((s) => ({
      id: s.id,
      receivedAt: s.receivedAt.toISOString(),
      channel: s.channel,
      note: s.note,
      fileName: s.fileName,
      fileSize: s.fileSize,
      contentType: s.contentType,
      sha256: s.sha256,
      recordedBy: s.recordedBy,
    })),
    audit: audits.map((x) => ({ at: x.at.toISOString(), actor: x.actor, action: x.action, detail: x.detail })),
  };
}

/**
 * Events record an extension's or an excuse's decision by reference (`reasonId`, `coordinatorId`: the workflow
 * carries no free text or email); the history shows the stored reason and the coordinator's email in their place.
 */
async function withDecisionTexts<E extends { detail: unknown }>(prisma: PrismaClient, events: E[]): Promise<E[]> {
  type Ref = { reasonId?: number; coordinatorId?: number };
  const refOf = (d: unknown): [string, Ref] | null => {
    const o = d as Record<string, Ref | undefined> | null;
    for (const k of ['extension', 'excuse'])
      if (o && typeof o === 'object' && typeof o[k]?.reasonId === 'number') return [k, o[k]];
    return null;
  };
  const ids = events.flatMap((e) => (refOf(e.detail) ? [refOf(e.detail)![1].reasonId!] : []));
  if (ids.length === 0) return events;
  const reasons = await prisma.actionReason.findMany({ where: { id: { in: ids } } });
  const userIds = reasons.flatMap((r) => (r.userId === null ? [] : [r.userId]));
  const users = await prisma.user.findMany({ where: { id: { in: userIds } }, select: { id: true, email: true } });
  const byId = new Map(reasons.map((r) => [r.id, r]));
  const emails = new Map(users.map((u) => [u.id, u.email]));
  return events.map((e) => {
    const ref = refOf(e.detail);
    if (!ref) return e;
    const [key, { reasonId: _r, coordinatorId: _c, ...rest }] = ref;
    const r = byId.get(ref[1].reasonId!);
    const coordinator = r?.userId !== null && r?.userId !== undefined ? emails.get(r.userId) : undefined;
    return {
      ...e,
      detail: { ...(e.detail as object), [key]: { ...rest, reason: r?.reason ?? '', coordinator: coordinator ?? '' } },
    };
  });
}

const CLOSED = new Set(['submitted', 'late', 'excused']);

/**
 * Asks the assignment's workflow to remind the agency now, outside the schedule. Outside the plan's working hours
 * the reminder is queued for the next opening, which the answer names; the workflow sends it then, once.
 */
export async function remindNow(deps: ActionDeps, key: AssignmentKey): Promise<RemindNowResult> {
  const a = await load(deps.prisma, key);
  if (CLOSED.has(a.state)) throw new ConflictError('Nghĩa vụ đã hoàn thành, không cần nhắc / already closed');
  const plan = a.plan.definition as unknown as Plan;
  const now = (deps.now ?? (() => new Date()))();
  const today = localDateOf(now.toISOString());
  const dueDate = a.dueDate.toISOString().slice(0, 10);
  const decision = sendDecision(now, plan.policy.workingHours, {
    makeUpDaysAreWorkingDays: plan.policy.makeUpDaysAreWorkingDays,
    proposedHolidays: plan.policy.proposedHolidays,
  });
  try {
    return await deps.temporal.workflow.getHandle(a.id).executeUpdate(remindNowUpdate, {
      args: [
        {
          requestId: randomUUID(),
          kind: dueDate === today ? 'due-today' : 'upcoming',
          ...(decision.send ? {} : { notBefore: decision.opensAt }),
        },
      ],
    });
  } catch (err) {
    throw translate(err);
  }
}

/** Who acts: the account's id goes to the workflow, its email to the audit log only. */
export interface Actor {
  userId: number | null;
  email: string;
}

/**
 * The reason stored first, then `fn` asks the workflow with its id (no free text in the history); the row is
 * removed again when the workflow refuses, so a refused action leaves nothing.
 */
async function withStoredReason<T>(
  deps: ActionDeps,
  assignmentId: string,
  action: 'extend' | 'excuse',
  req: { reason: string; coordinator: Actor },
  fn: (ref: { reasonId: number; coordinatorId?: number }) => Promise<T>,
): Promise<T> {
  const row = await deps.prisma.actionReason.create({
    data: { assignmentId, action, reason: req.reason, userId: req.coordinator.userId },
    select: { id: true },
  });
  try {
    return await fn({
      reasonId: row.id,
      ...(req.coordinator.userId !== null ? { coordinatorId: req.coordinator.userId } : {}),
    });
  } catch (err) {
    await deps.prisma.actionReason.deleteMany({ where: { id: row.id } });
    throw err;
  }
}

/** Moves the deadline to `newDueDate` (the plan's due time that day); the workflow re-targets its reminders. */
export async function extendDeadline(
  deps: ActionDeps,
  key: AssignmentKey,
  req: { newDueDate: string; reason: string; coordinator: Actor },
): Promise<{ dueAt: string }> {
  const a = await load(deps.prisma, key);
  const plan = a.plan.definition as unknown as Plan;
  await installStoredCalendar(deps.prisma);
  // A day's deadline ends at the last second of the plan's due time, as in the plan calendar (deadline-rules): an
  // extension to 15/4 ends at 23:59:59 like a deadline stated as 15/4, not a minute early.
  const dueAt = localInstant(req.newDueDate, plan.policy.dueTime, 59);
  const inst = {
    year: a.year,
    statedDate: req.newDueDate,
    dueDate: req.newDueDate,
    dueAt,
    rolled: null,
    rolledBecause: null,
    skippedDays: [],
    dueExplanation: null,
    windowOpens: null,
    exact: false,
  };
  const policy = schedulePolicy(plan);
  await withStoredReason(deps, a.id, 'extend', req, async (ref) => {
    try {
      await deps.temporal.workflow.getHandle(a.id).executeUpdate(extendDeadlineUpdate, {
        args: [
          {
            newDueAt: dueAt,
            ...ref,
            reminders: reminderSchedule(inst, policy),
            escalations: escalationSchedule(inst, policy),
          },
        ],
      });
    } catch (err) {
      throw translate(err);
    }
  });
  return { dueAt };
}

/** Exempts the agency from this obligation; all messages stop. */
export async function excuse(
  deps: ActionDeps,
  key: AssignmentKey,
  req: { reason: string; coordinator: Actor },
): Promise<void> {
  const a = await load(deps.prisma, key);
  if (CLOSED.has(a.state)) throw new ConflictError('Nghĩa vụ đã hoàn thành / already closed');
  await withStoredReason(deps, a.id, 'excuse', req, (ref) => excuseWorkflow(deps, a.id, ref));
}

async function excuseWorkflow(
  deps: ActionDeps,
  assignmentId: string,
  ref: { reasonId: number; coordinatorId?: number },
): Promise<void> {
  const a = { id: assignmentId };
  const handle = deps.temporal.workflow.getHandle(a.id);
  try {
    await handle.executeUpdate(excuseUpdate, { args: [ref] });
  } catch (err) {
    // Workflows started by earlier code closed as soon as they were excused, before the update's outcome (and its
    // state record) was written: the update "failed" although it took effect. The result says which; the row is
    // written below. (Current workflows wait for their handlers before closing.)
    let closedExcused = false;
    if (err instanceof WorkflowUpdateFailedError) {
      const done = (await handle.result().catch(() => null)) as { state?: string } | null;
      closedExcused = done?.state === 'excused';
    }
    if (!closedExcused && !(err instanceof WorkflowNotFoundError)) throw translate(err);
    // No workflow (a historic assignment), or one that closed before recording: the state is ours to write.
    await deps.prisma.$transaction([
      deps.prisma.assignment.update({ where: { id: a.id }, data: { state: 'excused' } }),
      deps.prisma.assignmentEvent.create({
        data: { assignmentId: a.id, type: 'state:excused', detail: { excuse: ref } },
      }),
    ]);
  }
}

export async function recordPaperSubmission(
  deps: ActionDeps,
  key: AssignmentKey,
  req: { note?: string; receivedOn?: string; coordinator: Actor },
): Promise<{ submissionId: string }> {
  const now = (deps.now ?? (() => new Date()))();
  const receivedAt = req.receivedOn ? new Date(localInstant(req.receivedOn, '12:00')) : now;
  if (receivedAt.getTime() > now.getTime()) throw new RejectedError('Ngày nhận không được ở tương lai / in the future');
  const r = await recordSubmission(
    { prisma: deps.prisma, temporal: deps.temporal },
    { ...key, channel: 'paper', note: req.note, receivedAt, recordedBy: req.coordinator.email },
  );
  return { submissionId: r.submissionId };
}

/**
 * Draws a new link nonce (and raises the version shown): every link sent so far stops working, legacy ones too; the
 * next reminder carries a new one.
 */
export async function revokeLinks(deps: ActionDeps, key: AssignmentKey): Promise<{ linkVersion: number }> {
  const a = await load(deps.prisma, key);
  const row = await deps.prisma.assignment.update({
    where: { id: a.id },
    data: { linkVersion: { increment: 1 }, linkNonce: randomBytes(16).toString('hex'), linkLegacy: false },
    select: { linkVersion: true },
  });
  return row;
}

function translate(err: unknown): Error {
  if (err instanceof WorkflowNotFoundError)
    return new ConflictError('Quy trình của nghĩa vụ này đã kết thúc / its workflow has closed');
  if (err instanceof WorkflowUpdateFailedError) {
    const cause = err.cause instanceof Error ? err.cause.message : err.message;
    return new RejectedError(cause);
  }
  return err instanceof Error ? err : new Error(String(err));
}
