/**
 * Changing the legal calendar moves what is running. After a stored change commits, every open obligation whose
 * due date, reminders or escalations depend on the changed days is recomputed from its plan (the calendar before
 * and after, src/domain/plan-calendar.ts) and re-targeted through the obligation workflow's `reschedule` update,
 * as a re-applied plan is (plan-apply.ts). Nothing is sent twice: the steps the workflow already sent are left out
 * of its new schedule, and steps already past are skipped by the workflow. Then one notice per affected plan goes
 * to its coordinators, through a workflow (`holiday-change/<id>-<when>`) and the outbox: this process sends nothing itself.
 *
 * An obligation whose deadline a coordinator extended keeps its extension; closed ones keep their outcome. The cycle
 * workflows of the plans whose calendar changed are told to read the plan again, so a consolidated report compiles
 * by its new date.
 *
 * Resumable: each move is recorded on the change as it is made, and the change is marked done only once its notice
 * has started. A change left half done (Temporal unreachable mid-way, the process stopped) is finished by
 * {@link retargetPendingChanges}, oldest first, with the two calendars it was made between: moves already made are
 * recognised (the row already has the new date) and kept in the one notice.
 */
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { CalendarMove } from '../activities/send-calendar-change.activity';
import type { PrismaClient } from '../db/prisma';
import { installCalendarData, installedCalendarData, type CalendarData } from '../domain/calendar-data';
import { cycleWorkflowId } from '../domain/cycle-schedule';
import { calendarChangeWorkflowId } from '../domain/workflow-ids';
import { planCalendar, type CalendarItem } from '../domain/plan-calendar';
import { planYears, type Plan } from '../domain/plan-schema';
import { calendarChangeWorkflow } from '../workflows/calendar-change.workflow';
import { planChangedSignal } from '../workflows/plan-cycle.workflow';
import { pendingCalendarChanges, type CalendarChange } from './holiday-store';
import { rescheduleUnsent } from './obligation-reschedule';

export interface RetargetDeps {
  prisma: PrismaClient;
  temporal: Client;
  taskQueue: string;
}

/** A move as recorded on the change: with its plan, to group the notice. */
export interface RecordedMove extends CalendarMove {
  plan: string;
}

export interface RetargetReport {
  changeId: number;
  /** Open obligations whose schedule the change moved (re-targeted, or only stored when not running yet). */
  moved: CalendarMove[];
  /** Of those, the running workflows that took the new schedule. */
  rescheduled: number;
  /** Plans whose coordinators are told. */
  plans: string[];
  /** Cycle workflows told to read their plan again. */
  cyclesTold: number;
}

const OPEN = ['pending', 'overdue', 'escalated'] as const;

function itemsWith(data: CalendarData, plan: Plan, years: number[]): Map<string, CalendarItem> {
  // Synchronous from install to result: nothing else in this process runs in between.
  installCalendarData(data);
  return new Map(years.flatMap((year) => planCalendar(plan, { year })).map((i) => [i.id, i]));
}

function scheduleKey(i: CalendarItem): string {
  return JSON.stringify([i.dueAt, i.reminderSteps.map((r) => r.at), i.escalations.map((e) => e.at)]);
}

/** The open obligations of every plan that `change` moves, with their old and new schedules. */
async function movesOf(
  prisma: PrismaClient,
  change: CalendarChange,
): Promise<{ moves: Array<{ plan: string; before: CalendarItem; after: CalendarItem }>; cycles: string[] }> {
  const installed = installedCalendarData();
  const plans = await prisma.plan.findMany({ where: { status: { not: 'removed' } }, select: { definition: true } });
  const out: Array<{ plan: string; before: CalendarItem; after: CalendarItem }> = [];
  try {
    for (const row of plans) {
      const plan = row.definition as unknown as Plan;
      // A changed day moves deadlines of its own year and the neighbouring ones (escalations run into January).
      const years = planYears(plan).filter((y) => Math.abs(y - change.year) <= 1);
      if (years.length === 0) continue;
      const before = itemsWith(change.before, plan, years);
      const after = itemsWith(change.after, plan, years);
      for (const [id, a] of after) {
        const b = before.get(id);
        if (b && scheduleKey(a) !== scheduleKey(b)) out.push({ plan: plan.code, before: b, after: a });
      }
    }
  } finally {
    // What was installed before (the newest calendar), also when an older change is being finished.
    installCalendarData(installed);
  }
  const cycles = [...new Set(out.map((m) => cycleWorkflowId(m.plan, m.after.year)))];
  if (out.length === 0) return { moves: [], cycles };
  const open = await prisma.assignment.findMany({
    where: { id: { in: out.map((m) => m.after.id) }, state: { in: [...OPEN] } },
    select: { id: true, dueAt: true },
  });
  // A row whose due instant is neither the old planned one nor the new one was extended for that agency: the
  // extension stands. (The new one: an interrupted attempt that moved the workflow, whose state record moved the row.)
  const byId = new Map(out.map((m) => [m.after.id, m]));
  const movable = new Set(
    open
      .filter((r) => {
        const m = byId.get(r.id)!;
        return [Date.parse(m.before.dueAt), Date.parse(m.after.dueAt)].includes(r.dueAt.getTime());
      })
      .map((r) => r.id),
  );
  return { moves: out.filter((m) => movable.has(m.after.id)), cycles };
}

export async function retargetCalendarChange(deps: RetargetDeps, change: CalendarChange): Promise<RetargetReport> {
  const { moves, cycles } = await movesOf(deps.prisma, change);
  const row = await deps.prisma.holidayChange.findUnique({ where: { id: change.id }, select: { moved: true } });
  // Moves an earlier, interrupted attempt made: their rows have the new date already, so movesOf leaves them out.
  const recorded = new Map(((row?.moved ?? []) as unknown as RecordedMove[]).map((m) => [m.assignmentId, m]));
  const report: RetargetReport = { changeId: change.id, moved: [], rescheduled: 0, plans: [], cyclesTold: 0 };
  for (const { plan, after, before } of moves) {
    // Not running: a later year's cycle will start it from the plan and the new calendar; or it has closed.
    if (await rescheduleUnsent(deps.temporal, after)) report.rescheduled++;
    recorded.set(after.id, {
      plan,
      assignmentId: after.id,
      obligation: after.obligation,
      agency: after.agency,
      year: after.year,
      oldDueAt: before.dueAt,
      newDueAt: after.dueAt,
      oldReminders: before.reminders,
      newReminders: after.reminders,
    });
    const dueAt = new Date(after.dueAt);
    // The row and the record of the move in one transaction: a retry sees both or neither. The event's revision
    // rises once per move, whether the workflow's own state record or this write gets there first.
    await deps.prisma.$transaction([
      deps.prisma.$executeRaw`UPDATE "Assignment" SET "dueRevision" = "dueRevision" + 1
        WHERE "id" = ${after.id} AND "dueAt" IS DISTINCT FROM ${dueAt}`,
      deps.prisma.assignment.update({
        where: { id: after.id },
        data: {
          statedDate: new Date(`${after.statedDate}T00:00:00Z`),
          dueDate: new Date(`${after.dueDate}T00:00:00Z`),
          dueAt,
        },
      }),
      deps.prisma.holidayChange.update({ where: { id: change.id }, data: { moved: [...recorded.values()] as never } }),
    ]);
  }
  for (const id of cycles) {
    try {
      await deps.temporal.workflow.getHandle(id).signal(planChangedSignal);
      report.cyclesTold++;
    } catch (err) {
      // A year whose cycle has not started (its Schedule starts it from the new calendar) or has closed.
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
  }
  const byPlan = new Map<string, CalendarMove[]>();
  for (const { plan, ...move } of recorded.values()) {
    byPlan.set(plan, [...(byPlan.get(plan) ?? []), move]);
    report.moved.push(move);
  }
  report.plans = [...byPlan.keys()];
  if (byPlan.size > 0) {
    try {
      await deps.temporal.workflow.start(calendarChangeWorkflow, {
        workflowId: calendarChangeWorkflowId(change),
        taskQueue: deps.taskQueue,
        args: [{ changeId: change.id, plans: [...byPlan].map(([planCode, list]) => ({ planCode, moves: list })) }],
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  }
  await deps.prisma.holidayChange.update({ where: { id: change.id }, data: { retargetedAt: new Date() } });
  return report;
}

/**
 * Finishes every change not fully re-targeted, oldest first (each one's calendar before is the one the previous
 * left): what a calendar change runs for itself, and what `nhac-han holidays retarget` and the start of the web
 * process run after a failure.
 */
export async function retargetPendingChanges(deps: RetargetDeps): Promise<RetargetReport[]> {
  const reports: RetargetReport[] = [];
  for (const change of await pendingCalendarChanges(deps.prisma)) {
    reports.push(await retargetCalendarChange(deps, change));
  }
  return reports;
}
