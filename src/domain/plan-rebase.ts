/**
 * Re-bases a plan onto other years: the same obligations, day/month deadlines and policy, with every year-bearing
 * field shifted by the same offset. This is how a coordinator re-runs a past plan (the seed documents are 2014–2020)
 * for the current cycle, keeping its own deadlines (30/5 and 30/11 for Vĩnh Long, "tuần cuối tháng 6" for Nghệ An).
 * Pure: takes a validated plan, returns plan-file input to validate again.
 */
import { DateTime } from 'luxon';
import type { DeadlineRule, Plan, PlanInput } from './plan-schema';

function shiftDate(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const ny = y + years;
  // 29/2 has no twin in a common year: the document's "last day of February" becomes 28/2.
  const leap = (ny % 4 === 0 && ny % 100 !== 0) || ny % 400 === 0;
  const day = m === 2 && d === 29 && !leap ? 28 : d;
  return `${ny}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function shiftRule(rule: DeadlineRule, years: number): DeadlineRule {
  switch (rule.type) {
    case 'once':
      return { ...rule, date: shiftDate(rule.date, years) };
    case 'in-years':
      return { ...rule, years: rule.years.map((y) => y + years) };
    case 'instant':
      return {
        ...rule,
        at:
          DateTime.fromISO(rule.at, { setZone: true }).plus({ years }).toISO({ suppressMilliseconds: true }) ?? rule.at,
      };
    default:
      return rule;
  }
}

export function rebasePlan(plan: Plan, fromYear: number, code?: string): PlanInput {
  const off = fromYear - plan.years.from;
  const toYear = plan.years.to + off;
  const span = toYear === fromYear ? `năm ${fromYear}` : `${fromYear}–${toYear}`;
  return {
    ...plan,
    code: code ?? `${plan.code.replace(/-\d{4}(-\d{4})?$/, '')}-${fromYear}`.slice(0, 64),
    title: off === 0 ? plan.title : `${plan.title} (áp dụng cho ${span})`,
    years: { from: plan.years.from + off, to: plan.years.to + off },
    obligations: plan.obligations.map((o) => ({ ...o, due: shiftRule(o.due, off) })),
    campaigns: plan.campaigns.map((c) =>
      c.resultsReport ? { ...c, resultsReport: { ...c.resultsReport, due: shiftRule(c.resultsReport.due, off) } } : c,
    ),
    activities: plan.activities.map((a) => (a.due ? { ...a, due: shiftRule(a.due, off) } : a)),
    indicators: plan.indicators.map((i) => ({
      ...i,
      baseline: i.baseline ? { ...i.baseline, year: i.baseline.year + off } : undefined,
      targets: Object.fromEntries(Object.entries(i.targets).map(([y, v]) => [String(Number(y) + off), v])),
    })),
    budgets: plan.budgets.map((b) => ({ ...b, year: b.year + off })),
  };
}
