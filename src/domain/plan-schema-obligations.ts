/**
 * What a plan asks of its agencies: obligations (reports, plans, activities with a deadline), campaigns,
 * activities, indicators and budgets. Pure: no I/O.
 */
import { z } from 'zod';
import { Audience } from './plan-schema-agencies';
import { DeadlineRule } from './plan-schema-deadline';
import { code, dayMonth, isoDuration, year } from './plan-schema-fields';

const Period = z
  .object({
    from: dayMonth,
    to: dayMonth,
    /** The period starts in the previous year (Nghị định 09/2019: 15/12 of the year before). */
    fromPreviousYear: z.boolean().default(false),
    label: z.string().optional(),
  })
  .strict();

export const OBLIGATION_KINDS = [
  'plan',
  'semi-annual-report',
  'annual-report',
  'consolidated-report',
  'report',
  'activity',
] as const;
export const Obligation = z
  .object({
    id: code('obligation'),
    title: z.string().min(1, 'tiêu đề không được trống / title is required'),
    kind: z.enum(OBLIGATION_KINDS).default('report'),
    /** The words of the document, e.g. "trước ngày 10/6/2020". Shown to users next to the computed date. */
    stated: z.string().optional(),
    from: Audience,
    to: code('agency'),
    due: DeadlineRule,
    /** Reporting period and data cutoff, separate from the submission deadline. */
    period: Period.optional(),
    /** For a consolidated report: the obligations whose submissions it gathers. */
    gathers: z.array(code('obligation')).optional(),
    indicators: z.array(z.string()).optional(),
  })
  .strict();
export type Obligation = z.infer<typeof Obligation>;

export const Campaign = z
  .object({
    id: code('campaign'),
    name: z.string().min(1),
    window: z.object({ from: dayMonth, to: dayMonth }).strict(),
    participants: Audience,
    /** How long before the start to ask participants for their campaign plan. Default P14D. */
    noticeBefore: isoDuration.default('P14D'),
    resultsReport: z
      .object({ title: z.string().min(1), due: DeadlineRule, to: code('agency') })
      .strict()
      .optional(),
  })
  .strict();
export type Campaign = z.infer<typeof Campaign>;

export const Activity = z
  .object({
    id: code('activity'),
    title: z.string().min(1),
    lead: code('agency'),
    cooperating: z.array(code('agency')).default([]),
    expectedResult: z.string().optional(),
    stated: z.string().optional(),
    due: DeadlineRule.optional(),
  })
  .strict();

export const AGGREGATES = ['sum', 'average', 'rate', 'none'] as const;
export const Indicator = z
  .object({
    code: z.string().min(1),
    goal: z.string().optional(),
    name: z.string().min(1),
    unit: z.string().min(1),
    baseline: z
      .object({ year, value: z.union([z.number(), z.string()]) })
      .strict()
      .optional(),
    targets: z
      .record(z.string().regex(/^\d{4}$/, 'khóa phải là năm / key must be a year'), z.union([z.number(), z.string()]))
      .default({}),
    responsible: code('agency').optional(),
    /**
     * How agencies' values become the province's figure (consolidated reports): `sum`, `average` (mean of the values
     * reported), `rate` (see `rateOf`), or `none` (one provincial figure, reported by the responsible agency).
     * (Default: sum.)
     */
    aggregate: z.enum(AGGREGATES).default('sum'),
    /**
     * With `aggregate: rate`: the figure is 100 × Σ numerator ÷ Σ denominator, both other indicators' codes whose
     * values agencies report (e.g. women trained ÷ people trained). Without it, a `rate` is the share (%) of
     * reporting agencies whose value is not 0 (yes/no indicators reported as 1/0). (Default: none.)
     */
    rateOf: z
      .object({ numerator: z.string().min(1), denominator: z.string().min(1) })
      .strict()
      .optional(),
  })
  .strict();
export type Indicator = z.infer<typeof Indicator>;

export const Budget = z
  .object({
    year,
    amount: z.number().nonnegative(),
    unit: z.string().default('triệu đồng'),
    source: z.string().optional(),
    item: z.string().optional(),
  })
  .strict();
