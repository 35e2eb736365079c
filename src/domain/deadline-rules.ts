/**
 * Deadline rules → legal due dates. A pure function of (rule, years, calendar settings): no I/O, no clock.
 *
 * The stated date is what the document says; the due date is when the deadline legally ends. They differ when the
 * stated day is a day off and roll-forward is on (Bộ luật Dân sự 2015, Điều 148: a period whose last day is a
 * weekly day off or a public holiday ends at the end of the next working day). Each instance says why, in Vietnamese,
 * with the law and the days it skipped (`dueExplanation`, ./deadline-explanation).
 */
import { dayOffReason, nextWorkingDay, previousWorkingDay, type CalendarOptions } from './holiday-calendar';
import {
  addDaysToDate,
  dateOf,
  lastDayOfMonth,
  localDateOf,
  localInstant,
  parseInstant,
  isoOf,
  weekdayOf,
} from './business-time';
import { parseDayMonth, type DeadlineRule } from './plan-schema';
import { formatDmy } from './date-format';
import { dueExplanation, skippedDays, type SkippedDay } from './deadline-explanation';

export interface CalendarSettings extends CalendarOptions {
  /** Default true. */
  rollForward?: boolean;
  /** Local time at which a day's deadline ends. Default 23:59. */
  dueTime?: string;
}

export type RollReason = null | 'weekend' | 'holiday';

export interface DeadlineInstance {
  year: number;
  /** The document's date, YYYY-MM-DD. */
  statedDate: string;
  /** The legal last day, YYYY-MM-DD. */
  dueDate: string;
  /** The instant the deadline ends, ISO-8601 with +07:00. */
  dueAt: string;
  rolled: RollReason;
  /** Why the date moved, in Vietnamese (e.g. "30/11/2014 là Chủ nhật"). */
  rolledBecause: string | null;
  /** The days off a roll-forward passed over, earliest first; empty when the deadline did not roll. */
  skippedDays: SkippedDay[];
  /**
   * The legal due date explained in Vietnamese, naming the law (Bộ luật Dân sự 2015, Điều 148) and the days skipped,
   * or null when the due date is simply the stated day. See ./deadline-explanation.
   */
  dueExplanation: string | null;
  /** For "tuần cuối tháng N": the Monday the reporting window opens. */
  windowOpens: string | null;
  /** True for `instant` rules: reminders go out at exact offsets, not at a local hour on working days. */
  exact: boolean;
}

const DEFAULT_DUE_TIME = '23:59';

/** Every instance a rule yields over the given plan years, in date order. */
export function deadlineInstances(
  rule: DeadlineRule,
  planYears: readonly number[],
  settings: CalendarSettings = {},
): DeadlineInstance[] {
  const out: DeadlineInstance[] = [];
  switch (rule.type) {
    case 'yearly':
    case 'every-year': {
      const dm = parseDayMonth(rule.date ?? '31/12');
      if (!dm) throw new RangeError(`invalid day/month ${rule.date ?? ''}`);
      for (const y of planYears) out.push(dayDeadline(y, dateOf(y, dm.month, dm.day), settings, rule.inclusive));
      break;
    }
    case 'in-years': {
      const dm = parseDayMonth(rule.date ?? '31/12');
      if (!dm) throw new RangeError(`invalid day/month ${rule.date ?? ''}`);
      for (const y of [...new Set(rule.years)].sort((a, b) => a - b))
        out.push(dayDeadline(y, dateOf(y, dm.month, dm.day), settings, rule.inclusive));
      break;
    }
    case 'once': {
      out.push(dayDeadline(Number(rule.date.slice(0, 4)), rule.date, settings, rule.inclusive));
      break;
    }
    case 'last-week-of-month': {
      for (const y of planYears) out.push(lastWeekDeadline(y, rule.month, settings));
      break;
    }
    case 'instant': {
      const at = parseInstant(rule.at);
      const date = localDateOf(rule.at);
      out.push({
        year: at.year,
        statedDate: date,
        dueDate: date,
        dueAt: isoOf(at),
        rolled: null,
        rolledBecause: null,
        skippedDays: [],
        dueExplanation: null,
        windowOpens: null,
        exact: true,
      });
      break;
    }
  }
  return out;
}

/**
 * A deadline on a stated day. Inclusive (the default), the stated day is the last day; exclusive ("trước ngày X"
 * read literally), the day before it is, and Điều 148 then rolls that day forward if it is a day off, which may land
 * on X itself.
 */
function dayDeadline(
  year: number,
  stated: string,
  settings: CalendarSettings,
  inclusive: boolean | undefined,
): DeadlineInstance {
  const last = inclusive === false ? addDaysToDate(stated, -1) : stated;
  const reason = dayOffReason(last, settings);
  let due = last;
  let rolled: RollReason = null;
  let rolledBecause: string | null = null;
  let skipped: SkippedDay[] = [];
  if (reason && settings.rollForward !== false) {
    due = nextWorkingDay(last, settings);
    rolled = reason.kind === 'weekend' ? 'weekend' : 'holiday';
    rolledBecause = `${formatDmy(last)} là ${reason.name}`;
    skipped = skippedDays(last, due, settings);
  }
  return {
    year,
    statedDate: stated,
    dueDate: due,
    dueAt: localInstant(due, settings.dueTime ?? DEFAULT_DUE_TIME, 59),
    rolled,
    rolledBecause,
    skippedDays: skipped,
    dueExplanation: dueExplanation({ stated, last, due, inclusive: inclusive !== false, skipped }),
    windowOpens: null,
    exact: false,
  };
}

/** "Tuần cuối tháng 6": due on the last working day of June; the window opens on that week's Monday. */
function lastWeekDeadline(year: number, month: number, settings: CalendarSettings): DeadlineInstance {
  const last = lastDayOfMonth(year, month);
  const reason = dayOffReason(last, settings);
  const due = reason ? previousWorkingDay(last, settings) : last;
  const monday = addDaysToDate(due, 1 - weekdayOf(due));
  return {
    year,
    statedDate: last,
    dueDate: due,
    dueAt: localInstant(due, settings.dueTime ?? DEFAULT_DUE_TIME, 59),
    rolled: null,
    rolledBecause: null,
    skippedDays: [],
    dueExplanation: null,
    windowOpens: monday,
    exact: false,
  };
}

export { formatDmy };
