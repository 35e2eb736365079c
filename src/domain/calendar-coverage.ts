/**
 * Whether the legal calendar needs an admin: from the first working day of a year that has no official schedule
 * (none shipped, none imported, or one that leaves Tết or Quốc khánh undecided), every date computed for that year
 * rests on a guess. Pure: the instant and the calendar are given.
 */
import { localDateOf } from './business-time';
import { estimateRuleText, isEstimatedYear, isWorkingDay, nextWorkingDay } from './holiday-calendar';
import type { CalendarOptions } from './holiday-days';

export interface CoverageGap {
  year: number;
  /** The year's first working day (by the estimate): the day the admins are told. */
  firstWorkingDay: string;
  /** The rule the year's dates are guessed with, in Vietnamese. */
  rule: string;
}

/** The first working day of `year`, as the (possibly estimated) calendar has it. */
export function firstWorkingDayOf(year: number, options?: CalendarOptions): string {
  const jan1 = `${year}-01-01`;
  return isWorkingDay(jan1, options) ? jan1 : nextWorkingDay(jan1, options);
}

/**
 * The gap to tell the admins of at `at`, or null: `at`'s year (business time) is estimated and its first working
 * day has come. Later days of the year answer the same, so a check that missed the day (server down) still tells;
 * sending once is the caller's part (one outbox key per year).
 */
export function calendarCoverageGap(at: Date, options?: CalendarOptions): CoverageGap | null {
  const today = localDateOf(at.toISOString());
  const year = Number(today.slice(0, 4));
  if (!isEstimatedYear(year, options)) return null;
  const first = firstWorkingDayOf(year, options);
  if (today < first) return null;
  return {
    year,
    firstWorkingDay: first,
    rule: estimateRuleText(year, options?.calendar?.estimateRules),
  };
}
