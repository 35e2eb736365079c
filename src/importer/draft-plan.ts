/**
 * Turns what was extracted into a plan-file draft (the plan schema's input form), validates it with the schema,
 * and lists what the document cannot supply: contacts, a coordinating agency it does not name, group members,
 * agencies it names but the matcher does not know. The draft is never applied by itself.
 *
 * Pure: no I/O.
 */
import { PlanSchema, type DeadlineRule, type PlanInput } from '../domain/plan-schema';
import { problemsFromZod, type PlanProblem } from '../domain/plan-file';
import { fold } from './document-text';
import type { DateRule } from './date-phrases';
import type { DocumentHeader } from './document-header';
import type { RegimeDeadline, ReportKind } from './reporting-regime';
import type { AgencyMention } from './agency-names';
import type { ActivityRow, IndicatorRow } from './appendix-tables';
import type { WindowPhrase } from './campaign-windows';
import type { KnownAgency } from './agency-catalogue';

export interface DraftInput {
  header: DocumentHeader;
  source?: string;
  agencies: AgencyMention[];
  /** Contacts the province's own list already has, by agency code. */
  contacts?: ReadonlyMap<string, NonNullable<PlanInput['agencies'][number]['contacts']>>;
  coordinator?: string;
  committee?: string;
  deadlines: RegimeDeadline[];
  /** Groups the document names, resolved to the province's agencies (added to the draft's agencies). */
  groups?: ReadonlyMap<string, readonly KnownAgency[]>;
  campaigns: (WindowPhrase & { line: number })[];
  activities: (ActivityRow & { leadCode?: string; cooperatingCodes: string[] })[];
  indicators: (IndicatorRow & { responsibleCode?: string })[];
}

export interface Missing {
  /** Where in the draft: `coordinator`, `agencies[3].contacts`, `groups.districts`… */
  path: string;
  message: string;
  line?: number;
}

export interface DraftResult {
  draft: PlanInput;
  valid: boolean;
  problems: PlanProblem[];
  missing: Missing[];
}

const TITLES: Record<ReportKind, string> = {
  plan: 'Kế hoạch thực hiện năm của đơn vị, địa phương',
  'semi-annual-report': 'Báo cáo 6 tháng kết quả thực hiện',
  'annual-report': 'Báo cáo năm kết quả thực hiện',
  'consolidated-report': 'Báo cáo tổng hợp kết quả thực hiện Kế hoạch',
  report: 'Báo cáo kết quả thực hiện',
};
const REVIEW_TITLES = {
  'so-ket': 'Báo cáo sơ kết thực hiện Kế hoạch',
  'tong-ket': 'Báo cáo tổng kết thực hiện Kế hoạch',
} as const;
const IDS: Record<ReportKind, string> = {
  plan: 'ke-hoach',
  'semi-annual-report': 'bao-cao-6-thang',
  'annual-report': 'bao-cao-nam',
  'consolidated-report': 'bao-cao-tong-hop',
  report: 'bao-cao',
};

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

const QUARTERS = ['I', 'II', 'III', 'IV'] as const;
const QUARTER_ENDS = ['31/3', '30/6', '30/9', '31/12'] as const;

/**
 * A rule as the plan's obligations: one for most rules, four for a quarterly one (quarter I–IV, each a yearly date
 * with its quarter as the reporting period; "tháng đầu quý sau" puts quarter IV's report in January, of the plan
 * year: the report on the previous year's last quarter).
 */
interface ObligationDue {
  suffix: string;
  due: DeadlineRule;
  period?: { from: string; to: string; label: string };
}

function obligationDues(rule: DateRule, years: { from: number; to: number }): ObligationDue[] {
  if (rule.type !== 'quarterly') return [{ suffix: '', due: toDeadlineRule(rule, years) }];
  return QUARTERS.map((q, i) => {
    const month = rule.month === 'last' ? 3 * (i + 1) : ((3 * (i + 1)) % 12) + 1;
    const day = Math.min(rule.day, lastDay(2001, month));
    return {
      suffix: `-quy-${i + 1}`,
      due: { type: 'yearly', date: `${day}/${month}` },
      period: { from: i === 0 ? '1/1' : `1/${3 * i + 1}`, to: QUARTER_ENDS[i] ?? '31/12', label: `Quý ${q}` },
    };
  });
}

/**
 * A phrase's rule in the plan's terms. A dated phrase of a one-year plan repeats yearly (the same calendar, and it
 * survives `plan rebase`); in a plan of several years it happens once.
 */
export function toDeadlineRule(
  rule: Exclude<DateRule, { type: 'quarterly' }>,
  years: { from: number; to: number },
): DeadlineRule {
  const single = years.from === years.to;
  switch (rule.type) {
    case 'date': {
      // "trước ngày X" keeps its literal reading: X is not in time (see the README, "Hạn ghi trong văn bản").
      const inclusive = rule.inclusive === false ? { inclusive: false } : {};
      return rule.year === undefined || (single && rule.year === years.from)
        ? { type: 'yearly', date: `${rule.day}/${rule.month}`, ...inclusive }
        : { type: 'once', date: `${rule.year}-${pad(rule.month)}-${pad(rule.day)}`, ...inclusive };
    }
    case 'last-week-of-month':
      return { type: 'last-week-of-month', month: rule.month };
    case 'before-month': {
      const month = rule.month === 1 ? 12 : rule.month - 1;
      const year = rule.year === undefined ? undefined : rule.month === 1 ? rule.year - 1 : rule.year;
      const day = lastDay(year ?? 2001, month);
      return year === undefined || (single && year === years.from)
        ? { type: 'yearly', date: `${day}/${month}` }
        : { type: 'once', date: `${year}-${pad(month)}-${pad(day)}` };
    }
    case 'in-years':
      return { type: 'in-years', years: rule.years };
    case 'every-year':
      return { type: 'every-year' };
  }
}

function slug(text: string, max = 48): string {
  return fold(text)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/, '');
}

export function assembleDraft(input: DraftInput): DraftResult {
  const missing: Missing[] = [];
  const { header } = input;
  const years = header.years?.value ?? yearsFromDeadlines(input.deadlines);
  if (!header.years)
    missing.push({ path: 'years', message: 'văn bản không ghi rõ thời gian thực hiện / plan years not stated' });
  const province = header.province?.value;
  const codeBase = header.number?.value ?? (province !== undefined ? `${province}` : 'ke-hoach');
  const code = `${slug(codeBase, 40).toUpperCase()}-${years.from}${years.to !== years.from ? `-${years.to}` : ''}`;

  const agencies = new Map<string, PlanInput['agencies'][number]>();
  for (const a of input.agencies) {
    if (agencies.has(a.code)) continue;
    const name =
      a.kind === 'committee' && province !== undefined && /tỉnh$/u.test(a.name) ? `${a.name} ${province}` : a.name;
    agencies.set(a.code, { code: a.code, name, kind: a.kind, contacts: [...(input.contacts?.get(a.code) ?? [])] });
  }
  const groups: Record<string, string[]> = {};
  for (const [id, members] of input.groups ?? []) {
    for (const m of members) {
      if (!agencies.has(m.code))
        agencies.set(m.code, { code: m.code, name: m.name, kind: m.kind, contacts: [...(m.contacts ?? [])] });
    }
    groups[id] = members.map((m) => m.code);
  }
  const coordinator = input.coordinator ?? '';
  if (input.coordinator === undefined)
    missing.push({
      path: 'coordinator',
      message: 'không xác định được cơ quan thường trực / coordinating agency not found',
    });
  const committee = input.committee !== undefined && agencies.has(input.committee) ? input.committee : undefined;

  const obligations: NonNullable<PlanInput['obligations']> = [];
  const seen = new Set<string>();
  for (const d of input.deadlines) {
    const kind =
      d.kind === 'consolidated-report' && (committee === undefined || coordinator === '') ? 'report' : d.kind;
    for (const part of obligationDues(d.rule, years)) {
      // A review restated elsewhere ("sơ kết giữa kỳ vào cuối năm 2018" in the coordinator's tasks) is one report.
      const key = `${kind}|${JSON.stringify(part.due)}|${d.review ?? fold(d.stated)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const base = `${IDS[kind]}${d.review !== undefined ? `-${d.review}` : ''}${part.suffix}`;
      let id = base;
      for (let n = 2; obligations.some((o) => o.id === id); n++) id = `${base}-${n}`;
      const consolidated = kind === 'consolidated-report';
      obligations.push({
        id,
        title:
          part.period !== undefined
            ? `${TITLES[kind]} ${part.period.label.replace(/^Quý/u, 'quý')}`
            : d.review !== undefined
              ? REVIEW_TITLES[d.review]
              : TITLES[kind],
        kind,
        stated: d.stated,
        from: consolidated ? [coordinator] : (d.audience ?? 'all'),
        to: consolidated
          ? (committee ?? coordinator)
          : d.recipient !== undefined && d.recipient !== committee
            ? d.recipient
            : coordinator,
        due: part.due,
        ...(part.period !== undefined ? { period: part.period } : {}),
      });
      if (!consolidated && d.audience === undefined)
        missing.push({
          path: `obligations.${id}.from`,
          message:
            'câu này không nêu đơn vị nào phải báo cáo; bản nháp dùng "all" / the sentence names no reporting units',
          line: d.line,
        });
      if (part.due.type === 'in-years' && d.review !== undefined)
        missing.push({
          path: `obligations.${id}.due.date`,
          message: `văn bản chỉ ghi năm ("${d.stated}"), không ghi ngày nộp báo cáo; mặc định 31/12 / only the year is stated`,
          line: d.line,
        });
    }
  }
  const gathers = obligations.filter((o) => o.kind === 'annual-report').map((o) => o.id);
  for (const o of obligations) if (o.kind === 'consolidated-report' && gathers.length > 0) o.gathers = gathers;

  const campaigns: NonNullable<PlanInput['campaigns']> = [];
  for (const c of input.campaigns) {
    const window = { from: `${c.from.day}/${c.from.month}`, to: `${c.to.day}/${c.to.month}` };
    if (campaigns.some((x) => x.window.from === window.from && x.window.to === window.to)) continue;
    const name = c.name ?? 'Đợt hoạt động';
    let id = slug(name.replace(/\s+(về|vì)\s.*$/u, ''), 40) || 'dot';
    if (/^thang-hanh-dong$/.test(id) && /gia đình/u.test(name)) id = 'thang-phong-chong-bao-luc-gia-dinh';
    for (let n = 2; campaigns.some((x) => x.id === id); n++) id = `${slug(name, 36)}-${n}`;
    campaigns.push({ id, name, window, participants: 'all' });
  }

  const activities: NonNullable<PlanInput['activities']> = [];
  for (const a of input.activities) {
    if (a.leadCode === undefined || !agencies.has(a.leadCode)) {
      missing.push({
        path: `activities.${a.id}.lead`,
        message: `không khớp cơ quan chủ trì "${a.lead ?? ''}" / lead agency not matched`,
        line: a.cells.lead ?? a.line,
      });
      continue;
    }
    const base = {
      title: a.title,
      lead: a.leadCode,
      cooperating: [...new Set(a.cooperatingCodes)].filter((c) => c !== a.leadCode && agencies.has(c)),
      ...(a.result !== undefined ? { expectedResult: a.result } : {}),
    };
    for (const part of activityDues(a, years)) {
      activities.push({ id: `${slug(a.id, 30).toUpperCase()}${part.suffix}`, ...base, ...part.fields });
    }
  }

  const indicators: NonNullable<PlanInput['indicators']> = input.indicators.map((i) => ({
    code: i.code,
    ...(i.goal !== undefined ? { goal: i.goal } : {}),
    name: i.name,
    unit: i.unit ?? '(không ghi)',
    ...(i.baseline ? { baseline: { year: i.baseline.year, value: numberOrText(i.baseline.value) } } : {}),
    targets: i.target ? { [String(i.target.year)]: numberOrText(i.target.value) } : {},
    ...(i.responsibleCode !== undefined && agencies.has(i.responsibleCode) ? { responsible: i.responsibleCode } : {}),
  }));

  for (const a of agencies.values())
    if ((a.contacts ?? []).length === 0)
      missing.push({
        path: `agencies.${a.code}.contacts`,
        message: 'cần đầu mối liên hệ (email hoặc điện thoại) / contacts needed',
      });

  const document: NonNullable<PlanInput['document']> = {};
  if (header.number) document.number = header.number.value;
  if (header.issuer) document.issuer = header.issuer.value;
  else missing.push({ path: 'document.issuer', message: 'văn bản không ghi cơ quan ban hành / issuer not stated' });
  if (header.issuedOn) document.issuedOn = header.issuedOn.value;
  if (input.source !== undefined) document.source = input.source;

  const draft: PlanInput = {
    code,
    title: header.title?.value ?? 'Kế hoạch (chưa có tiêu đề)',
    document,
    years,
    coordinator,
    ...(committee !== undefined ? { committee } : {}),
    agencies: [...agencies.values()],
    ...(Object.keys(groups).length > 0 ? { groups } : {}),
    obligations,
    campaigns,
    activities,
    indicators,
  };
  const parsed = PlanSchema.safeParse(draft, { reportInput: true });
  return { draft, valid: parsed.success, problems: parsed.success ? [] : problemsFromZod(parsed.error), missing };
}

/**
 * An activity's deadline. "2017 và 2019" whose text also says "… trước tháng 7 năm 2019" is two products with two
 * deadlines: the listed year alone, and the dated one.
 */
function activityDues(a: ActivityRow, years: { from: number; to: number }) {
  const stated = a.deadlineText;
  const withStated = (fields: { due?: DeadlineRule }) => (stated !== undefined ? { stated, ...fields } : fields);
  const dueOf = (r: DateRule) => (r.type === 'quarterly' ? {} : { due: toDeadlineRule(r, years) });
  const rule = a.deadline?.rule;
  if (!rule) return [{ suffix: '', fields: withStated({}) }];
  if (rule.type === 'in-years') {
    const inner = a.innerDeadlines.filter(
      (d) => 'year' in d.rule && d.rule.year !== undefined && rule.years.includes(d.rule.year),
    );
    if (inner.length > 0) {
      const innerYears = new Set(inner.map((d) => ('year' in d.rule ? d.rule.year : undefined)));
      const rest = rule.years.filter((y) => !innerYears.has(y));
      const parts: { suffix: string; fields: { due?: DeadlineRule; stated?: string } }[] = [];
      if (rest.length > 0) parts.push({ suffix: 'a', fields: withStated({ due: { type: 'in-years', years: rest } }) });
      inner.forEach((d, i) =>
        parts.push({
          suffix: String.fromCharCode(98 + i - (rest.length > 0 ? 0 : 1)),
          fields: { stated: d.text, ...dueOf(d.rule) },
        }),
      );
      return parts;
    }
  }
  return obligationDues(rule, years).map((p, i, all) => ({
    suffix: all.length > 1 ? `q${i + 1}` : '',
    fields: withStated({ due: p.due }),
  }));
}

function numberOrText(value: string): number | string {
  const v = value.replace(/\s/g, '');
  if (/^-?\d+(?:,\d+)?$/.test(v)) return Number(v.replace(',', '.'));
  if (/^-?\d+\.\d+$/.test(v)) return Number(v);
  return value;
}

function yearsFromDeadlines(deadlines: readonly RegimeDeadline[]): { from: number; to: number } {
  const ys = deadlines.flatMap((d) => ('year' in d.rule && d.rule.year !== undefined ? [d.rule.year] : []));
  if (ys.length === 0) return { from: 2000, to: 2000 };
  return { from: Math.min(...ys), to: Math.max(...ys) };
}
