/**
 * The plan file: what a Kế hoạch obliges, as data. Validated with zod at every boundary (CLI, HTTP, store), so the
 * rest of the code can trust a `Plan`. Messages are Vietnamese first, then English, because coordinators read them.
 *
 * Pure: no I/O. Parsing text (YAML/JSON) lives in `plan-file.ts`.
 */
import { z } from 'zod';
import { Agency } from './plan-schema-agencies';
import type { DeadlineRule } from './plan-schema-deadline';
import { code, isoDate, parseDayMonth, year } from './plan-schema-fields';
import { Activity, Budget, Campaign, Indicator, Obligation } from './plan-schema-obligations';
import { Policy } from './plan-schema-policy';

export { DeadlineRule } from './plan-schema-deadline';
export { parseDayMonth } from './plan-schema-fields';
export { type Indicator } from './plan-schema-obligations';

const YearRange = z.object({ from: year, to: year }).strict();

export const PlanSchema = z
  .object({
    code: code('plan'),
    title: z.string().min(1, 'tiêu đề không được trống / title is required'),
    document: z
      .object({
        number: z.string().optional(),
        issuer: z.string().optional(),
        issuedOn: isoDate.optional(),
        source: z.string().optional(),
      })
      .strict()
      .default({}),
    years: YearRange,
    coordinator: code('agency'),
    /** Who receives the consolidated report and the list of overdue agencies (usually UBND tỉnh). */
    committee: code('agency').optional(),
    agencies: z.array(Agency).min(1, 'cần ít nhất một cơ quan / at least one agency'),
    groups: z.record(code('group'), z.array(code('agency'))).default({}),
    obligations: z.array(Obligation).default([]),
    campaigns: z.array(Campaign).default([]),
    activities: z.array(Activity).default([]),
    indicators: z.array(Indicator).default([]),
    budgets: z.array(Budget).default([]),
    policy: Policy.default(() => Policy.parse({})),
  })
  .strict()
  .superRefine((plan, ctx) => checkReferences(plan, ctx));

export type Plan = z.output<typeof PlanSchema>;
export type PlanInput = z.input<typeof PlanSchema>;

type RefineCtx = z.core.$RefinementCtx<Plan>;

/** Cross-field rules zod's shapes cannot say: references resolve, codes are unique, years and windows are sane. */
function checkReferences(plan: Plan, ctx: RefineCtx): void {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  if (plan.years.from > plan.years.to) {
    issue(['years'], `năm bắt đầu ${plan.years.from} sau năm kết thúc ${plan.years.to} / years are reversed`);
  }
  const agencyCodes = new Set<string>();
  plan.agencies.forEach((a, i) => {
    if (agencyCodes.has(a.code))
      issue(['agencies', i, 'code'], `mã cơ quan "${a.code}" bị trùng / duplicate agency code`);
    agencyCodes.add(a.code);
  });
  const known = (c: string) => agencyCodes.has(c);
  const unknown = (c: string) => `không có cơ quan mã "${c}" / unknown agency "${c}"`;
  if (!known(plan.coordinator)) issue(['coordinator'], unknown(plan.coordinator));
  if (plan.committee !== undefined && !known(plan.committee)) issue(['committee'], unknown(plan.committee));
  for (const [name, members] of Object.entries(plan.groups)) {
    if (name === 'all') issue(['groups', name], '"all" là tên dành sẵn / "all" is reserved');
    members.forEach((m, i) => {
      if (!known(m)) issue(['groups', name, i], unknown(m));
    });
  }
  const checkAudience = (aud: string | string[], path: (string | number)[]) => {
    if (typeof aud === 'string') {
      if (aud !== 'all' && !(aud in plan.groups) && !known(aud)) {
        issue(path, `không có nhóm hoặc cơ quan "${aud}" / unknown group or agency "${aud}"`);
      } else if (aud in plan.groups && (plan.groups[aud] ?? []).length === 0) {
        issue(path, `nhóm "${aud}" không có cơ quan nào: không ai phải báo cáo / group is empty: no one reports`);
      }
    } else {
      aud.forEach((c, i) => {
        if (!known(c)) issue([...path, i], unknown(c));
      });
    }
  };
  const obligationIds = new Set<string>();
  plan.obligations.forEach((o, i) => {
    if (obligationIds.has(o.id))
      issue(['obligations', i, 'id'], `mã nghĩa vụ "${o.id}" bị trùng / duplicate obligation id`);
    obligationIds.add(o.id);
    checkAudience(o.from, ['obligations', i, 'from']);
    if (!known(o.to)) issue(['obligations', i, 'to'], unknown(o.to));
    checkRuleYears(o.due, plan, ['obligations', i, 'due'], issue);
  });
  plan.obligations.forEach((o, i) =>
    (o.gathers ?? []).forEach((g, j) => {
      if (!obligationIds.has(g))
        issue(['obligations', i, 'gathers', j], `không có nghĩa vụ "${g}" / unknown obligation "${g}"`);
    }),
  );
  const windows: { from: number; to: number; index: number }[] = [];
  plan.campaigns.forEach((c, i) => {
    checkAudience(c.participants, ['campaigns', i, 'participants']);
    if (c.resultsReport && !known(c.resultsReport.to))
      issue(['campaigns', i, 'resultsReport', 'to'], unknown(c.resultsReport.to));
    const from = parseDayMonth(c.window.from);
    const to = parseDayMonth(c.window.to);
    if (from && to) {
      const f = from.month * 100 + from.day;
      const t = to.month * 100 + to.day;
      if (t < f)
        issue(
          ['campaigns', i, 'window'],
          `cửa sổ ${c.window.from}–${c.window.to} kết thúc trước khi bắt đầu / window ends before it starts`,
        );
      for (const w of windows) {
        if (f <= w.to && t >= w.from) {
          issue(
            ['campaigns', i, 'window'],
            `trùng thời gian với campaigns[${w.index}] / overlaps campaigns[${w.index}]`,
          );
        }
      }
      windows.push({ from: f, to: t, index: i });
    }
  });
  plan.activities.forEach((a, i) => {
    if (!known(a.lead)) issue(['activities', i, 'lead'], unknown(a.lead));
    a.cooperating.forEach((c, j) => {
      if (!known(c)) issue(['activities', i, 'cooperating', j], unknown(c));
    });
  });
  const indicatorCodes = new Set(plan.indicators.map((ind) => ind.code));
  plan.indicators.forEach((ind, i) => {
    if (ind.responsible !== undefined && !known(ind.responsible))
      issue(['indicators', i, 'responsible'], unknown(ind.responsible));
    if (ind.rateOf !== undefined) {
      if (ind.aggregate !== 'rate')
        issue(['indicators', i, 'rateOf'], 'rateOf chỉ dùng với aggregate: rate / rateOf needs aggregate: rate');
      for (const part of ['numerator', 'denominator'] as const) {
        const ref = ind.rateOf[part];
        if (!indicatorCodes.has(ref))
          issue(['indicators', i, 'rateOf', part], `không có chỉ tiêu mã "${ref}" / unknown indicator "${ref}"`);
      }
    }
  });
}

function checkRuleYears(
  rule: DeadlineRule,
  plan: Plan,
  path: (string | number)[],
  issue: (path: (string | number)[], message: string) => void,
): void {
  if (rule.type === 'in-years') {
    rule.years.forEach((y, j) => {
      if (y < plan.years.from || y > plan.years.to) {
        issue(
          [...path, 'years', j],
          `năm ${y} nằm ngoài thời gian của kế hoạch ${plan.years.from}–${plan.years.to} / year outside the plan`,
        );
      }
    });
  }
}

/** The agency codes an audience names, in plan order. */
export function resolveAudience(plan: Plan, audience: string | readonly string[]): string[] {
  if (typeof audience !== 'string') return [...audience];
  if (audience === 'all')
    return plan.agencies.map((a) => a.code).filter((c) => c !== plan.coordinator && c !== plan.committee);
  const group = plan.groups[audience];
  if (group) return [...group];
  return [audience];
}

/** The years a plan covers, in order. */
export function planYears(plan: Pick<Plan, 'years'>): number[] {
  const out: number[] = [];
  for (let y = plan.years.from; y <= plan.years.to; y++) out.push(y);
  return out;
}
