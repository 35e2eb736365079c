/**
 * The plan editor's form as data: every field a string (or a list of checked values), named by its path in the plan
 * file (`obligations[0].due.date`), so a zod issue's path names the field it belongs beside. The browser posts the
 * whole form on every button (add, remove, preview, save): the server rebuilds this model from the flat fields,
 * applies the button, and renders the form again; no state is kept between requests.
 */
import { z } from 'zod';

/** A text field: absent is empty; a repeated name keeps its last value. */
const text = z.preprocess(
  (v) => (Array.isArray(v) ? (v.at(-1) as unknown) : v),
  z.string().max(20_000, 'quá dài / too long').default(''),
);
/** A group of checkboxes: the checked values. */
const checked = z.preprocess(
  (v): unknown[] => (v === undefined ? [] : Array.isArray(v) ? (v as unknown[]) : [v]),
  z.array(z.string().max(200)).max(50),
);
const list = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (v): unknown[] => (Array.isArray(v) ? (v as unknown[]).filter((x) => x !== undefined && x !== null) : []),
    z.array(item).max(2000),
  );

export const RuleForm = z.object({ type: text, date: text, month: text, years: text, at: text, inclusive: text });
const ContactForm = z.object({ role: text, name: text, email: text, phone: text });
const AgencyForm = z.object({ code: text, name: text, kind: text, contacts: list(ContactForm) });
const GroupForm = z.object({ name: text, members: text });
const ObligationForm = z.object({
  id: text,
  title: text,
  kind: text,
  stated: text,
  fromMode: text,
  from: text,
  to: text,
  due: RuleForm,
  period: z.object({ from: text, to: text, fromPreviousYear: text, label: text }),
  gathers: text,
  indicators: text,
});
const CampaignForm = z.object({
  id: text,
  name: text,
  window: z.object({ from: text, to: text }),
  participantsMode: text,
  participants: text,
  noticeBefore: text,
  resultsReport: z.object({ title: text, to: text, due: RuleForm }),
});
const IndicatorForm = z.object({
  code: text,
  goal: text,
  name: text,
  unit: text,
  baseline: z.object({ year: text, value: text }),
  targets: text,
  responsible: text,
  aggregate: text,
  rateOf: z.object({ numerator: text, denominator: text }),
});
const EscalationForm = z.object({ after: text, notify: checked });

export const PlanForm = z.object({
  code: text,
  title: text,
  document: z.object({ number: text, issuer: text, issuedOn: text, source: text }),
  years: z.object({ from: text, to: text }),
  coordinator: text,
  committee: text,
  agencies: list(AgencyForm),
  groups: list(GroupForm),
  obligations: list(ObligationForm),
  campaigns: list(CampaignForm),
  indicators: list(IndicatorForm),
  policy: z.object({
    reminders: text,
    remindAfterLongBreak: text,
    reminderHour: text,
    reportLeadTime: text,
    escalation: list(EscalationForm),
    workingHoursMode: text,
    workingHours: z.object({ from: text, to: text }),
    rollForward: text,
    makeUpDaysAreWorkingDays: text,
    proposedHolidays: checked,
    dueTime: text,
    channels: checked,
    smsWithoutDiacritics: text,
    digest: text,
  }),
  /** Activities and budgets, which the editor carries unchanged: base64url JSON (validated with the plan). */
  preserved: text,
});
export type PlanForm = z.output<typeof PlanForm>;
export type RuleForm = z.output<typeof RuleForm>;

const SEGMENT = /([^.[\]]+)|\[(\d+)\]/g;
/** `obligations[0].due.date` → `['obligations', 0, 'due', 'date']`. */
export function parseFieldName(name: string): (string | number)[] {
  return [...name.matchAll(SEGMENT)].map((m) => (m[2] !== undefined ? Number(m[2]) : (m[1] ?? '')));
}

const MAX_INDEX = 2000;
/** Flat form fields (as @fastify/formbody gives them) into the nested shape of {@link PlanForm}. */
export function unflatten(fields: Record<string, unknown>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) {
    const path = parseFieldName(name);
    if (path.length === 0 || path.some((p) => typeof p === 'number' && p > MAX_INDEX)) continue;
    let node: Record<string | number, unknown> = root;
    path.forEach((part, i) => {
      if (part === '__proto__' || part === 'constructor' || part === 'prototype') return;
      if (i === path.length - 1) {
        node[part] = value;
        return;
      }
      const next = path[i + 1];
      const existing = node[part];
      if (existing === null || typeof existing !== 'object') node[part] = typeof next === 'number' ? [] : {};
      node = node[part] as Record<string | number, unknown>;
    });
  }
  return root;
}

/** The form from posted fields; each field that is not a string where a string belongs is a refusal. */
export function formFromFields(fields: Record<string, unknown>): PlanForm {
  return PlanForm.parse(unflatten(fields));
}

export const blankRule = (): RuleForm => ({ type: 'yearly', date: '', month: '', years: '', at: '', inclusive: '' });
const BLANK: Record<string, () => unknown> = {
  agencies: () => ({ code: '', name: '', kind: 'department', contacts: [] }),
  contacts: () => ({ role: 'focal', name: '', email: '', phone: '' }),
  groups: () => ({ name: '', members: '' }),
  obligations: () => ({
    ...ObligationForm.parse({ due: {}, period: {} }),
    kind: 'report',
    fromMode: 'all',
    from: '',
    due: blankRule(),
  }),
  campaigns: () => ({
    ...CampaignForm.parse({ window: {}, resultsReport: { due: {} } }),
    participantsMode: 'all',
    noticeBefore: 'P14D',
    resultsReport: { title: '', to: '', due: blankRule() },
  }),
  indicators: () => ({ ...IndicatorForm.parse({ baseline: {}, rateOf: {} }), aggregate: 'sum' }),
  escalation: () => ({ after: '', notify: [] }),
};

/**
 * A repeating group's button: `add:<list path>` appends a blank item, `remove:<item path>` drops one. Returns the
 * form unchanged for any other value (`preview`, `save`, `apply`) or a path that names no list.
 */
export function applyFormOp(form: PlanForm, op: string): PlanForm {
  const m = /^(add|remove):(.+)$/.exec(op);
  if (!m) return form;
  const copy = structuredClone(form);
  const path = parseFieldName(m[2] ?? '');
  const index = m[1] === 'remove' ? path.pop() : undefined;
  const key = path.at(-1);
  let node: unknown = copy;
  for (const part of path) node = (node as Record<string | number, unknown> | undefined)?.[part];
  if (!Array.isArray(node) || typeof key !== 'string') return form;
  if (m[1] === 'add') {
    const blank = BLANK[key];
    if (blank) node.push(blank());
  } else if (typeof index === 'number' && index < node.length) node.splice(index, 1);
  return copy;
}
