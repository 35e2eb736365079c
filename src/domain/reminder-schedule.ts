/**
 * When to remind and when to escalate, from a deadline instance and the plan's policy. Pure.
 *
 * Day-based offsets (P7D) count calendar days back from the due date and send at the plan's local hour; a reminder
 * that lands on a day off moves to the previous working day. Escalation steps count working days after the due
 * date. Offsets with a time part (PT2M), and every offset of an `instant` deadline, are exact: due instant ±
 * offset, kept inside the plan's working hours when it has them.
 *
 * After every long break (three or more consecutive non-working days, ./long-break) between the first reminder and
 * the due date, one more reminder goes out on the first working day after it, at the plan's hour (step
 * `reminder:after-break:<that day>`), unless `afterLongBreak` is false (the plan's `remindAfterLongBreak`): a
 * deadline on the Monday offices reopen after Tết gets its P7D, P3D and P1D reminders all moved to before Tết,
 * merged into one, and this one on the Monday morning. Reminders that land on the same instant are sent once, under the first step's name, and reported
 * in `merged` ({@link reminderPlan}), never dropped silently.
 */
import { Duration, type DateTime } from 'luxon';
import {
  addWorkingDays,
  isWorkingDay,
  nextWorkingDay,
  previousWorkingDay,
  type CalendarOptions,
} from './holiday-calendar';
import { addDaysToDate, isoOf, localDateOf, localInstant, parseInstant, BUSINESS_OFFSET_ZONE } from './business-time';
import { formatDmy } from './date-format';
import type { DeadlineInstance } from './deadline-rules';
import { longBreaksBetween } from './long-break';

export type ReminderKind = 'upcoming' | 'due-today';
export type EscalationTarget = 'focal' | 'head' | 'coordinator' | 'committee';

export interface ReminderAt {
  /** Stable name of the step, part of the outbox key: `reminder:P7D`. */
  step: string;
  at: string;
  kind: ReminderKind;
}

export interface EscalationAt {
  step: string;
  at: string;
  notify: EscalationTarget[];
}

export interface SchedulePolicy extends CalendarOptions {
  reminders: readonly string[];
  reminderHour: string;
  escalation: ReadonlyArray<{ after: string; notify: readonly EscalationTarget[] }>;
  workingHours: false | { from: string; to: string };
  /** A reminder on the first working day after each long break before the deadline. (Default: true.) */
  afterLongBreak?: boolean;
}

/** Reminder steps that fell on one instant: sent once, as `steps[0]`. */
export interface MergedReminders {
  at: string;
  /** Every step that landed on `at`, the one sent first. */
  steps: string[];
}

export interface ReminderPlan {
  /** What is sent, earliest first: the instants the workflow waits for. */
  reminders: ReminderAt[];
  /** Instants several steps collapsed onto, earliest first; empty when every step has its own instant. */
  merged: MergedReminders[];
}

/** The step name of the reminder after a long break that ends the day before `reopens`. */
export const AFTER_BREAK_STEP = 'reminder:after-break';

/** `P7D` counts days; `PT24H` is an exact span, whatever it adds up to. Decided from the text, as ISO 8601 does. */
function isDayBased(iso: string): boolean {
  return !iso.includes('T');
}

/** Reminder instants before the due instant, earliest first, without duplicates. */
export function reminderSchedule(deadline: DeadlineInstance, policy: SchedulePolicy): ReminderAt[] {
  return reminderPlan(deadline, policy).reminders;
}

/**
 * The reminders of a deadline and the steps that collapsed onto one instant.
 *
 * @example
 * // Due Monday 23/2/2026, the day offices reopen after Tết (14/2–22/2 off):
 * reminderPlan(deadline, { ...policy, reminders: ['P7D', 'P3D'] });
 * // { reminders: [{ step: 'reminder:P7D', at: '2026-02-13T08:00:00+07:00', kind: 'upcoming' },
 * //               { step: 'reminder:after-break:2026-02-23', at: '2026-02-23T08:00:00+07:00', kind: 'due-today' }],
 * //   merged: [{ at: '2026-02-13T08:00:00+07:00', steps: ['reminder:P7D', 'reminder:P3D'] }] }
 */
export function reminderPlan(deadline: DeadlineInstance, policy: SchedulePolicy): ReminderPlan {
  const due = parseInstant(deadline.dueAt);
  const candidates: Array<{ step: string; at: string }> = [];
  for (const offset of policy.reminders) {
    const d = Duration.fromISO(offset);
    if (!d.isValid) throw new RangeError(`invalid duration ${offset}`);
    let at: string;
    if (deadline.exact || !isDayBased(offset)) {
      at = clampToWorkingHours(isoOf(due.minus(d)), policy.workingHours, 'earlier', policy);
    } else {
      let date = addDaysToDate(deadline.dueDate, -Math.round(d.as('days')));
      if (!isWorkingDay(date, policy)) date = previousWorkingDay(date, policy);
      at = localInstant(date, policy.reminderHour);
    }
    if (parseInstant(at) < due) candidates.push({ step: `reminder:${offset}`, at });
  }
  // Exact deadlines (demos, tests) keep exact offsets only; a day-dated one gets a reminder after each long break
  // that opens after its first reminder.
  if (!deadline.exact && policy.afterLongBreak !== false && candidates.length > 0) {
    const first = candidates.map((c) => localDateOf(c.at)).sort()[0] as string;
    for (const b of longBreaksBetween(first, deadline.dueDate, policy)) {
      const at = localInstant(b.reopens, policy.reminderHour);
      if (parseInstant(at) < due) candidates.push({ step: `${AFTER_BREAK_STEP}:${b.reopens}`, at });
    }
  }
  const byInstant = new Map<string, string[]>();
  for (const c of candidates) byInstant.set(c.at, [...(byInstant.get(c.at) ?? []), c.step]);
  const instants = [...byInstant.keys()].sort((a, b) => parseInstant(a).toMillis() - parseInstant(b).toMillis());
  return {
    reminders: instants.map((at) => ({
      step: (byInstant.get(at) as string[])[0] as string,
      at,
      kind: parseInstant(at).toISODate() === deadline.dueDate ? 'due-today' : 'upcoming',
    })),
    merged: instants
      .filter((at) => (byInstant.get(at) as string[]).length > 1)
      .map((at) => ({ at, steps: [...(byInstant.get(at) as string[])] })),
  };
}

/**
 * One step's name in Vietnamese, for the calendar's explanations: `reminder:P7D` → "nhắc P7D",
 * `reminder:after-break:2026-02-23` → "nhắc sau kỳ nghỉ dài (23/2/2026)".
 */
function reminderStepText(step: string): string {
  if (step.startsWith(`${AFTER_BREAK_STEP}:`)) {
    return `nhắc sau kỳ nghỉ dài (${formatDmy(step.slice(AFTER_BREAK_STEP.length + 1))})`;
  }
  return `nhắc ${step.replace(/^reminder:/, '')}`;
}

/**
 * A merged instant explained, in business time: "Nhắc P7D, nhắc P3D trùng vào 08:00 13/2/2026: gửi một lần (nhắc
 * P7D)."
 */
export function mergedRemindersText(m: MergedReminders): string {
  const steps = m.steps.map(reminderStepText);
  const at = `${parseInstant(m.at).toFormat('HH:mm')} ${formatDmy(localDateOf(m.at))}`;
  const text = `${steps.join(', ')} trùng vào ${at}: gửi một lần (${steps[0] ?? ''}).`;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Escalation instants after the due instant, in ladder order. */
export function escalationSchedule(deadline: DeadlineInstance, policy: SchedulePolicy): EscalationAt[] {
  return policy.escalation.map((step, i) => {
    const d = Duration.fromISO(step.after);
    if (!d.isValid) throw new RangeError(`invalid duration ${step.after}`);
    let at: string;
    if (deadline.exact || !isDayBased(step.after)) {
      at = clampToWorkingHours(isoOf(parseInstant(deadline.dueAt).plus(d)), policy.workingHours, 'later', policy);
    } else {
      at = localInstant(addWorkingDays(deadline.dueDate, Math.round(d.as('days')), policy), policy.reminderHour);
    }
    return { step: `escalation:${i + 1}`, at, notify: [...step.notify] };
  });
}

/**
 * Moves an instant into working time: a working day, between the plan's opening and closing hours. `earlier`
 * (reminders: better a little early than after the deadline) goes back to the last working moment, `later`
 * (escalations) forward to the next one. Plans without working hours (`false`, demo plans) keep exact instants.
 */
export function clampToWorkingHours(
  at: string,
  hours: SchedulePolicy['workingHours'],
  direction: 'earlier' | 'later',
  calendar: CalendarOptions = {},
): string {
  if (hours === false) return at;
  let dt = parseInstant(at);
  const day = () => dt.toISODate() ?? '';
  if (direction === 'later') {
    if (dt > atTime(dt, hours.to)) dt = atTime(dt, hours.from).plus({ days: 1 });
    else if (dt < atTime(dt, hours.from)) dt = atTime(dt, hours.from);
    if (!isWorkingDay(day(), calendar))
      dt = atTime(parseInstant(localInstant(nextWorkingDay(day(), calendar), hours.from)), hours.from);
  } else {
    if (dt < atTime(dt, hours.from)) dt = atTime(dt, hours.to).minus({ days: 1 });
    else if (dt > atTime(dt, hours.to)) dt = atTime(dt, hours.to);
    if (!isWorkingDay(day(), calendar))
      dt = atTime(parseInstant(localInstant(previousWorkingDay(day(), calendar), hours.to)), hours.to);
  }
  return isoOf(dt);
}

function atTime(dt: DateTime, hhmm: string): DateTime {
  const [h, m] = hhmm.split(':').map(Number);
  return dt.setZone(BUSINESS_OFFSET_ZONE).set({ hour: h ?? 0, minute: m ?? 0, second: 0, millisecond: 0 });
}
