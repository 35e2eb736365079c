/**
 * A plan's yearly cycles: when each year's cycle must start (early enough for its first reminder), which year a
 * scheduled start belongs to, and the campaign messages of a year. Pure functions of the plan; the Temporal
 * Schedule, the cycle workflow and the campaign workflow receive the instants computed here.
 */
import { Duration } from 'luxon';
import { addDaysToDate, dateOf, isoOf, localInstant, parseInstant } from './business-time';
import { isWorkingDay, nextWorkingDay, previousWorkingDay } from './holiday-calendar';
import { planCalendar, schedulePolicy, type CalendarItem } from './plan-calendar';
import { parseDayMonth, planYears, resolveAudience, type Plan } from './plan-schema';

/** A cycle starts this long before the earliest message it owes, so a slow start still sends that one on time. */
const START_MARGIN_HOURS = 6;

export interface CycleStart {
  year: number;
  /** ISO instant (UTC+7) at which the cycle workflow of `year` should be running. */
  at: string;
}

export type CampaignStepKind = 'campaign-notice' | 'campaign-kickoff' | 'campaign-reminder';

export interface CampaignStep {
  /** Stable step name, part of the outbox key: `notice`, `kickoff`, `mid`. */
  step: 'notice' | 'kickoff' | 'mid';
  kind: CampaignStepKind;
  at: string;
}

export interface CampaignRun {
  /** Workflow id: `<plan>/<year>/campaign/<campaign>`. */
  id: string;
  planCode: string;
  year: number;
  campaignId: string;
  name: string;
  /** First and last day of the window, `YYYY-MM-DD`. */
  start: string;
  end: string;
  participants: string[];
  steps: CampaignStep[];
}

export { cycleWorkflowId } from './cycle-start';

export function campaignWorkflowId(planCode: string, year: number, campaignId: string): string {
  return `${planCode}/${year}/campaign/${campaignId}`;
}

/** The campaign windows and their three messages in `year`. A window like 15/12–15/1 ends in the next year. */
export function campaignRuns(plan: Plan, year: number): CampaignRun[] {
  const policy = schedulePolicy(plan);
  return plan.campaigns.map((c) => {
    const from = parseDayMonth(c.window.from);
    const to = parseDayMonth(c.window.to);
    if (!from || !to) throw new RangeError(`campaign ${c.id}: invalid window`);
    const start = dateOf(year, from.month, from.day);
    const wraps = to.month < from.month || (to.month === from.month && to.day < from.day);
    const end = dateOf(wraps ? year + 1 : year, to.month, to.day);
    const days = Math.round((Date.parse(end) - Date.parse(start)) / 86_400_000);
    const notice = Duration.fromISO(c.noticeBefore);
    if (!notice.isValid) throw new RangeError(`campaign ${c.id}: invalid noticeBefore ${c.noticeBefore}`);
    // Messages go out on working days at the plan's hour: the notice and the mid reminder on the working day at or
    // before their date (a notice should not arrive late), the kick-off on the first working day of the window.
    const onOrBefore = (date: string) => (isWorkingDay(date, policy) ? date : previousWorkingDay(date, policy));
    const onOrAfter = (date: string) => (isWorkingDay(date, policy) ? date : nextWorkingDay(date, policy));
    const noticeDate = onOrBefore(addDaysToDate(start, -Math.round(notice.as('days'))));
    const steps: CampaignStep[] = [
      { step: 'notice', kind: 'campaign-notice', at: localInstant(noticeDate, policy.reminderHour) },
      { step: 'kickoff', kind: 'campaign-kickoff', at: localInstant(onOrAfter(start), policy.reminderHour) },
      {
        step: 'mid',
        kind: 'campaign-reminder',
        at: localInstant(onOrBefore(addDaysToDate(start, Math.floor(days / 2))), policy.reminderHour),
      },
    ];
    return {
      id: campaignWorkflowId(plan.code, year, c.id),
      planCode: plan.code,
      year,
      campaignId: c.id,
      name: c.name,
      start,
      end,
      participants: resolveAudience(plan, c.participants),
      steps,
    };
  });
}

/** When each year's cycle must start: before its first reminder or campaign notice, and never after 1 January. */
export function cycleStarts(plan: Plan, items: CalendarItem[] = planCalendar(plan)): CycleStart[] {
  const earliest = new Map<number, number>();
  const see = (year: number, iso: string) => {
    const ms = Date.parse(iso);
    const cur = earliest.get(year);
    if (cur === undefined || ms < cur) earliest.set(year, ms);
  };
  for (const year of planYears(plan)) see(year, localInstant(dateOf(year, 1, 1), '00:00'));
  for (const item of items) {
    see(item.year, item.dueAt);
    for (const r of item.reminderSteps) see(item.year, r.at);
  }
  for (const year of planYears(plan)) for (const run of campaignRuns(plan, year)) see(year, run.steps[0]!.at);
  return [...earliest.entries()]
    .sort(([a], [b]) => a - b)
    .map(([year, ms]) => ({
      year,
      at: isoOf(parseInstant(new Date(ms).toISOString()).minus({ hours: START_MARGIN_HOURS })),
    }));
}

/**
 * The year whose cycle a start at `at` belongs to: the latest year whose start is not after `at`. A Schedule that
 * fires late (catch-up after an outage) still names the right year; `null` before the plan's first cycle.
 */
export function cycleYearAt(starts: CycleStart[], at: string): number | null {
  let year: number | null = null;
  for (const s of starts) if (Date.parse(s.at) <= Date.parse(at)) year = s.year;
  return year;
}

/**
 * Which cycles to start now and which to leave to the Schedule: a year whose start has passed runs at once (the
 * workflows skip what is already past), unless everything in it closed long ago (`liveUntil` of its items).
 */
export function splitCycles(
  starts: CycleStart[],
  now: Date,
  liveYears: ReadonlySet<number>,
): { now: number[]; scheduled: CycleStart[] } {
  const due = starts.filter((s) => Date.parse(s.at) <= now.getTime());
  return {
    now: due.map((s) => s.year).filter((y) => liveYears.has(y)),
    scheduled: starts.filter((s) => Date.parse(s.at) > now.getTime()),
  };
}
