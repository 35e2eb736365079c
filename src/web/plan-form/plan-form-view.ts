/**
 * The editor's form as the template shows it: each field with its name (its path in the plan file), its id, its
 * value, its options in Vietnamese, and the schema's error beside it. A zod issue is placed on the field its path
 * names; a path that ends inside a field (a list item, a rule's variant) goes to that field, and one that names no
 * field of the form (activities, budgets, which the editor carries unchanged) is listed above the form.
 */
import type { z } from 'zod';
import { formatPath } from '../../domain/plan-file';
import {
  AGENCY_KIND_LABELS,
  AGGREGATE_LABELS,
  AUDIENCE_MODE_LABELS,
  CHANNEL_LABELS,
  CONTACT_ROLE_LABELS,
  DEFAULT_YES_NO_LABELS,
  INCLUSIVE_LABELS,
  NOTIFY_LABELS,
  OBLIGATION_KIND_LABELS,
  PROPOSED_HOLIDAY_LABELS,
  RULE_TYPE_LABELS,
  WORKING_HOURS_MODE_LABELS,
  YES_NO_LABELS,
} from './enum-labels';
import type { PlanForm, RuleForm } from './plan-form-model';

interface Option {
  value: string;
  label: string;
  selected: boolean;
}
export interface FieldView {
  name: string;
  id: string;
  value: string;
  error?: string;
  options?: Option[];
}

const idOf = (name: string) => `f-${name.replace(/[^A-Za-z0-9]+/g, '-')}`;

class Fields {
  readonly byName = new Map<string, FieldView>();
  text(name: string, value: string): FieldView {
    return this.add({ name, id: idOf(name), value });
  }
  select(name: string, value: string, labels: Record<string, string>): FieldView {
    const options = Object.entries(labels).map(([v, label]) => ({ value: v, label, selected: v === value }));
    // A value the form does not offer (an imported draft's typo) stays visible, and the schema names it.
    if (!(value in labels)) options.unshift({ value, label: value === '' ? '—' : value, selected: true });
    return this.add({ name, id: idOf(name), value, options });
  }
  checks(name: string, values: string[], labels: Record<string, string>): FieldView {
    const options = Object.entries(labels).map(([v, label]) => ({ value: v, label, selected: values.includes(v) }));
    return this.add({ name, id: idOf(name), value: values.join(','), options });
  }
  private add(f: FieldView): FieldView {
    this.byName.set(f.name, f);
    return f;
  }
}

function ruleView(fs: Fields, base: string, r: RuleForm) {
  return {
    type: fs.select(`${base}.type`, r.type, RULE_TYPE_LABELS),
    date: fs.text(`${base}.date`, r.date),
    month: fs.text(`${base}.month`, r.month),
    years: fs.text(`${base}.years`, r.years),
    at: fs.text(`${base}.at`, r.at),
    inclusive: fs.select(`${base}.inclusive`, r.inclusive, INCLUSIVE_LABELS),
  };
}

function buildFields(fs: Fields, f: PlanForm) {
  const p = f.policy;
  return {
    code: fs.text('code', f.code),
    title: fs.text('title', f.title),
    document: {
      number: fs.text('document.number', f.document.number),
      issuer: fs.text('document.issuer', f.document.issuer),
      issuedOn: fs.text('document.issuedOn', f.document.issuedOn),
      source: fs.text('document.source', f.document.source),
    },
    years: { from: fs.text('years.from', f.years.from), to: fs.text('years.to', f.years.to) },
    coordinator: fs.text('coordinator', f.coordinator),
    committee: fs.text('committee', f.committee),
    agencies: f.agencies.map((a, i) => {
      const b = `agencies[${i}]`;
      return {
        path: b,
        number: i + 1,
        code: fs.text(`${b}.code`, a.code),
        name: fs.text(`${b}.name`, a.name),
        kind: fs.select(`${b}.kind`, a.kind, AGENCY_KIND_LABELS),
        contacts: a.contacts.map((c, j) => {
          const cb = `${b}.contacts[${j}]`;
          return {
            path: cb,
            role: fs.select(`${cb}.role`, c.role, CONTACT_ROLE_LABELS),
            name: fs.text(`${cb}.name`, c.name),
            email: fs.text(`${cb}.email`, c.email),
            phone: fs.text(`${cb}.phone`, c.phone),
          };
        }),
      };
    }),
    groups: f.groups.map((g, i) => ({
      path: `groups[${i}]`,
      name: fs.text(`groups[${i}].name`, g.name),
      members: fs.text(`groups[${i}].members`, g.members),
    })),
    obligations: f.obligations.map((o, i) => {
      const b = `obligations[${i}]`;
      return {
        path: b,
        number: i + 1,
        id: fs.text(`${b}.id`, o.id),
        title: fs.text(`${b}.title`, o.title),
        kind: fs.select(`${b}.kind`, o.kind, OBLIGATION_KIND_LABELS),
        stated: fs.text(`${b}.stated`, o.stated),
        fromMode: fs.select(`${b}.fromMode`, o.fromMode, AUDIENCE_MODE_LABELS),
        from: fs.text(`${b}.from`, o.from),
        to: fs.text(`${b}.to`, o.to),
        due: ruleView(fs, `${b}.due`, o.due),
        period: {
          from: fs.text(`${b}.period.from`, o.period.from),
          to: fs.text(`${b}.period.to`, o.period.to),
          fromPreviousYear: fs.select(`${b}.period.fromPreviousYear`, o.period.fromPreviousYear, DEFAULT_YES_NO_LABELS),
          label: fs.text(`${b}.period.label`, o.period.label),
        },
        gathers: fs.text(`${b}.gathers`, o.gathers),
        indicators: fs.text(`${b}.indicators`, o.indicators),
      };
    }),
    campaigns: f.campaigns.map((c, i) => {
      const b = `campaigns[${i}]`;
      return {
        path: b,
        number: i + 1,
        id: fs.text(`${b}.id`, c.id),
        name: fs.text(`${b}.name`, c.name),
        window: { from: fs.text(`${b}.window.from`, c.window.from), to: fs.text(`${b}.window.to`, c.window.to) },
        participantsMode: fs.select(`${b}.participantsMode`, c.participantsMode, AUDIENCE_MODE_LABELS),
        participants: fs.text(`${b}.participants`, c.participants),
        noticeBefore: fs.text(`${b}.noticeBefore`, c.noticeBefore),
        resultsReport: {
          title: fs.text(`${b}.resultsReport.title`, c.resultsReport.title),
          to: fs.text(`${b}.resultsReport.to`, c.resultsReport.to),
          due: ruleView(fs, `${b}.resultsReport.due`, c.resultsReport.due),
        },
      };
    }),
    indicators: f.indicators.map((x, i) => {
      const b = `indicators[${i}]`;
      return {
        path: b,
        number: i + 1,
        code: fs.text(`${b}.code`, x.code),
        goal: fs.text(`${b}.goal`, x.goal),
        name: fs.text(`${b}.name`, x.name),
        unit: fs.text(`${b}.unit`, x.unit),
        baseline: {
          year: fs.text(`${b}.baseline.year`, x.baseline.year),
          value: fs.text(`${b}.baseline.value`, x.baseline.value),
        },
        targets: fs.text(`${b}.targets`, x.targets),
        responsible: fs.text(`${b}.responsible`, x.responsible),
        aggregate: fs.select(`${b}.aggregate`, x.aggregate, AGGREGATE_LABELS),
        rateOf: {
          numerator: fs.text(`${b}.rateOf.numerator`, x.rateOf.numerator),
          denominator: fs.text(`${b}.rateOf.denominator`, x.rateOf.denominator),
        },
      };
    }),
    policy: {
      reminders: fs.text('policy.reminders', p.reminders),
      remindAfterLongBreak: fs.select('policy.remindAfterLongBreak', p.remindAfterLongBreak, DEFAULT_YES_NO_LABELS),
      reminderHour: fs.text('policy.reminderHour', p.reminderHour),
      reportLeadTime: fs.text('policy.reportLeadTime', p.reportLeadTime),
      escalation: p.escalation.map((s, i) => ({
        path: `policy.escalation[${i}]`,
        number: i + 1,
        after: fs.text(`policy.escalation[${i}].after`, s.after),
        notify: fs.checks(`policy.escalation[${i}].notify`, s.notify, NOTIFY_LABELS),
      })),
      workingHoursMode: fs.select('policy.workingHoursMode', p.workingHoursMode, WORKING_HOURS_MODE_LABELS),
      workingHours: {
        from: fs.text('policy.workingHours.from', p.workingHours.from),
        to: fs.text('policy.workingHours.to', p.workingHours.to),
      },
      rollForward: fs.select('policy.rollForward', p.rollForward, YES_NO_LABELS),
      makeUpDaysAreWorkingDays: fs.select('policy.makeUpDaysAreWorkingDays', p.makeUpDaysAreWorkingDays, YES_NO_LABELS),
      proposedHolidays: fs.checks('policy.proposedHolidays', p.proposedHolidays, PROPOSED_HOLIDAY_LABELS),
      dueTime: fs.text('policy.dueTime', p.dueTime),
      channels: fs.checks('policy.channels', p.channels, CHANNEL_LABELS),
      smsWithoutDiacritics: fs.select('policy.smsWithoutDiacritics', p.smsWithoutDiacritics, YES_NO_LABELS),
      digest: fs.select('policy.digest', p.digest, DEFAULT_YES_NO_LABELS),
    },
    preserved: f.preserved,
  };
}

/** The form's field a plan-file path belongs to (see the module comment), or null. */
export function fieldOfPath(
  path: ReadonlyArray<PropertyKey>,
  form: PlanForm,
  names: ReadonlySet<string>,
): string | null {
  const parts = [...path];
  // Groups are a record in the file and a list in the form.
  if (parts[0] === 'groups' && typeof parts[1] === 'string') {
    const i = form.groups.findIndex((g) => g.name === parts[1]);
    if (i < 0) return null;
    return parts.length > 2 ? `groups[${i}].members` : `groups[${i}].name`;
  }
  if (parts[0] === 'indicators' && parts[2] === 'targets') parts.length = 3;
  while (parts.length > 1) {
    const name = formatPath(parts);
    if (names.has(name)) return name;
    const inside = [...names].find((n) => n.startsWith(`${name}.`) || n.startsWith(`${name}[`));
    if (inside !== undefined) return inside;
    parts.pop();
  }
  return names.has(formatPath(parts)) ? formatPath(parts) : null;
}

export interface EditorView extends ReturnType<typeof buildFields> {
  /** Problems that name no field of the form, as `<path>: <message>`. */
  general: { path: string; message: string }[];
  errorCount: number;
}

/** The form with each issue beside its field. `issueMessage` words an issue as the CLI does. */
export function editorView(
  form: PlanForm,
  issues: readonly z.core.$ZodIssue[] = [],
  issueMessage: (i: z.core.$ZodIssue) => string = (i) => i.message,
): EditorView {
  const fs = new Fields();
  const view = buildFields(fs, form);
  const names = new Set(fs.byName.keys());
  const general: EditorView['general'] = [];
  for (const issue of issues) {
    const name = fieldOfPath(issue.path, form, names);
    const field = name === null ? undefined : fs.byName.get(name);
    const message = issueMessage(issue);
    if (field) field.error = field.error ? `${field.error}; ${message}` : message;
    else general.push({ path: formatPath(issue.path), message });
  }
  return { ...view, general, errorCount: issues.length };
}
