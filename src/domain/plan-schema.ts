/**
 * The plan file: what a Kế hoạch obliges, as data. Validated with zod at every boundary (CLI, HTTP, store), so the
 * rest of the code can trust a `Plan`. Messages are Vietnamese first, then English, because coordinators read them.
 *
 * Pure: no I/O. Parsing text (YAML/JSON) lives in `plan-file.ts`.
 */
import { z } from 'zod';
import { Duration } from 'luxon';

const CODE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const code = (what: string) =>
  z
    .string({ error: `phải là chuỗi / must be a string (${what})` })
    .regex(CODE, `mã không hợp lệ: chỉ chữ, số, "-" và "_", tối đa 64 ký tự / invalid ${what} code`);

/** `25/3` or `30/11`: a day and month that exists in every year (29/2 is refused: it does not). */
export const DAY_MONTH = /^(\d{1,2})\/(\d{1,2})$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
export function parseDayMonth(text: string): { day: number; month: number } | null {
  const m = DAY_MONTH.exec(text);
  if (!m) return null;
  const day = Number(m[1]);
  const month = Number(m[2]);
  if (month < 1 || month > 12) return null;
  if (day < 1 || day > (DAYS_IN_MONTH[month - 1] ?? 0)) return null;
  return { day, month };
}
const dayMonth = z
  .string({ error: 'phải là chuỗi dạng "ngày/tháng" / must be a "day/month" string' })
  .refine((s) => parseDayMonth(s) !== null, {
    error: (iss) => `"${String(iss.input)}" không phải ngày/tháng có thật (ví dụ "25/3") / not a real day/month`,
  });

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
export function isRealIsoDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d;
}
const isoDate = z
  .string({ error: 'phải là chuỗi ngày YYYY-MM-DD / must be a YYYY-MM-DD string' })
  .refine(isRealIsoDate, {
    error: (iss) => `"${String(iss.input)}" không phải ngày có thật dạng YYYY-MM-DD / not a real date`,
  });

const isoInstant = z.iso.datetime({
  offset: true,
  error: 'phải là thời điểm ISO-8601 có múi giờ, ví dụ 2026-06-10T17:00:00+07:00 / must be an ISO instant with offset',
});

const year = z
  .number({ error: 'phải là số năm / must be a year number' })
  .int('phải là số nguyên / must be an integer')
  .min(2000, 'năm phải từ 2000 / year must be ≥ 2000')
  .max(2100, 'năm phải đến 2100 / year must be ≤ 2100');

/** An ISO-8601 duration such as `P7D`, `PT2M` or `PT30S`; strictly positive. */
export const isoDuration = z
  .string({ error: 'phải là khoảng thời gian ISO-8601 / must be an ISO-8601 duration' })
  .refine(
    (s) => {
      const d = Duration.fromISO(s);
      return d.isValid && d.toMillis() > 0;
    },
    {
      error: (iss) =>
        `"${String(iss.input)}" không phải khoảng thời gian ISO-8601 dương (ví dụ P7D, PT2M) / not a positive ISO-8601 duration`,
    },
  );

const timeOfDay = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'giờ phải dạng HH:MM, ví dụ 08:00 / time must be HH:MM');

/**
 * When an obligation falls due. Each variant is one way the documents write a deadline.
 * - `yearly`: "trước ngày 25/3" every plan year.
 * - `last-week-of-month`: "tuần cuối tháng 6": due on the month's last working day; the window opens on that week's Monday.
 * - `once`: a one-off date, "trước ngày 01/10/2017".
 * - `in-years`: "2018 và 2020": due on `date` (default 31/12) of each listed year.
 * - `every-year`: "Hàng năm": due on `date` (default 31/12) of every plan year.
 * - `instant`: an absolute instant (demos and tests): reminders go out at exact offsets.
 */
export const DeadlineRule = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('yearly'), date: dayMonth }).strict(),
    z
      .object({
        type: z.literal('last-week-of-month'),
        month: z.number().int().min(1, 'tháng từ 1 đến 12 / month 1–12').max(12, 'tháng từ 1 đến 12 / month 1–12'),
      })
      .strict(),
    z.object({ type: z.literal('once'), date: isoDate }).strict(),
    z
      .object({
        type: z.literal('in-years'),
        years: z.array(year).min(1, 'cần ít nhất một năm / at least one year'),
        date: dayMonth.optional(),
      })
      .strict(),
    z.object({ type: z.literal('every-year'), date: dayMonth.optional() }).strict(),
    z.object({ type: z.literal('instant'), at: isoInstant }).strict(),
  ],
  {
    error: (iss) =>
      iss.code === 'invalid_union'
        ? 'loại hạn không hợp lệ; cho phép: yearly, last-week-of-month, once, in-years, every-year, instant / unknown rule type'
        : undefined,
  },
);
export type DeadlineRule = z.infer<typeof DeadlineRule>;

export const CONTACT_ROLES = ['focal', 'head', 'coordinator'] as const;
const Contact = z
  .object({
    role: z.enum(CONTACT_ROLES, {
      error: `vai trò phải là một trong: ${CONTACT_ROLES.join(', ')} / role must be one of ${CONTACT_ROLES.join(', ')}`,
    }),
    name: z.string().min(1).optional(),
    email: z.email({ error: 'email không hợp lệ / invalid email' }).optional(),
    phone: z
      .string()
      .regex(
        /^(\+?84|0)[1-9]\d{8,9}$/,
        'số điện thoại không hợp lệ (ví dụ 0912345678 hoặc +84912345678) / invalid Vietnamese phone number',
      )
      .optional(),
  })
  .strict()
  .refine((c) => c.email !== undefined || c.phone !== undefined, {
    error: 'cần email hoặc số điện thoại / needs an email or a phone',
  });
export type Contact = z.infer<typeof Contact>;

export const AGENCY_KINDS = ['committee', 'department', 'district', 'commune', 'organisation', 'other'] as const;
const Agency = z
  .object({
    code: code('agency'),
    name: z.string().min(1, 'tên không được trống / name is required'),
    kind: z.enum(AGENCY_KINDS, {
      error: `loại cơ quan phải là một trong: ${AGENCY_KINDS.join(', ')} / kind must be one of ${AGENCY_KINDS.join(', ')}`,
    }),
    contacts: z.array(Contact).default([]),
  })
  .strict();
export type Agency = z.infer<typeof Agency>;

/** Who an obligation, campaign or activity applies to: a group name, `all`, or a list of agency codes. */
const Audience = z.union([z.string(), z.array(z.string()).min(1, 'danh sách trống / empty list')]);

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
const Obligation = z
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

const Campaign = z
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

const Activity = z
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
const Indicator = z
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

const Budget = z
  .object({
    year,
    amount: z.number().nonnegative(),
    unit: z.string().default('triệu đồng'),
    source: z.string().optional(),
    item: z.string().optional(),
  })
  .strict();

const EscalationStep = z
  .object({
    after: isoDuration,
    notify: z.array(z.enum(['focal', 'head', 'coordinator', 'committee'])).min(1),
  })
  .strict();

const Policy = z
  .object({
    /** Offsets before the due date at which the agency is reminded. Default P7D, P3D, P1D. */
    reminders: z.array(isoDuration).default(['P7D', 'P3D', 'P1D']),
    /** Local hour of day-based reminders. Default 08:00. */
    reminderHour: timeOfDay.default('08:00'),
    /**
     * How long before a consolidated report's deadline the cycle compiles it and emails it to the coordinator (it
     * compiles earlier once every gathered report is in). Default P3D.
     */
    reportLeadTime: isoDuration.default('P3D'),
    /** Steps after the due date; day offsets count working days. */
    escalation: z.array(EscalationStep).default([
      { after: 'P1D', notify: ['focal', 'head'] },
      { after: 'P3D', notify: ['coordinator'] },
      { after: 'P7D', notify: ['committee'] },
    ]),
    /** Messages only inside these local hours; `false` sends at any hour (demo plans). Default 07:00–20:00. */
    workingHours: z
      .union([z.literal(false), z.object({ from: timeOfDay, to: timeOfDay }).strict()])
      .default({ from: '07:00', to: '20:00' }),
    /** Bộ luật Dân sự 2015 Điều 148: a deadline ending on a day off ends on the next working day. Default true. */
    rollForward: z.boolean().default(true),
    /** Make-up working Saturdays count as working days. Default true. */
    makeUpDaysAreWorkingDays: z.boolean().default(true),
    /** Proposed holidays to treat as days off, e.g. ["24/11"]. Default none. */
    proposedHolidays: z.array(z.literal('24/11')).default([]),
    /** Local time at which a day's deadline ends. Default 23:59. */
    dueTime: timeOfDay.default('23:59'),
    channels: z
      .array(z.enum(['email', 'sms']))
      .min(1)
      .default(['email', 'sms']),
    smsWithoutDiacritics: z.boolean().default(false),
    /**
     * One email a day per agency: the day's first reminder to an agency sends one digest listing every obligation
     * of the agency reminded that local day, and the day's later reminders send no email of their own. SMS stays
     * one message per reminder. Default false (absent: no default is filled in, so the parsed form, and with it the
     * source hash of every plan stored before this key existed, stays the same).
     */
    digest: z.boolean().optional(),
  })
  .strict();
export type Policy = z.infer<typeof Policy>;

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
