/**
 * Long breaks: runs of three or more consecutive non-working days (Tết, a holiday joined to a weekend). Offices are
 * closed through them, so a reminder sent before one is easily lost by the time they reopen. Pure: no I/O.
 */
import { addDaysToDate } from './business-time';
import { isWorkingDay, type CalendarOptions } from './holiday-calendar';

/** A break is long from this many consecutive non-working days: more than a plain weekend. */
export const LONG_BREAK_DAYS = 3;

export interface LongBreak {
  /** First and last day off of the run, YYYY-MM-DD. */
  first: string;
  last: string;
  days: number;
  /** The first working day after the run. */
  reopens: string;
}

/**
 * The long breaks that lie wholly between `after` and `before` (both excluded), earliest first: each run of at
 * least `minDays` non-working days that begins after a working day on or after `after` and ends with a working day
 * on or before `before`. A run already under way on `after`, or still going on `before`, is not one: nothing was
 * sent before it, or offices reopen only after `before`.
 *
 * @example
 * longBreaksBetween('2026-02-13', '2026-02-23', {});
 * // [{ first: '2026-02-14', last: '2026-02-22', days: 9, reopens: '2026-02-23' }]: Tết Bính Ngọ
 */
export function longBreaksBetween(
  after: string,
  before: string,
  options: CalendarOptions,
  minDays: number = LONG_BREAK_DAYS,
): LongBreak[] {
  const out: LongBreak[] = [];
  let runStart: string | null = null;
  let previousWorking = isWorkingDay(after, options);
  for (let date = addDaysToDate(after, 1); date <= before; date = addDaysToDate(date, 1)) {
    const working = isWorkingDay(date, options);
    if (!working && previousWorking) runStart = date;
    if (working && runStart !== null) {
      const last = addDaysToDate(date, -1);
      const days = Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${runStart}T00:00:00Z`)) / 86_400_000);
      if (days >= minDays) out.push({ first: runStart, last, days, reopens: date });
      runStart = null;
    }
    previousWorking = working;
  }
  return out;
}
