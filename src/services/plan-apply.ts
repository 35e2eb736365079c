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
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdConflictPolicy,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
} from '@temporalio/client';
import pLimit from 'p-limit';
import type { PrismaClient } from '../db/prisma';
import { cycleStarts, cycleWorkflowId, splitCycles } from '../domain/cycle-schedule';
import { cycleStartOptions } from '../domain/cycle-start';
import { obligationStart, obligationStartOptions } from '../domain/obligation-start';
import type { CalendarItem } from '../domain/plan-calendar';
import type { Plan } from '../domain/plan-schema';
import { obligationWorkflow, rescheduleUpdate } from '../workflows/obligation.workflow';
import { planChangedSignal, planCycleWorkflow } from '../workflows/plan-cycle.workflow';
import { installStoredCalendar } from './holiday-store';
import { upsertPlanSchedule } from './plan-schedule';
import { rescheduleUnsent } from './obligation-reschedule';
import { storePlan, type ApplyReport } from './plan-store';

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
  /**
   * Workflow starts per second (`TEMPORAL_STARTS_PER_SECOND`; unset: as fast as the server answers, 16 at once): a
   * namespace with an actions-per-second limit would otherwise refuse a big plan's starts part-way.
   */
  startsPerSecond?: number;
  /** Called after each batch of workflow starts: a big plan (thousands of obligations) takes a while. */
  onProgress?: (p: ApplyProgress) => void;
}

export interface ApplyProgress {
  phase: 'stored' | 'starting';
  /** Workflows started (or found running) so far, out of `total`. */
  done: number;
  total: number;
}

/** Workflow starts in flight at once during an apply. */
export const START_BATCH = 16;

export async function applyPlan(deps: ApplyDeps, plan: Plan): Promise<ApplyReport> {
  const now = (deps.now ?? (() => new Date()))();
  // The dates below come from the calendar with the admin's stored entries, whichever process applies.
  await installStoredCalendar(deps.prisma);
  const previous = await deps.prisma.plan.findUnique({ where: { code: plan.code }, select: { definition: true } });
  const stored = await deps.prisma.$transaction((tx) => storePlan(tx, plan, now), {
    timeout: 120_000,
    maxWait: 30_000,
  });
  const { report, toStart: live, newIds, moved, retimed, items } = stored;
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
    const rate = deps.startsPerSecond;
    const batch = rate === undefined ? START_BATCH : Math.max(1, Math.min(START_BATCH, rate));
    // A window of `batch` starts in flight, each next one going out as one returns: waiting for a whole batch held
    // every start behind the slowest of its batch (1,000 starts went out at 0.4 of the server's rate at 16 in flight).
    const inFlight = pLimit(batch);
    const began = Date.now();
    let done = 0;
    let failure: { reason: unknown } | undefined;
    await Promise.all(
      toStart.map((item, i) =>
        inFlight(async () => {
          if (failure) return;
          // Paced on the wall clock from the first start: start i goes out no sooner than i / rate seconds after it.
          const wait = rate === undefined ? 0 : began + (i / rate) * 1000 - Date.now();
          if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
          try {
            await startOne(item);
          } catch (reason) {
            // The starts still in flight finish (and are collected) before the failure is rethrown below.
            // (Queued ones return at once; clearQueue would leave their promises unsettled.)
            failure ??= { reason };
            return;
          }
          done++;
          if (done % batch === 0 || done === toStart.length)
            deps.onProgress?.({ phase: 'starting', done, total: toStart.length });
        }),
      ),
    );
    if (failure) throw failure.reason;
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
  // The same deadline with other reminder or escalation instants: the new schedule without the steps already sent
  // (the deadline did not move, so nothing is owed anew).
  for (const item of retimed) {
    if (await rescheduleUnsent(deps.temporal, item)) report.workflows.rescheduled++;
  }
  return report;
}
