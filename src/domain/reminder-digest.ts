/**
 * Which obligations a daily digest lists: every assignment of one agency with a reminder on one local day, from the
 * plan's own calendar. Pure, so the send activity of any of those reminders computes the same list.
 */
import { localDateOf } from './business-time';
import { planCalendar, type CalendarItem } from './plan-calendar';
import { planYears, type Plan } from './plan-schema';

/** The outbox key base of an agency's digest for a day; the outbox appends `:email:<recipient>`. */
export function digestKeyBase(planCode: string, agencyCode: string, day: string): string {
  return `digest:${planCode}:${agencyCode}:${day}`;
}

/**
 * The calendar items of `agency` with a reminder on local day `day` (`YYYY-MM-DD`), earliest due first. Only the
 * cycles that can have a reminder that day are computed: reminders come before their deadline, and a plan's
 * cycle years are close to their deadlines' calendar years: the day's year and its neighbours.
 */
export function digestItemsOf(plan: Plan, agency: string, day: string): CalendarItem[] {
  const year = Number(day.slice(0, 4));
  const years = new Set(planYears(plan));
  const items: CalendarItem[] = [];
  for (const y of [year - 1, year, year + 1]) {
    if (!years.has(y)) continue;
    for (const item of planCalendar(plan, { year: y })) {
      if (item.agency === agency && item.reminders.some((at) => localDateOf(at) === day)) items.push(item);
    }
  }
  return items.sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt) || a.obligation.localeCompare(b.obligation));
}
