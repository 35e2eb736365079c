/**
 * Between a plan and the editor's form: `formOfPlan` fills every field from a plan (or an imported draft), and
 * `planInputOfForm` turns the posted form back into plan-file data for the plan schema to validate. An empty field
 * is an absent key, so a plan that goes through the form unchanged parses to the same plan (and the same source
 * hash): the seed presets' round-trip test holds it.
 */
import type { PlanInput } from '../../domain/plan-schema';
import { blankRule, type PlanForm, type RuleForm } from './plan-form-model';

type Input = PlanInput;
type RuleInput = Input['obligations'] extends (infer O)[] | undefined
  ? O extends { due: infer D }
    ? D
    : never
  : never;
type AudienceInput = string | string[];

function str(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}
const joined = (v: readonly unknown[] | undefined): string => (v ?? []).map(str).join(', ');
const bool3 = (v: boolean | undefined): string => (v === undefined ? '' : String(v));

function ruleForm(rule: RuleInput | undefined): RuleForm {
  if (!rule) return blankRule();
  const r = rule as Record<string, unknown>;
  return {
    type: str(r.type),
    date: str(r.date),
    month: str(r.month),
    years: joined(r.years as unknown[] | undefined),
    at: str(r.at),
    inclusive: bool3(r.inclusive as boolean | undefined),
  };
}

function audienceForm(a: AudienceInput | undefined): { mode: string; value: string } {
  if (Array.isArray(a)) return { mode: 'list', value: a.join(', ') };
  if (a === 'all') return { mode: 'all', value: '' };
  return { mode: 'group', value: str(a) };
}

const encode = (v: unknown) => Buffer.from(JSON.stringify(v), 'utf8').toString('base64url');

export function formOfPlan(p: Partial<Input>): PlanForm {
  const policy = p.policy ?? {};
  const wh = policy.workingHours;
  return {
    code: str(p.code),
    title: str(p.title),
    document: {
      number: str(p.document?.number),
      issuer: str(p.document?.issuer),
      issuedOn: str(p.document?.issuedOn),
      source: str(p.document?.source),
    },
    years: { from: str(p.years?.from), to: str(p.years?.to) },
    coordinator: str(p.coordinator),
    committee: str(p.committee),
    agencies: (p.agencies ?? []).map((a) => ({
      code: str(a.code),
      name: str(a.name),
      kind: str(a.kind),
      contacts: (a.contacts ?? []).map((c) => ({
        role: str(c.role),
        name: str(c.name),
        email: str(c.email),
        phone: str(c.phone),
      })),
    })),
    groups: Object.entries(p.groups ?? {}).map(([name, members]) => ({ name, members: members.join(', ') })),
    obligations: (p.obligations ?? []).map((o) => {
      const from = audienceForm(o.from);
      return {
        id: str(o.id),
        title: str(o.title),
        kind: str(o.kind ?? 'report'),
        stated: str(o.stated),
        fromMode: from.mode,
        from: from.value,
        to: str(o.to),
        due: ruleForm(o.due),
        period: {
          from: str(o.period?.from),
          to: str(o.period?.to),
          fromPreviousYear: o.period ? String(o.period.fromPreviousYear ?? false) : '',
          label: str(o.period?.label),
        },
        gathers: joined(o.gathers),
        indicators: joined(o.indicators),
      };
    }),
    campaigns: (p.campaigns ?? []).map((c) => {
      const who = audienceForm(c.participants);
      return {
        id: str(c.id),
        name: str(c.name),
        window: { from: str(c.window?.from), to: str(c.window?.to) },
        participantsMode: who.mode,
        participants: who.value,
        noticeBefore: str(c.noticeBefore ?? 'P14D'),
        resultsReport: {
          title: str(c.resultsReport?.title),
          to: str(c.resultsReport?.to),
          due: ruleForm(c.resultsReport?.due),
        },
      };
    }),
    indicators: (p.indicators ?? []).map((i) => ({
      code: str(i.code),
      goal: str(i.goal),
      name: str(i.name),
      unit: str(i.unit),
      baseline: { year: str(i.baseline?.year), value: str(i.baseline?.value) },
      targets: Object.entries(i.targets ?? {})
        .map(([y, v]) => `${y}: ${str(v)}`)
        .join('\n'),
      responsible: str(i.responsible),
      aggregate: str(i.aggregate ?? 'sum'),
      rateOf: { numerator: str(i.rateOf?.numerator), denominator: str(i.rateOf?.denominator) },
    })),
    policy: {
      reminders: joined(policy.reminders ?? ['P7D', 'P3D', 'P1D']),
      remindAfterLongBreak: bool3(policy.remindAfterLongBreak),
      reminderHour: str(policy.reminderHour ?? '08:00'),
      reportLeadTime: str(policy.reportLeadTime ?? 'P3D'),
      escalation: (
        policy.escalation ?? [
          { after: 'P1D', notify: ['focal', 'head'] },
          { after: 'P3D', notify: ['coordinator'] },
          { after: 'P7D', notify: ['committee'] },
        ]
      ).map((s) => ({ after: str(s.after), notify: [...s.notify] })),
      workingHoursMode: wh === false ? 'off' : 'hours',
      workingHours: wh === false ? { from: '', to: '' } : { from: wh?.from ?? '07:00', to: wh?.to ?? '20:00' },
      rollForward: String(policy.rollForward ?? true),
      makeUpDaysAreWorkingDays: String(policy.makeUpDaysAreWorkingDays ?? true),
      proposedHolidays: [...(policy.proposedHolidays ?? [])],
      dueTime: str(policy.dueTime ?? '23:59'),
      channels: [...(policy.channels ?? ['email', 'sms'])],
      smsWithoutDiacritics: String(policy.smsWithoutDiacritics ?? false),
      digest: bool3(policy.digest),
    },
    preserved: encode({ activities: p.activities ?? [], budgets: p.budgets ?? [] }),
  };
}

const opt = (s: string): string | undefined => (s === '' ? undefined : s);
/** A whole number where one is typed; anything else stays text for the schema to refuse by name. */
const num = (s: string): number | string | undefined =>
  s === '' ? undefined : /^-?\d+$/.test(s.trim()) ? Number(s) : s;
/** A figure: a number where it reads as one, else the text (indicators may hold "≥ 25%"). */
const figure = (s: string): number | string =>
  /^-?\d+(\.\d+)?$/.test(s.trim()) && String(Number(s.trim())) === s.trim() ? Number(s.trim()) : s;
const items = (s: string): string[] =>
  s
    .split(/[,;\n]/)
    .map((x) => x.trim())
    .filter((x) => x !== '');
const optItems = (s: string): string[] | undefined => (s.trim() === '' ? undefined : items(s));
const boolOf = (s: string): boolean | string | undefined =>
  s === 'true' ? true : s === 'false' ? false : s === '' ? undefined : s;
const drop = <T extends Record<string, unknown>>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

function ruleOf(r: RuleForm): Record<string, unknown> {
  const inclusive = boolOf(r.inclusive);
  switch (r.type) {
    case 'last-week-of-month':
      return { type: r.type, month: num(r.month) };
    case 'in-years':
      return drop({ type: r.type, years: items(r.years).map((y) => num(y)), date: opt(r.date), inclusive });
    case 'every-year':
      return drop({ type: r.type, date: opt(r.date), inclusive });
    case 'instant':
      return { type: r.type, at: opt(r.at) };
    default:
      return drop({ type: r.type, date: opt(r.date), inclusive });
  }
}

function audienceOf(mode: string, value: string): AudienceInput | undefined {
  if (mode === 'all') return 'all';
  if (mode === 'list') return items(value);
  return opt(value.trim());
}

function targetsOf(s: string): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const part of s.split('\n')) {
    if (part.trim() === '') continue;
    const i = part.indexOf(':');
    const key = (i < 0 ? part : part.slice(0, i)).trim();
    out[key] = figure(
      i < 0
        ? ''
        : part
            .slice(i + 1)
            .replace(/^ /, '')
            .replace(/\r$/, ''),
    );
  }
  return out;
}

function preservedOf(s: string): { activities?: unknown; budgets?: unknown } {
  if (s === '') return {};
  try {
    const v: unknown = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
    return v !== null && typeof v === 'object' ? v : {};
  } catch {
    return {};
  }
}

/** The posted form as plan-file data; the plan schema validates it (and names each bad field). */
export function planInputOfForm(f: PlanForm): Record<string, unknown> {
  const pol = f.policy;
  const kept = preservedOf(f.preserved);
  return drop({
    code: f.code,
    title: f.title,
    document: drop({
      number: opt(f.document.number),
      issuer: opt(f.document.issuer),
      issuedOn: opt(f.document.issuedOn),
      source: opt(f.document.source),
    }),
    years: { from: num(f.years.from), to: num(f.years.to) },
    coordinator: f.coordinator,
    committee: opt(f.committee),
    agencies: f.agencies.map((a) => ({
      code: a.code,
      name: a.name,
      kind: a.kind,
      contacts: a.contacts.map((c) =>
        drop({ role: c.role, name: opt(c.name), email: opt(c.email.trim()), phone: opt(c.phone.trim()) }),
      ),
    })),
    groups: Object.fromEntries(f.groups.map((g) => [g.name, items(g.members)])),
    obligations: f.obligations.map((o) =>
      drop({
        id: o.id,
        title: o.title,
        kind: o.kind,
        stated: opt(o.stated),
        from: audienceOf(o.fromMode, o.from),
        to: o.to,
        due: ruleOf(o.due),
        period:
          o.period.from === '' && o.period.to === ''
            ? undefined
            : drop({
                from: o.period.from,
                to: o.period.to,
                fromPreviousYear: boolOf(o.period.fromPreviousYear),
                label: opt(o.period.label),
              }),
        gathers: optItems(o.gathers),
        indicators: optItems(o.indicators),
      }),
    ),
    campaigns: f.campaigns.map((c) =>
      drop({
        id: c.id,
        name: c.name,
        window: { from: c.window.from, to: c.window.to },
        participants: audienceOf(c.participantsMode, c.participants),
        noticeBefore: opt(c.noticeBefore),
        resultsReport:
          c.resultsReport.title === '' && c.resultsReport.to === ''
            ? undefined
            : { title: c.resultsReport.title, to: c.resultsReport.to, due: ruleOf(c.resultsReport.due) },
      }),
    ),
    activities: kept.activities,
    indicators: f.indicators.map((i) =>
      drop({
        code: i.code,
        goal: opt(i.goal),
        name: i.name,
        unit: i.unit,
        baseline:
          i.baseline.year === '' && i.baseline.value === ''
            ? undefined
            : { year: num(i.baseline.year), value: figure(i.baseline.value) },
        targets: targetsOf(i.targets),
        responsible: opt(i.responsible),
        aggregate: i.aggregate,
        rateOf:
          i.rateOf.numerator === '' && i.rateOf.denominator === ''
            ? undefined
            : { numerator: i.rateOf.numerator, denominator: i.rateOf.denominator },
      }),
    ),
    budgets: kept.budgets,
    policy: drop({
      reminders: items(pol.reminders),
      remindAfterLongBreak: boolOf(pol.remindAfterLongBreak),
      reminderHour: pol.reminderHour,
      reportLeadTime: pol.reportLeadTime,
      escalation: pol.escalation.map((s) => ({ after: s.after, notify: s.notify })),
      workingHours: pol.workingHoursMode === 'off' ? false : { from: pol.workingHours.from, to: pol.workingHours.to },
      rollForward: boolOf(pol.rollForward),
      makeUpDaysAreWorkingDays: boolOf(pol.makeUpDaysAreWorkingDays),
      proposedHolidays: pol.proposedHolidays,
      dueTime: pol.dueTime,
      channels: pol.channels,
      smsWithoutDiacritics: boolOf(pol.smsWithoutDiacritics),
      digest: boolOf(pol.digest),
    }),
  });
}
