/**
 * Roll-forward explanations name the law (Bộ luật Dân sự 2015, Điều 148) and every day off they skipped, in
 * Vietnamese; the literal reading of "trước ngày X" says so too. Examples, then properties over 2024–2030.
 */
import fc from 'fast-check';

import { addDaysToDate } from '../../src/domain/business-time';
import { deadlineInstances } from '../../src/domain/deadline-rules';
import { dayOffReason, isWorkingDay } from '../../src/domain/holiday-calendar';

const once = (date: string, inclusive?: boolean, rollForward?: boolean) => {
  const rule = inclusive === undefined ? { type: 'once' as const, date } : { type: 'once' as const, date, inclusive };
  const [inst] = deadlineInstances(rule, [Number(date.slice(0, 4))], rollForward === undefined ? {} : { rollForward });
  if (!inst) throw new Error('no instance');
  return inst;
};

test('a Sunday rolls to Monday, with the law and the day skipped', () => {
  const inst = once('2014-11-30');
  expect(inst.skippedDays).toEqual([{ date: '2014-11-30', name: 'Chủ nhật' }]);
  expect(inst.dueExplanation).toBe(
    '30/11/2014 là Chủ nhật; theo Bộ luật Dân sự 2015, Điều 148 khoản 5, hạn kết thúc vào cuối ngày làm việc tiếp ' +
      'theo: thứ Hai, ngày 1/12/2014. Bỏ qua 1 ngày nghỉ: Chủ nhật 30/11/2014.',
  );
});

test('a deadline inside Tết names every day of the break it skipped', () => {
  // Tết Bính Ngọ: offices closed Saturday 14/2 – Sunday 22/2/2026.
  const inst = once('2026-02-17');
  expect(inst.dueDate).toBe('2026-02-23');
  expect(inst.skippedDays.map((d) => d.date)).toEqual([
    '2026-02-17',
    '2026-02-18',
    '2026-02-19',
    '2026-02-20',
    '2026-02-21',
    '2026-02-22',
  ]);
  expect(inst.dueExplanation).toMatch(
    /^17\/2\/2026 là Tết Nguyên đán \(mùng 1\); theo Bộ luật Dân sự 2015, Điều 148 khoản 5, .*thứ Hai, ngày 23\/2\/2026\. Bỏ qua 6 ngày nghỉ: Tết Nguyên đán \(mùng 1\) 17\/2\/2026, .* Chủ nhật 22\/2\/2026\.$/,
  );
});

test('"trước ngày X" on working days: the day before, explained, no roll', () => {
  const inst = once('2020-03-25', false);
  expect([inst.dueDate, inst.rolled, inst.skippedDays]).toEqual(['2020-03-24', null, []]);
  expect(inst.dueExplanation).toBe(
    '“Trước ngày 25/3/2020” không gồm ngày 25/3/2020: ngày cuối cùng của hạn là thứ Ba, ngày 24/3/2020; hạn kết ' +
      'thúc vào cuối ngày đó (Bộ luật Dân sự 2015, Điều 148 khoản 1).',
  );
});

test('a stated working day, inclusive, needs no explanation; nor does a day off without roll-forward', () => {
  expect(once('2020-03-25').dueExplanation).toBeNull();
  expect(once('2014-11-30', true, false)).toMatchObject({ dueDate: '2014-11-30', dueExplanation: null });
});

const day = fc
  .date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

test('property: a rolled deadline skips exactly the days off from its last day to its due date, and says so', () => {
  fc.assert(
    fc.property(day, fc.boolean(), (date, inclusive) => {
      const inst = once(date, inclusive);
      const last = inclusive ? date : addDaysToDate(date, -1);
      if (inst.rolled === null) {
        expect(inst.skippedDays).toEqual([]);
        expect(inst.dueExplanation === null).toBe(inclusive);
        return;
      }
      const expected: string[] = [];
      for (let d = last; d < inst.dueDate; d = addDaysToDate(d, 1)) expected.push(d);
      expect(inst.skippedDays.map((s) => s.date)).toEqual(expected);
      for (const s of inst.skippedDays) {
        expect(isWorkingDay(s.date)).toBe(false);
        expect(s.name).toBe(dayOffReason(s.date)?.name);
      }
      expect(isWorkingDay(inst.dueDate)).toBe(true);
      const text = inst.dueExplanation ?? '';
      expect(text).toContain('Bộ luật Dân sự 2015, Điều 148 khoản 5');
      expect(text).toContain(`Bỏ qua ${expected.length} ngày nghỉ: `);
      for (const s of inst.skippedDays) expect(text).toContain(`${s.name} ${Number(s.date.slice(8))}/`);
      expect(text.startsWith('“Trước ngày')).toBe(!inclusive);
    }),
    { numRuns: 500 },
  );
});
