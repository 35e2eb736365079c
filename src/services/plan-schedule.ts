/**
 * The plan's Temporal Schedule (`plan/<code>`): it starts each later year's cycle in time for its first reminder
 * (src/domain/cycle-schedule.ts says when). Written by plan apply, paused, resumed and deleted with the plan.
 */
import { ScheduleNotFoundError, type Client, type ScheduleOptions } from '@temporalio/client';
import type { CycleStart } from '../domain/cycle-schedule';
import type { Plan } from '../domain/plan-schema';
import { PLAN_KEY } from '../domain/search-attributes';
import { cycleStarterWorkflow } from '../workflows/plan-cycle.workflow';

export interface PlanScheduleDeps {
  temporal: Client;
  taskQueue: string;
}

export function planScheduleId(planCode: string): string {
  return `plan/${planCode}`;
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
export async function upsertPlanSchedule(deps: PlanScheduleDeps, plan: Plan, scheduled: CycleStart[]): Promise<void> {
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
