/**
 * A plan's calendar: every obligation instance (agency × obligation × year) with its stated and legal due date,
 * its reminders and its escalation ladder. Pure: the same plan gives the same calendar on any machine, any day.
 * Workflows receive the instants computed here; they never compute dates themselves.
 */
import { deadlineInstances, type CalendarSettings, type DeadlineInstance } from './deadline-rules';
import { isEstimatedYear } from './holiday-calendar';
import {
  escalationSchedule,
  reminderPlan,
  type EscalationAt,
  type MergedReminders,
  type ReminderAt,
  type SchedulePolicy,
} from './reminder-schedule';
import { planYears, resolveAudience, type DeadlineRule, type Plan } from './plan-schema';
import { assignmentWorkflowId } from './workflow-ids';

export interface CalendarItem extends DeadlineInstance {
  /** Workflow id of this assignment. */
  id: string;
  obligation: string;
  obligationTitle: string;
  agency: string;
  to: string;
  reminders: string[];
  reminderSteps: ReminderAt[];
  /** Reminder steps that fell on one instant and go out once (see reminderPlan); empty when none did. */
  mergedReminders: MergedReminders[];
  escalations: EscalationAt[];
  period: { from: string; to: string; label: string | null } | null;
  /**
   * True when the stated or the legal due date falls in a year without an official schedule, so the Tết split or
   * the day paired with 2/9 it rests on is a guess (see holiday-estimate.ts).
   */
  estimate: boolean;
}

export interface CalendarObligation {
  id: string;
  title: string;
  due: DeadlineRule;
  from: string[];
  to: string;
  period?: Plan['obligations'][number]['period'];
}

export function calendarSettings(plan: Plan): CalendarSettings {
  return {
    rollForward: plan.policy.rollForward,
    dueTime: plan.policy.dueTime,
    makeUpDaysAreWorkingDays: plan.policy.makeUpDaysAreWorkingDays,
    proposedHolidays: plan.policy.proposedHolidays,
  };
}

export function schedulePolicy(plan: Plan): SchedulePolicy {
  return {
    reminders: plan.policy.reminders,
    reminderHour: plan.policy.reminderHour,
    escalation: plan.policy.escalation,
    workingHours: plan.policy.workingHours,
    afterLongBreak: plan.policy.remindAfterLongBreak ?? true,
    makeUpDaysAreWorkingDays: plan.policy.makeUpDaysAreWorkingDays,
    proposedHolidays: plan.policy.proposedHolidays,
  };
}

/**
 * Everything that gets reminded: the plan's obligations, each activity with a deadline (owed by its lead agency
 * to the coordinator, id `activity-<id>`), and each campaign's results report (id `<campaign>-results`).
 */
export function calendarObligations(plan: Plan): CalendarObligation[] {
  const out: CalendarObligation[] = plan.obligations.map((o) => ({
    id: o.id,
    title: o.title,
    due: o.due,
    from: resolveAudience(plan, o.from),
    to: o.to,
    period: o.period,
  }));
  for (const c of plan.campaigns) {
    if (c.resultsReport) {
      out.push({
        id: `${c.id}-results`,
        title: c.resultsReport.title,
        due: c.resultsReport.due,
        from: resolveAudience(plan, c.participants),
        to: c.resultsReport.to,
      });
    }
  }
  for (const a of plan.activities) {
    if (a.due) out.push({ id: `activity-${a.id}`, title: a.title, due: a.due, from: [a.lead], to: plan.coordinator });
  }
  return out;
}

/** All instances of the plan, or of one year, sorted by due instant, then obligation, then agency. */
export function planCalendar(plan: Plan, options: { year?: number } = {}): CalendarItem[] {
  const years = planYears(plan);
  const settings = calendarSettings(plan);
  const policy = schedulePolicy(plan);
  const items: CalendarItem[] = [];
  for (const o of calendarObligations(plan)) {
    for (const inst of deadlineInstances(o.due, years, settings)) {
      if (options.year !== undefined && inst.year !== options.year) continue;
      const { reminders: reminderSteps, merged: mergedReminders } = reminderPlan(inst, policy);
      const escalations = escalationSchedule(inst, policy);
      const estimate = isEstimatedYear(yearOfDate(inst.statedDate)) || isEstimatedYear(yearOfDate(inst.dueDate));
      for (const agency of o.from) {
        items.push({
          ...inst,
          id: assignmentWorkflowId({ plan: plan.code, year: inst.year, obligation: o.id, agency }),
          obligation: o.id,
          obligationTitle: o.title,
          agency,
          to: o.to,
          reminders: reminderSteps.map((r) => r.at),
          reminderSteps,
          mergedReminders,
          escalations,
          period: o.period
            ? {
                from: `${o.period.from}${o.period.fromPreviousYear ? `/${inst.year - 1}` : `/${inst.year}`}`,
                to: `${o.period.to}/${inst.year}`,
                label: o.period.label ?? null,
              }
            : null,
          estimate,
        });
      }
    }
  }
  const order = new Map(plan.agencies.map((a, i) => [a.code, i]));
  // Sort keys computed once: Date.parse inside the comparator dominated the run time for large plans.
  const keyed = items.map((item) => ({ item, at: Date.parse(item.dueAt), rank: order.get(item.agency) ?? 0 }));
  keyed.sort(
    (a, b) =>
      a.at - b.at ||
      (a.item.obligation < b.item.obligation ? -1 : a.item.obligation > b.item.obligation ? 1 : 0) ||
      a.rank - b.rank,
  );
  return keyed.map((k) => k.item);
}

function yearOfDate(date: string): number {
  return Number(date.slice(0, 4));
}
