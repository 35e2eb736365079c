/**
 * Applying a plan: store it (plan, agencies, contacts, assignments) in one short transaction, then start the work
 * that is due now and schedule the rest:
 *  - the years whose cycle has begun (the current one, a past one still in its late window): their obligation
 *    workflows at once (so the caller sees them, and a submission right after apply finds its workflow), then the
 *    plan-year cycle workflow that owns them, its campaigns and its counts;
 *  - the later years: a Temporal Schedule per plan (`plan/<code>`) that starts each year's cycle in time for its
 *    first reminder (src/domain/cycle-schedule.ts).
 * All of it succeeds or fails together as a saga: if a start fails, what was started is terminated and the store is
 * undone (new rows deleted, the previous definition restored), as in Temporal's saga sample. Re-applying is an
 * idempotent upsert: running workflows are kept, closed ones never restart, nothing is sent twice; running cycles
 * are told to read the plan again, moved deadlines re-target their workflows, the Schedule is updated.
 */
import { createHash } from 'node:crypto';
import {
  ScheduleNotFoundError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdConflictPolicy,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
  type ScheduleOptions,
} from '@temporalio/client';
import type { PrismaClient } from '../db/prisma';
import { cycleStarts, cycleWorkflowId, splitCycles, type CycleStart } from '../domain/cycle-schedule';
import { cycleStartOptions } from '../domain/cycle-start';
import { isHistoric, obligationStart, obligationStartOptions } from '../domain/obligation-start';
import { planCalendar, type CalendarItem } from '../domain/plan-calendar';
import type { Plan } from '../domain/plan-schema';
import { PLAN_KEY } from '../domain/search-attributes';
import { obligationWorkflow, rescheduleUpdate } from '../workflows/obligation.workflow';
import { cycleStarterWorkflow, planChangedSignal, planCycleWorkflow } from '../workflows/plan-cycle.workflow';

export interface ApplyDeps {
  prisma: PrismaClient;
  temporal: Client;
  taskQueue: string;
  now?: () => Date;
  /**
   * Create the plan's Temporal Schedule for later years (default true). Off only where the server has no Schedules
   * (Temporal's time-skipping test server); later years then start only by applying the plan again.
   */
  schedules?: boolean;
  /** Called after each batch of workflow starts: a big plan (thousands of obligations) takes a while. */
  onProgress?: (p: ApplyProgress) => void;
}

export interface ApplyProgress {
  phase: 'stored' | 'starting';
  /** Workflows started (or found running) so far, out of `total`. */
  done: number;
  total: number;
}

export interface ApplyReport {
  plan: string;
  created: boolean;
  unchanged: boolean;
  agencies: { added: string[]; removed: string[]; updated: string[] };
  assignments: { added: number; moved: number; total: number };
  workflows: { started: number; existing: number; historic: number; rescheduled: number };
  /** Years whose cycle runs now, and those the Schedule will start (with when). */
  cycles: { running: number[]; scheduled: CycleStart[] };
}

/** Workflow starts in flight at once during an apply. */
const START_BATCH = 16;

export function planScheduleId(planCode: string): string {
  return `plan/${planCode}`;
}

export async function applyPlan(deps: ApplyDeps, plan: Plan): Promise<ApplyReport> {
  const now = (deps.now ?? (() => new Date()))();
  const previous = await deps.prisma.plan.findUnique({ where: { code: plan.code }, select: { definition: true } });
  const stored = await deps.prisma.$transaction((tx) => storePlan(tx, plan, now), {
    timeout: 120_000,
    maxWait: 30_000,
  });
  const { report, toStart: live, newIds, moved, items } = stored;
  const liveYears = new Set(live.map((i) => i.year));
  const split = splitCycles(cycleStarts(plan, items), now, liveYears);
  const runningYears = new Set(split.now);
  report.cycles = { running: split.now, scheduled: split.scheduled };
  // Later years are the Schedule's: their workflows start with their cycle.
  const toStart = live.filter((i) => runningYears.has(i.year));
  const started: string[] = [];
  const startedCycles: string[] = [];
  try {
    // Starts go out a batch at a time (each waits for the server, not for the others); the ids that did start are
    // collected before any failure is rethrown, so the rollback below terminates exactly those.
    const startOne = async (item: CalendarItem): Promise<void> => {
      const s = obligationStart(plan, item, cycleWorkflowId(plan.code, item.year));
      let fresh = true;
      try {
        await deps.temporal.workflow.start(obligationWorkflow, {
          ...obligationStartOptions(s),
          taskQueue: deps.taskQueue,
          workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
        });
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
        fresh = false;
      }
      // Rows that existed before belong to workflows started by an earlier apply (USE_EXISTING kept them).
      if (fresh && newIds.has(item.id)) {
        started.push(item.id);
        report.workflows.started++;
      } else {
        report.workflows.existing++;
      }
    };
    deps.onProgress?.({ phase: 'stored', done: 0, total: toStart.length });
    for (let i = 0; i < toStart.length; i += START_BATCH) {
      const results = await Promise.allSettled(toStart.slice(i, i + START_BATCH).map(startOne));
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
      deps.onProgress?.({ phase: 'starting', done: Math.min(i + START_BATCH, toStart.length), total: toStart.length });
    }
    for (const year of split.now) {
      const id = cycleWorkflowId(plan.code, year);
      try {
        const handle = await deps.temporal.workflow.start(planCycleWorkflow, {
          ...cycleStartOptions(plan.code, year, plan.title),
          taskQueue: deps.taskQueue,
          workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
        });
        // Running already (USE_EXISTING) after a re-apply: it reads the plan again and starts what is new.
        if (!report.created) await handle.signal(planChangedSignal);
        startedCycles.push(id);
      } catch (err) {
        // A cycle that has closed keeps its outcome.
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      }
    }
    if (deps.schedules !== false) await upsertPlanSchedule(deps, plan, split.scheduled);
  } catch (err) {
    await Promise.allSettled(
      [...started, ...(report.created ? startedCycles : [])].map((id) =>
        deps.temporal.workflow.getHandle(id).terminate('Nhắc Hạn: plan apply rolled back'),
      ),
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

const MONTHS = [
  'JANUARY',
  'FEBRUARY',
  'MARCH',
  'APRIL',
  'MAY',
  'JUNE',
  'JULY',
  'AUGUST',
  'SEPTEMBER',
  'OCTOBER',
  'NOVEMBER',
  'DECEMBER',
] as const;

/**
 * The plan's Schedule: one calendar entry per later year, at that year's cycle start (UTC fields, so the server's
 * time-zone data does not matter). Created on the first apply, replaced on later ones; a paused plan stays paused.
 */
async function upsertPlanSchedule(deps: ApplyDeps, plan: Plan, scheduled: CycleStart[]): Promise<void> {
  const calendars = scheduled.map((s) => {
    const d = new Date(s.at);
    return {
      year: d.getUTCFullYear(),
      month: MONTHS[d.getUTCMonth()]!,
      dayOfMonth: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      comment: `Chu kỳ ${s.year} (${s.at})`,
    };
  });
  const options: ScheduleOptions = {
    scheduleId: planScheduleId(plan.code),
    spec: { calendars },
    action: {
      type: 'startWorkflow',
      workflowType: cycleStarterWorkflow,
      args: [{ planCode: plan.code }],
      taskQueue: deps.taskQueue,
      workflowId: `${plan.code}/cycle-starter`,
      typedSearchAttributes: [{ key: PLAN_KEY, value: plan.code }],
    },
    // A worker or server down at the start instant: start the cycle when back, within a month.
    policies: { catchupWindow: '30 days' },
    state: {
      note: `Nhắc Hạn: ${plan.title}. Khởi động chu kỳ các năm ${scheduled.map((s) => s.year).join(', ') || '(không còn năm nào)'}`,
    },
  };
  const handle = deps.temporal.schedule.getHandle(options.scheduleId);
  try {
    await handle.update((prev) => ({ ...prev, spec: options.spec, action: options.action }));
  } catch (err) {
    if (!(err instanceof ScheduleNotFoundError)) throw err;
    await deps.temporal.schedule.create(options);
  }
}

export type PlanStatusChange = 'pause' | 'resume' | 'remove';

export interface PlanStatusReport {
  plan: string;
  status: 'active' | 'paused' | 'removed';
  schedule: 'paused' | 'running' | 'deleted' | 'none';
  workflowsStopped: number;
}

/**
 * Pausing a plan pauses its Schedule (no new year starts; running workflows go on, a coordinator can still act on
 * them). Resuming undoes that. Removing deletes the Schedule and ends every running workflow of the plan; its rows
 * stay for the record.
 */
/**
 * Pauses, resumes or removes a plan: its database status, its Schedule and (on remove) its running workflows.
 *
 * Never leaves a half state behind. Pause and resume write the status first and put it back if the Schedule
 * cannot follow. Remove cannot be undone halfway (a terminated workflow stays terminated), so it records
 * `removed` first, which already stops every cycle and schedule firing from starting anything, and then finishes
 * the Temporal side; if that fails, running the same command again completes it.
 */
export async function changePlanStatus(
  deps: Pick<ApplyDeps, 'prisma' | 'temporal'>,
  code: string,
  change: PlanStatusChange,
): Promise<PlanStatusReport> {
  const row = await deps.prisma.plan.findUnique({ where: { code }, select: { status: true } });
  if (!row) throw new PlanNotFoundError(code);
  const status = change === 'pause' ? 'paused' : change === 'resume' ? 'active' : 'removed';
  await deps.prisma.plan.update({ where: { code }, data: { status } });
  try {
    const schedule = await followSchedule(deps.temporal, code, change);
    const workflowsStopped = change === 'remove' ? await stopPlanWorkflows(deps.temporal, code) : 0;
    return { plan: code, status, schedule, workflowsStopped };
  } catch (err) {
    if (change !== 'remove') {
      await deps.prisma.plan.update({ where: { code }, data: { status: row.status } });
      throw new PlanStatusChangeError(code, change, false, err);
    }
    throw new PlanStatusChangeError(code, change, true, err);
  }
}

async function followSchedule(
  temporal: Client,
  code: string,
  change: PlanStatusChange,
): Promise<PlanStatusReport['schedule']> {
  const handle = temporal.schedule.getHandle(planScheduleId(code));
  try {
    if (change === 'pause') {
      await handle.pause(`Nhắc Hạn: tạm dừng kế hoạch ${code}`);
      return 'paused';
    }
    if (change === 'resume') {
      await handle.unpause(`Nhắc Hạn: tiếp tục kế hoạch ${code}`);
      return 'running';
    }
    await handle.delete();
    return 'deleted';
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) return 'none';
    throw err;
  }
}

async function stopPlanWorkflows(temporal: Client, code: string): Promise<number> {
  let stopped = 0;
  const query = `${PLAN_KEY.name} = '${code.replace(/'/g, '')}' AND ExecutionStatus = 'Running'`;
  for await (const wf of temporal.workflow.list({ query })) {
    try {
      await temporal.workflow.getHandle(wf.workflowId, wf.runId).terminate(`Nhắc Hạn: kế hoạch ${code} đã bị gỡ`);
      stopped++;
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
  }
  return stopped;
}

/** Temporal could not follow a status change; `recorded` says whether the new status stays (remove) or not. */
export class PlanStatusChangeError extends Error {
  constructor(
    readonly code: string,
    readonly change: PlanStatusChange,
    readonly recorded: boolean,
    cause: unknown,
  ) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super(
      recorded
        ? `Kế hoạch ${code} đã được ghi là đã gỡ và không khởi chạy thêm gì, nhưng Temporal chưa xóa xong lịch chạy ` +
            `hoặc các workflow (${why}). Chạy lại \`nhac-han plan remove ${code}\` khi Temporal sẵn sàng để hoàn tất. / ` +
            `Plan ${code} is recorded as removed; re-run the command to finish on the Temporal side.`
        : `Không đổi được trạng thái kế hoạch ${code}: Temporal không phản hồi (${why}); kế hoạch giữ nguyên trạng ` +
            `thái cũ. / Plan ${code} unchanged: Temporal could not follow.`,
      { cause },
    );
  }
}

export class PlanNotFoundError extends Error {
  constructor(readonly code: string) {
    super(`không có kế hoạch ${code} / no plan ${code}`);
  }
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
): Promise<{
  report: ApplyReport;
  toStart: CalendarItem[];
  newIds: Set<string>;
  moved: CalendarItem[];
  items: CalendarItem[];
}> {
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
    cycles: { running: [], scheduled: [] },
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
  // Re-applying changes the plan's content, not whether it is paused (see changePlanStatus).
  const { status: _initial, ...content } = data;
  await tx.plan.upsert({ where: { code: plan.code }, create: { code: plan.code, ...data }, update: content });

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
  // A deadline has moved when the plan file moved it: compared with the stored plan's calendar, not with the row,
  // whose due date an extension granted to one agency has moved too (re-applying the same file must keep it).
  const planned = new Map(
    existing ? planCalendar(existing.definition as unknown as Plan).map((i) => [i.id, Date.parse(i.dueAt)]) : [],
  );
  const toStart: CalendarItem[] = [];
  const moved: CalendarItem[] = [];
  const newIds = new Set<string>();
  const rows = [];
  for (const item of items) {
    const historic = isHistoric(item, now);
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
    } else if ((planned.get(item.id) ?? prevDue) !== Date.parse(item.dueAt)) {
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
  return { report, toStart, newIds, moved, items };
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
