/**
 * The editor's form codec without a browser: a plan into form fields (flat, as a browser posts them), back into a
 * plan; the five seed presets come back with the same source hash and calendar; a zod issue lands beside its field.
 */
import fs from 'node:fs';
import path from 'node:path';
import { planCalendar } from '../../src/domain/plan-calendar';
import { parsePlanData, parsePlanText } from '../../src/domain/plan-file';
import { PlanSchema, type Plan } from '../../src/domain/plan-schema';
import { planSourceHash } from '../../src/services/plan-source-hash';
import { formOfPlan, planInputOfForm } from '../../src/web/plan-form/plan-form-codec';
import { applyFormOp, formFromFields, type PlanForm } from '../../src/web/plan-form/plan-form-model';
import { editorView } from '../../src/web/plan-form/plan-form-view';

const plansDir = path.join(__dirname, '..', '..', 'plans');
const presets = fs.readdirSync(plansDir).filter((f) => f.endsWith('.yaml'));

/** What a browser posts: `name=value` per field, a checkbox group repeated. */
function flatten(value: unknown, prefix = '', out: Record<string, string | string[]> = {}) {
  if (Array.isArray(value) && value.every((v) => typeof v === 'string') && !/\]$/.test(prefix) && value.length > 0) {
    if (typeof value[0] === 'string' && /notify|proposedHolidays|channels/.test(prefix)) {
      out[prefix] = value;
      return out;
    }
  }
  if (Array.isArray(value)) value.forEach((v, i) => flatten(v, `${prefix}[${i}]`, out));
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) flatten(v, prefix === '' ? k : `${prefix}.${k}`, out);
  else out[prefix] = String(value);
  return out;
}

function load(file: string): Plan {
  const r = parsePlanText(fs.readFileSync(path.join(plansDir, file), 'utf8'));
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.plan;
}

test.each(presets)('%s goes through the form and back unchanged (same source hash, same calendar)', (file) => {
  const plan = load(file);
  const posted = formFromFields(flatten(formOfPlan(plan)));
  const back = parsePlanData(planInputOfForm(posted));
  if (!back.ok) throw new Error(JSON.stringify(back.problems.slice(0, 5)));
  expect(back.plan).toEqual(plan);
  expect(planSourceHash(back.plan)).toBe(planSourceHash(plan));
  expect(planCalendar(back.plan)).toEqual(planCalendar(plan));
});

test('add and remove buttons change one repeating group', () => {
  const form = formOfPlan(load('thua-thien-hue-binh-dang-gioi-2020.yaml'));
  const added = applyFormOp(form, 'add:obligations');
  expect(added.obligations).toHaveLength(form.obligations.length + 1);
  expect(added.obligations.at(-1)).toMatchObject({ id: '', kind: 'report', due: { type: 'yearly' } });
  const removed = applyFormOp(form, 'remove:obligations[1]');
  expect(removed.obligations.map((o) => o.id)).toEqual(form.obligations.filter((_, i) => i !== 1).map((o) => o.id));
  const contact = applyFormOp(form, 'add:agencies[2].contacts');
  expect(contact.agencies[2]?.contacts).toHaveLength((form.agencies[2]?.contacts.length ?? 0) + 1);
  expect(applyFormOp(form, 'add:title')).toBe(form);
});

function issuesOf(form: PlanForm) {
  const r = PlanSchema.safeParse(planInputOfForm(form), { reportInput: true });
  if (r.success) throw new Error('expected a refusal');
  return editorView(form, r.error.issues);
}

test('each schema error is placed beside the field it names', () => {
  const form = formOfPlan(load('thua-thien-hue-binh-dang-gioi-2020.yaml'));
  const bad = structuredClone(form);
  bad.obligations[1]!.due.date = '31/2';
  bad.agencies[0]!.contacts[0]!.email = 'khong-phai-email';
  bad.obligations[0]!.from = 'SYT, KHONG-CO';
  bad.obligations[0]!.fromMode = 'list';
  bad.groups[0]!.members = 'SYT, KHONG-CO-NUA';
  bad.policy.reminders = 'P7D, bay-ngay';
  const view = issuesOf(bad);
  expect(view.obligations[1]!.due.date.error).toMatch(/"31\/2" không phải ngày\/tháng có thật/);
  expect(view.agencies[0]!.contacts[0]!.email.error).toMatch(/email không hợp lệ/);
  expect(view.obligations[0]!.from.error).toMatch(/không có cơ quan mã "KHONG-CO"/);
  expect(view.groups[0]!.members.error).toMatch(/KHONG-CO-NUA/);
  expect(view.policy.reminders.error).toMatch(/"bay-ngay" không phải khoảng thời gian/);
  expect(view.general).toEqual([]);
  expect(view.errorCount).toBe(5);
});
