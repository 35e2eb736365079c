/**
 * 24/11, Ngày Văn hóa Việt Nam, is not a public holiday until the Labour Code is amended: it is a switch of the plan
 * policy (`proposedHolidays: ["24/11"]`), off by default, and when on it reaches the due dates, their explanations
 * and the reminders of the plan calendar.
 */
import { planCalendar } from '../../src/domain/plan-calendar';
import { parsePlanData } from '../../src/domain/plan-file';

function plan(policy: Record<string, unknown>) {
  const r = parsePlanData({
    code: 'VH',
    title: 'Văn hóa',
    years: { from: 2026, to: 2026 },
    coordinator: 'A',
    committee: 'A',
    agencies: [{ code: 'A', name: 'A', kind: 'committee', contacts: [{ role: 'head', email: 'a@a.example.vn' }] }],
    obligations: [
      { id: 'o', title: 'O', from: ['A'], to: 'A', due: { type: 'once', date: '2026-11-24' } },
      { id: 'p', title: 'P', from: ['A'], to: 'A', due: { type: 'once', date: '2026-11-25' } },
    ],
    policy: { reminders: ['P1D'], ...policy },
  });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.plan;
}

test('off by default: Tuesday 24/11/2026 is a working day', () => {
  const [o, p] = planCalendar(plan({}));
  expect([o?.dueDate, o?.rolled, o?.dueExplanation]).toEqual(['2026-11-24', null, null]);
  expect(p?.reminders).toEqual(['2026-11-24T08:00:00+07:00']);
});

test('switched on in the plan policy: 24/11 is a day off for due dates and reminders', () => {
  const [o, p] = planCalendar(plan({ proposedHolidays: ['24/11'] }));
  expect([o?.dueDate, o?.rolled]).toEqual(['2026-11-25', 'holiday']);
  expect(o?.dueExplanation).toMatch(/^24\/11\/2026 là .*Văn hóa Việt Nam.*Bộ luật Dân sự 2015, Điều 148 khoản 5/);
  expect(p?.reminders).toEqual(['2026-11-23T08:00:00+07:00']);
});

test('no other day can be switched on', () => {
  const r = parsePlanData({ ...plan({}), policy: { proposedHolidays: ['1/6'] } });
  expect(r.ok ? [] : r.problems.map((x) => x.path)).toEqual(['policy.proposedHolidays[0]']);
});
