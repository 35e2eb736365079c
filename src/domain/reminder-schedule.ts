/**
 * When to remind and when to escalate, from a deadline instance and the plan's policy. Pure.
 *
 * Day-based offsets (P7D) count calendar days back from the due date and send at the plan's local hour; a reminder
 * that lands on a day off moves to the previous working day. Escalation steps count working days after the due
 * date. Offsets with a time part (PT2M), and every offset of an `instant` deadline, are exact: due instant ±
 * offset, kept inside the plan's working hours when it has them.
 */
import { Duration, type DateTime } from 'luxon';
import {
  addWorkingDays,
  isWorkingDay,
  nextWorkingDay,
  previousWorkingDay,
  type CalendarOptions,
} from './holiday-calendar';
import { addDaysToDate, isoOf, localInstant, parseInstant, BUSINESS_OFFSET_ZONE } from './business-time';
import type { DeadlineInstance } from './deadline-rules';

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
}

/** `P7D` counts days; `PT24H` is an exact span, whatever it adds up to. Decided from the text, as ISO 8601 does. */
function isDayBased(iso: string): boolean {
  return !iso.includes('T');
}

/** Reminder instants before the due instant, earliest first, without duplicates. */
export function reminderSchedule(deadline: DeadlineInstance, policy: SchedulePolicy): ReminderAt[] {
  const byInstant = new Map<string, ReminderAt>();
  for (const offset of policy.reminders) {
    const d = Duration.fromISO(offset);
    if (!d.isValid) throw new RangeError(`invalid duration ${offset}`);
    let at: string;
    if (deadline.exact || !isDayBased(offset)) {
      at = clampToWorkingHours(isoOf(parseInstant(deadline.dueAt).minus(d)), policy.workingHours, 'earlier', policy);
    } else {
      let date = addDaysToDate(deadline.dueDate, -Math.round(d.as('days')));
      if (!isWorkingDay(date, policy)) date = previousWorkingDay(date, policy);
      at = localInstant(date, policy.reminderHour);
    }
    if (parseInstant(at) >= parseInstant(deadline.dueAt)) continue;
    const kind: ReminderKind = parseInstant(at).toISODate() === deadline.dueDate ? 'due-today' : 'upcoming';
    if (!byInstant.has(at)) byInstant.set(at, { step: `reminder:${offset}`, at, kind });
  }
  return [...byInstant.values()].sort((a, b) => parseInstant(a.at).toMillis() - parseInstant(b.at).toMillis());
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
