/**
 * Whether a message may go out now under the plan's working hours. Pure.
 *
 * The schedule already puts every step inside working hours (`clampToWorkingHours`), but a send activity that fails
 * is retried by Temporal with backoff, and a retry does not know about the clock: a 19:59 reminder whose first
 * attempt met a busy mail server could go out at 20:30. The send activities therefore ask this function before each
 * attempt, and when the answer is "not now" they fail with a retryable error whose next retry is the opening given
 * here (see `OutsideWorkingHours` in src/activities/errors.ts).
 *
 * Working hours imply working days, as in `clampToWorkingHours`: weekends, public holidays and official days off
 * from the holiday calendar are closed all day; make-up working Saturdays are open when the plan counts them.
 */
import { localInstant } from './business-time';
import { isWorkingDay, nextWorkingDay, type CalendarOptions } from './holiday-calendar';

const UTC7_MS = 7 * 3600_000;

export interface WorkingHours {
  /** Local opening time, `HH:MM`. */
  from: string;
  /** Local closing time, `HH:MM`: the last minute in which a message may start. */
  to: string;
}

export type SendDecision =
  | { send: true }
  | {
      send: false;
      reason: 'before-hours' | 'after-hours' | 'day-off';
      /** The next opening, ISO with +07:00. */
      opensAt: string;
      /** From `at` to the opening, in milliseconds (> 0). */
      delayMs: number;
    };

/**
 * Decides for an attempt at instant `at`. Plans without working hours (`false`, demo plans) always send.
 *
 * The closing minute is open to its end (20:00:59.999 with `to: '20:00'`): the schedule clamps reminders to exactly
 * 20:00:00, and the activity a timer starts at that instant runs a few milliseconds later; refusing it would push
 * every clamped reminder to the next morning.
 *
 * @example
 * sendDecision('2026-11-23T20:30:00+07:00', { from: '07:00', to: '20:00' })
 * // { send: false, reason: 'after-hours', opensAt: '2026-11-24T07:00:00+07:00', delayMs: 37_800_000 }
 */
export function sendDecision(
  at: Date | string,
  hours: WorkingHours | false,
  calendar: CalendarOptions = {},
): SendDecision {
  if (hours === false) return { send: true };
  const atMs = typeof at === 'string' ? Date.parse(at) : at.getTime();
  if (!Number.isFinite(atMs)) throw new RangeError(`invalid instant ${String(at)}`);
  // Plain arithmetic on the fixed UTC+7 offset (see BUSINESS_OFFSET_ZONE): this runs before every message, and
  // luxon's parsing cost more than the rest of the decision.
  const today = new Date(atMs + UTC7_MS).toISOString().slice(0, 10);
  const opensToday = Date.parse(`${today}T${hours.from}:00+07:00`);
  const closesToday = Date.parse(`${today}T${hours.to}:00+07:00`) + 60_000;
  if (!Number.isFinite(opensToday) || !Number.isFinite(closesToday)) {
    throw new RangeError(`invalid working hours ${hours.from}–${hours.to}`);
  }
  // An empty window would defer every message forever; say so instead (a plan error, not a transient one).
  if (opensToday >= closesToday - 60_000) throw new RangeError(`working hours ${hours.from}–${hours.to} are empty`);

  const open = (date: string) => {
    const opensAt = localInstant(date, hours.from);
    return { opensAt, delayMs: Date.parse(opensAt) - atMs };
  };
  if (!isWorkingDay(today, calendar))
    return { send: false, reason: 'day-off', ...open(nextWorkingDay(today, calendar)) };
  if (atMs < opensToday) return { send: false, reason: 'before-hours', ...open(today) };
  if (atMs >= closesToday) {
    return { send: false, reason: 'after-hours', ...open(nextWorkingDay(today, calendar)) };
  }
  return { send: true };
}
