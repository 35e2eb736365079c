/**
 * Applying a plan: store it (plan, agencies, contacts, assignments) in one short transaction, then start one
 * obligation workflow per live assignment. The two succeed or fail together as a saga: if a start fails, the
 * workflows started so far are terminated and the store is undone (new rows deleted, the previous plan definition
 * restored), as in Temporal's saga sample. Workflows start only after the commit so their first activity finds its
 * row. Re-applying is an idempotent upsert: existing workflows are kept (USE_EXISTING), nothing is sent twice.
 */
import { createHash } from 'node:crypto';
import {
  WorkflowIdConflictPolicy,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
} from '@temporalio/client';
import type { PrismaClient } from '../db/prisma';
import { formatDmy } from '../domain/deadline-rules';
import { planCalendar, type CalendarItem } from '../domain/plan-calendar';
import type { Plan } from '../domain/plan-schema';
import { AGENCY_KEY, DUE_KEY, OBLIGATION_KEY, PLAN_KEY, STATE_KEY, YEAR_KEY } from '../domain/search-attributes';
import { obligationWorkflow, rescheduleUpdate, type ObligationInput } from '../workflows/obligation.workflow';

export interface ApplyDeps {
  prisma: PrismaClient;
  temporal: Client;
  taskQueue: string;
  now?: () => Date;
}

export interface ApplyReport {
  plan: string;
  created: boolean;
  unchanged: boolean;
  agencies: { added: string[]; removed: string[]; updated: string[] };
  assignments: { added: number; moved: number; total: number };
  workflows: { started: number; existing: number; historic: number; rescheduled: number };
}

/** Assignments whose late window closed before the plan was applied are stored as history, without a workflow. */
const LATE_WINDOW_MS = 90 * 24 * 3600 * 1000;

export async function applyPlan(deps: ApplyDeps, plan: Plan): Promise<ApplyReport> {
  const now = (deps.now ?? (() => new Date()))();
  const previous = await deps.prisma.plan.findUnique({ where: { code: plan.code }, select: { definition: true } });
  const stored = await deps.prisma.$transaction((tx) => storePlan(tx, plan, now), {
    timeout: 120_000,
    maxWait: 30_000,
  });
  const { report, toStart, newIds, moved } = stored;
  const names = new Map(plan.agencies.map((a) => [a.code, a.name]));
  const started: string[] = [];
  try {
    for (const item of toStart) {
      const input: ObligationInput = {
        assignmentId: item.id,
        dueAt: item.dueAt,
        reminders: item.reminderSteps,
        escalations: item.escalations,
      };
      await deps.temporal.workflow.start(obligationWorkflow, {
        workflowId: item.id,
        taskQueue: deps.taskQueue,
        args: [input],
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
        typedSearchAttributes: [
          { key: PLAN_KEY, value: plan.code },
          { key: YEAR_KEY, value: item.year },
          { key: AGENCY_KEY, value: item.agency },
          { key: OBLIGATION_KEY, value: item.obligation },
          { key: DUE_KEY, value: new Date(item.dueAt) },
          { key: STATE_KEY, value: 'pending' },
        ],
        staticSummary: `${names.get(item.agency) ?? item.agency} – ${item.obligationTitle} ${item.year} – hạn ${formatDmy(item.dueDate)}`,
        staticDetails: `Kế hoạch ${plan.code}: ${plan.title}\nCơ quan: ${item.agency}\nNghĩa vụ: ${item.obligation}\nHạn: ${item.dueAt}`,
      });
      // Rows that existed before belong to workflows started by an earlier apply (USE_EXISTING kept them).
      if (newIds.has(item.id)) {
        started.push(item.id);
        report.workflows.started++;
      } else {
        report.workflows.existing++;
      }
    }
  } catch (err) {
    await Promise.allSettled(
      started.map((id) => deps.temporal.workflow.getHandle(id).terminate('Nhắc Hạn: plan apply rolled back')),
    );
    await deps.prisma.$transaction(
      async (tx) => {
        await tx.assignment.deleteMany({ where: { id: { in: [...newIds] } } });
        if (previous === null) await tx.plan.delete({ where: { code: plan.code } });
        else await storePlan(tx, previous.definition as unknown as Plan, now);
      },
      { timeout: 120_000, maxWait: 30_000 },
    );
    throw err;
  }
  // Moved deadlines re-target their running workflows (new revision: the new schedule's reminders are sent anew).
  // A workflow that has closed (submitted, excused) keeps its outcome.
  for (const item of moved) {
    try {
      await deps.temporal.workflow.getHandle(item.id).executeUpdate(rescheduleUpdate, {
        args: [{ newDueAt: item.dueAt, reminders: item.reminderSteps, escalations: item.escalations }],
      });
      report.workflows.rescheduled++;
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError || err instanceof WorkflowUpdateFailedError)) throw err;
    }
  }
  return report;
}

type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

/**
 * Stores a plan without starting workflows: for tools and tests that drive activities directly (bench/notify,
 * test/notify). Same rows, same transaction as `applyPlan`'s first step.
 */
export async function storePlanOnly(prisma: PrismaClient, plan: Plan, now: Date = new Date()): Promise<ApplyReport> {
  return (await prisma.$transaction((tx) => storePlan(tx, plan, now), { timeout: 120_000 })).report;
}

/** Upserts the plan, its agencies and contacts, and its assignments; says what changed and what to start. */
async function storePlan(
  tx: Tx,
  plan: Plan,
  now: Date,
): Promise<{ report: ApplyReport; toStart: CalendarItem[]; newIds: Set<string>; moved: CalendarItem[] }> {
  const items = planCalendar(plan);
  const sourceHash = createHash('sha256').update(canonicalJson(plan)).digest('hex');
  const existing = await tx.plan.findUnique({ where: { code: plan.code }, include: { agencies: true } });
  const report: ApplyReport = {
    plan: plan.code,
    created: existing === null,
    unchanged: existing?.sourceHash === sourceHash,
    agencies: { added: [], removed: [], updated: [] },
    assignments: { added: 0, moved: 0, total: items.length },
    workflows: { started: 0, existing: 0, historic: 0, rescheduled: 0 },
  };
  const data = {
    title: plan.title,
    documentNumber: plan.document.number ?? null,
    issuer: plan.document.issuer ?? null,
    years: Array.from({ length: plan.years.to - plan.years.from + 1 }, (_, i) => plan.years.from + i),
    definition: plan as unknown as object,
    sourceHash,
    status: 'active' as const,
  };
  await tx.plan.upsert({ where: { code: plan.code }, create: { code: plan.code, ...data }, update: data });

  const before = new Map((existing?.agencies ?? []).map((a) => [a.code, a]));
  for (const a of plan.agencies) {
    const prev = before.get(a.code);
    const row = await tx.agency.upsert({
      where: { planCode_code: { planCode: plan.code, code: a.code } },
      create: { planCode: plan.code, code: a.code, name: a.name, kind: a.kind },
      update: { name: a.name, kind: a.kind },
    });
    if (!prev) report.agencies.added.push(a.code);
    else if (prev.name !== a.name || prev.kind !== a.kind) report.agencies.updated.push(a.code);
    // Contacts are replaced whole: they have no identity of their own in a plan file.
    await tx.contact.deleteMany({ where: { agencyId: row.id } });
    if (a.contacts.length > 0) {
      await tx.contact.createMany({
        data: a.contacts.map((c) => ({
          agencyId: row.id,
          role: c.role,
          name: c.name ?? null,
          email: c.email ?? null,
          phone: c.phone ?? null,
        })),
      });
    }
    before.delete(a.code);
  }
  report.agencies.removed = [...before.keys()];
  if (report.agencies.removed.length > 0) {
    await tx.agency.deleteMany({ where: { planCode: plan.code, code: { in: report.agencies.removed } } });
  }

  const known = new Map(
    (await tx.assignment.findMany({ where: { planCode: plan.code }, select: { id: true, dueAt: true } })).map((a) => [
      a.id,
      a.dueAt.getTime(),
    ]),
  );
  const toStart: CalendarItem[] = [];
  const moved: CalendarItem[] = [];
  const newIds = new Set<string>();
  const rows = [];
  for (const item of items) {
    const historic = Date.parse(item.dueAt) + LATE_WINDOW_MS < now.getTime();
    const prevDue = known.get(item.id);
    if (prevDue === undefined) {
      report.assignments.added++;
      newIds.add(item.id);
      rows.push({
        id: item.id,
        planCode: plan.code,
        year: item.year,
        obligationId: item.obligation,
        agencyCode: item.agency,
        statedDate: new Date(`${item.statedDate}T00:00:00Z`),
        dueDate: new Date(`${item.dueDate}T00:00:00Z`),
        dueAt: new Date(item.dueAt),
        state: historic ? ('overdue' as const) : ('pending' as const),
      });
    } else if (prevDue !== Date.parse(item.dueAt)) {
      // A moved deadline in the plan file: the row takes the new date here, the running workflow after the commit.
      report.assignments.moved++;
      if (!historic) moved.push(item);
      await tx.assignment.update({
        where: { id: item.id },
        data: {
          statedDate: new Date(`${item.statedDate}T00:00:00Z`),
          dueDate: new Date(`${item.dueDate}T00:00:00Z`),
          dueAt: new Date(item.dueAt),
        },
      });
    }
    if (historic) report.workflows.historic++;
    else toStart.push(item);
  }
  if (rows.length > 0) await tx.assignment.createMany({ data: rows });
  return { report, toStart, newIds, moved };
}

/** JSON with sorted keys and no undefined members: the same plan hashes the same after a trip through jsonb. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}
