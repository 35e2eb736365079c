/**
 * "trước ngày X" and the `inclusive` flag of dated rules, as properties over every stated day of 2024–2030: the
 * default keeps today's reading (X is the last day), and `inclusive: false` ends the day before X, rolled forward
 * under Bộ luật Dân sự Điều 148 when that day is off.
 */
import fc from 'fast-check';

import { deadlineInstances, type CalendarSettings } from '../../src/domain/deadline-rules';
import { isWorkingDay, nextWorkingDay } from '../../src/domain/holiday-calendar';
import { parsePlanData } from '../../src/domain/plan-file';

const day = fc
  .date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const settings = fc.record({ rollForward: fc.boolean(), makeUpDaysAreWorkingDays: fc.boolean() });

const dayBefore = (date: string): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

function once(date: string, inclusive: boolean | undefined, s: CalendarSettings) {
  const rule = inclusive === undefined ? { type: 'once' as const, date } : { type: 'once' as const, date, inclusive };
  const [inst] = deadlineInstances(rule, [Number(date.slice(0, 4))], s);
  if (!inst) throw new Error('no instance');
  return inst;
}

test('no flag is inclusive: nothing already applied moves', () => {
  fc.assert(
    fc.property(day, settings, (date, s) => {
      expect(once(date, undefined, s)).toEqual(once(date, true, s));
    }),
  );
});

test('exclusive ends on the day before X, or the first working day after it when that day is off', () => {
  fc.assert(
    fc.property(day, settings, (date, s) => {
      const inst = once(date, false, s);
      const last = dayBefore(date);
      expect(inst.statedDate).toBe(date);
      if (!s.rollForward || isWorkingDay(last, s)) {
        expect([inst.dueDate, inst.rolled]).toEqual([last, null]);
      } else {
        expect(inst.dueDate).toBe(nextWorkingDay(last, s));
        expect(inst.rolled).not.toBeNull();
      }
    }),
  );
});

test('exclusive is never later than inclusive, and is a day earlier when both days are working days', () => {
  fc.assert(
    fc.property(day, settings, (date, s) => {
      const exclusive = once(date, false, s);
      const inclusive = once(date, true, s);
      expect(exclusive.dueAt <= inclusive.dueAt).toBe(true);
      if (isWorkingDay(date, s) && isWorkingDay(dayBefore(date), s)) {
        expect([exclusive.dueDate, inclusive.dueDate]).toEqual([dayBefore(date), date]);
      }
      if (s.rollForward) {
        expect(isWorkingDay(exclusive.dueDate, s)).toBe(true);
      }
    }),
  );
});

test('yearly, in-years and every-year rules take the flag too', () => {
  expect(deadlineInstances({ type: 'yearly', date: '25/3', inclusive: false }, [2026])[0]?.dueDate).toBe('2026-03-24');
  expect(deadlineInstances({ type: 'every-year', inclusive: false }, [2026])[0]?.dueDate).toBe('2026-12-30');
  expect(deadlineInstances({ type: 'in-years', years: [2027], inclusive: false }, [2027])[0]?.dueDate).toBe(
    '2027-12-30',
  );
  // 1/9/2026 is Quốc khánh: "trước ngày 2/9" rolls its last day, 1/9, past 2/9 to Thursday 3/9.
  expect(deadlineInstances({ type: 'once', date: '2026-09-02', inclusive: false }, [2026])[0]).toMatchObject({
    dueDate: '2026-09-03',
    rolled: 'holiday',
    rolledBecause: '1/9/2026 là Quốc khánh (ngày liền kề)',
  });
});

test('the plan file refuses a flag that is not a boolean, with the field named', () => {
  const r = parsePlanData({
    code: 'THU',
    title: 'Thử',
    years: { from: 2026, to: 2026 },
    coordinator: 'A',
    committee: 'A',
    agencies: [{ code: 'A', name: 'A', kind: 'committee', contacts: [{ role: 'head', email: 'a@a.example.vn' }] }],
    obligations: [
      { id: 'o', title: 'O', from: ['A'], to: 'A', due: { type: 'yearly', date: '25/3', inclusive: 'có' } },
    ],
  });
  expect(r.ok ? [] : r.problems).toEqual([
    { path: 'obligations[0].due.inclusive', message: 'phải là true hoặc false / must be true or false' },
  ]);
});
