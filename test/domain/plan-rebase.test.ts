import fs from 'node:fs';
import path from 'node:path';
import { parsePlanData, parsePlanText } from '../../src/domain/plan-file';
import { planCalendar } from '../../src/domain/plan-calendar';
import { rebasePlan, shiftRule } from '../../src/domain/plan-rebase';
import type { Plan } from '../../src/domain/plan-schema';

const preset = (file: string): Plan => {
  const r = parsePlanText(fs.readFileSync(path.join(__dirname, '..', '..', 'plans', file), 'utf8'));
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.plan;
};

test('year-bearing rules shift; day/month rules stay', () => {
  expect(shiftRule({ type: 'once', date: '2017-10-01' }, 9)).toEqual({ type: 'once', date: '2026-10-01' });
  expect(shiftRule({ type: 'once', date: '2020-02-29' }, 6)).toEqual({ type: 'once', date: '2026-02-28' });
  expect(shiftRule({ type: 'in-years', years: [2018, 2020] }, 9)).toEqual({ type: 'in-years', years: [2027, 2029] });
  expect(shiftRule({ type: 'yearly', date: '30/11' }, 12)).toEqual({ type: 'yearly', date: '30/11' });
  expect(shiftRule({ type: 'instant', at: '2020-06-10T17:00:00+07:00' }, 1)).toEqual({
    type: 'instant',
    at: '2021-06-10T17:00:00+07:00',
  });
});

test.each(fs.readdirSync(path.join(__dirname, '..', '..', 'plans')).filter((f) => f.endsWith('.yaml')))(
  '%s rebased to 2026 is a valid plan covering the same number of years',
  (file) => {
    const p = preset(file);
    const r = parsePlanData(rebasePlan(p, 2026));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.plan.years).toEqual({ from: 2026, to: 2026 + p.years.to - p.years.from });
    expect(planCalendar(r.plan)).toHaveLength(planCalendar(p).length);
  },
);

// "trước ngày 30 tháng 5/11": the last days are Friday 29/5/2026 and Sunday 29/11/2026, which rolls to Monday 30/11.
test('Vĩnh Long keeps its own deadlines in 2026: before 30/5 → Friday 29/5, before 30/11 → Monday 30/11', () => {
  const r = parsePlanData(rebasePlan(preset('vinh-long-bdg-2014.yaml'), 2026));
  if (!r.ok) throw new Error('invalid');
  expect(r.plan.code).toBe('VL-BDG-2026');
  const dates = new Set(planCalendar(r.plan).map((i) => `${i.statedDate}→${i.dueDate}`));
  expect([...dates].sort()).toEqual(['2026-05-30→2026-05-29', '2026-11-30→2026-11-30']);
});
