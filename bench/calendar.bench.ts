/**
 * The calendar of a 5-year plan with 500 agencies × 6 obligations (15,000 instances with their reminders and
 * escalations), computed in one process. Goal: under 200 ms on a 2-core machine. Prints the median of 7 runs after
 * 2 warm-ups.
 */
import { planCalendar } from '../src/domain/plan-calendar';
import { PlanSchema, type PlanInput } from '../src/domain/plan-schema';
import { printFigures } from './report-line';

function bigPlan(): PlanInput {
  const agencies = Array.from({ length: 500 }, (_, i) => ({
    code: `A${i}`,
    name: `Cơ quan ${i}`,
    kind: 'department' as const,
    contacts: [{ role: 'focal' as const, email: `a${i}@example.vn` }],
  }));
  return {
    code: 'BENCH',
    title: 'Kế hoạch đo hiệu năng',
    years: { from: 2026, to: 2030 },
    coordinator: 'A0',
    agencies,
    obligations: [
      { id: 'ke-hoach', title: 'Kế hoạch năm', from: 'all', to: 'A0', due: { type: 'yearly', date: '25/3' } },
      {
        id: 'bc-6-thang',
        title: 'Báo cáo 6 tháng',
        from: 'all',
        to: 'A0',
        due: { type: 'last-week-of-month', month: 6 },
      },
      { id: 'bc-nam', title: 'Báo cáo năm', from: 'all', to: 'A0', due: { type: 'yearly', date: '30/11' } },
      { id: 'so-ket', title: 'Sơ kết', from: 'all', to: 'A0', due: { type: 'in-years', years: [2027, 2029] } },
      { id: 'hang-nam', title: 'Hàng năm', from: 'all', to: 'A0', due: { type: 'every-year', date: '15/10' } },
      { id: 'tong-ket', title: 'Tổng kết', from: 'all', to: 'A0', due: { type: 'once', date: '2030-09-30' } },
    ],
  };
}

function run() {
  const plan = PlanSchema.parse(bigPlan());
  let items = 0;
  for (let i = 0; i < 2; i++) items = planCalendar(plan).length;
  const times: number[] = [];
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now();
    items = planCalendar(plan).length;
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  printFigures('calendar', {
    ms: Math.round(times[3]! * 10) / 10,
    minMs: Math.round(times[0]! * 10) / 10,
    items,
    runs: times.length,
  });
}

run();
