/**
 * Changing the legal calendar moves what is running. After a stored change commits, every open obligation whose
 * due date, reminders or escalations depend on the changed days is recomputed from its plan (the calendar before
 * and after, src/domain/plan-calendar.ts) and re-targeted through the obligation workflow's `reschedule` update,
 * as a re-applied plan is (plan-apply.ts). Nothing is sent twice: the steps the workflow already sent are left out
 * of its new schedule, and steps already past are skipped by the workflow. Then one notice per affected plan goes
 * to its coordinators, through a workflow (`holiday-change/<id>`) and the outbox: this process sends nothing itself.
 *
 * An obligation whose deadline a coordinator extended keeps its extension; closed ones keep their outcome.
 */
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
} from '@temporalio/client';
import type { CalendarMove } from '../activities/send-calendar-change.activity';
import type { PrismaClient } from '../db/prisma';
import { installCalendarData, type CalendarData } from '../domain/calendar-data';
import { planCalendar, type CalendarItem } from '../domain/plan-calendar';
import { planYears, type Plan } from '../domain/plan-schema';
import { calendarChangeWorkflow } from '../workflows/calendar-change.workflow';
import { rescheduleUpdate, statusQuery } from '../workflows/obligation.workflow';
import type { CalendarChange } from './holiday-store';

export interface RetargetDeps {
  prisma: PrismaClient;
  temporal: Client;
  taskQueue: string;
}

export interface RetargetReport {
  /** Open obligations whose schedule the change moved (re-targeted, or only stored when not running yet). */
  moved: CalendarMove[];
  /** Of those, the running workflows that took the new schedule. */
  rescheduled: number;
  /** Plans whose coordinators are told. */
  plans: string[];
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
): Promise<Array<{ plan: string; before: CalendarItem; after: CalendarItem }>> {
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
    installCalendarData(change.after);
  }
  if (out.length === 0) return [];
  const open = await prisma.assignment.findMany({
    where: { id: { in: out.map((m) => m.after.id) }, state: { in: [...OPEN] } },
    select: { id: true, dueAt: true },
  });
  // A row whose due instant is not the old planned one was extended for that agency: the extension stands.
  const movable = new Set(
    open
      .filter((r) => r.dueAt.getTime() === Date.parse(out.find((m) => m.after.id === r.id)!.before.dueAt))
      .map((r) => r.id),
  );
  return out.filter((m) => movable.has(m.after.id));
}

export async function retargetCalendarChange(deps: RetargetDeps, change: CalendarChange): Promise<RetargetReport> {
  const moves = await movesOf(deps.prisma, change);
  const report: RetargetReport = { moved: [], rescheduled: 0, plans: [] };
  for (const { after, before } of moves) {
    const handle = deps.temporal.workflow.getHandle(after.id);
    try {
      const status = await handle.query(statusQuery);
      const sent = new Set([...status.remindersSent, ...status.escalationsSent]);
      await handle.executeUpdate(rescheduleUpdate, {
        args: [
          {
            newDueAt: after.dueAt,
            reminders: after.reminderSteps.filter((r) => !sent.has(r.step)),
            escalations: after.escalations.filter((e) => !sent.has(e.step)),
          },
        ],
      });
      report.rescheduled++;
    } catch (err) {
      // Not running yet (a later year's cycle will start it from the plan and the new calendar), or closed now.
      if (!(err instanceof WorkflowNotFoundError || err instanceof WorkflowUpdateFailedError)) throw err;
    }
    await deps.prisma.assignment.update({
      where: { id: after.id },
      data: {
        statedDate: new Date(`${after.statedDate}T00:00:00Z`),
        dueDate: new Date(`${after.dueDate}T00:00:00Z`),
        dueAt: new Date(after.dueAt),
      },
    });
    report.moved.push({
      assignmentId: after.id,
      obligation: after.obligation,
      agency: after.agency,
      year: after.year,
      oldDueAt: before.dueAt,
      newDueAt: after.dueAt,
      oldReminders: before.reminders,
      newReminders: after.reminders,
    });
  }
  await deps.prisma.holidayChange.update({
    where: { id: change.id },
    data: { moved: report.moved as never },
  });
  const byPlan = new Map<string, CalendarMove[]>();
  for (const m of moves.map((x, i) => ({ plan: x.plan, move: report.moved[i]! }))) {
    byPlan.set(m.plan, [...(byPlan.get(m.plan) ?? []), m.move]);
  }
  report.plans = [...byPlan.keys()];
  if (byPlan.size > 0) {
    try {
      await deps.temporal.workflow.start(calendarChangeWorkflow, {
        workflowId: `holiday-change/${change.id}`,
        taskQueue: deps.taskQueue,
        args: [{ changeId: change.id, plans: [...byPlan].map(([planCode, list]) => ({ planCode, moves: list })) }],
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  }
  return report;
}
