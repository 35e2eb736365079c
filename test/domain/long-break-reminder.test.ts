/**
 * A reminder after every long break: when three or more consecutive non-working days lie between a deadline's first
 * reminder and its due date, the agency is reminded again the morning offices reopen; reminders that fall on one
 * instant are reported as merged, never dropped. Properties over every due date of 2024–2030, and the Tết cases.
 */
import fc from 'fast-check';

import { addDaysToDate, localDateOf } from '../../src/domain/business-time';
import { deadlineInstances, type DeadlineInstance } from '../../src/domain/deadline-rules';
import { isWorkingDay } from '../../src/domain/holiday-calendar';
import { longBreaksBetween } from '../../src/domain/long-break';
import { obligationStart } from '../../src/domain/obligation-start';
import { planCalendar } from '../../src/domain/plan-calendar';
import { parsePlanData } from '../../src/domain/plan-file';
import {
  mergedRemindersText,
  reminderPlan,
  reminderSchedule,
  type SchedulePolicy,
} from '../../src/domain/reminder-schedule';

const policy = (over: Partial<SchedulePolicy> = {}): SchedulePolicy => ({
  reminders: ['P7D', 'P3D', 'P1D'],
  reminderHour: '08:00',
  escalation: [],
  workingHours: { from: '07:00', to: '20:00' },
  ...over,
});

function once(date: string): DeadlineInstance {
  const [inst] = deadlineInstances({ type: 'once', date }, [Number(date.slice(0, 4))]);
  if (!inst) throw new Error('no instance');
  return inst;
}

const isAfterBreak = (step: string) => step.startsWith('reminder:after-break:');

/** Brute force, independent of long-break.ts: the first working day after each run of ≥ 3 days off in (from, to). */
function reopeningsBetween(from: string, to: string, p: SchedulePolicy): string[] {
  const out: string[] = [];
  let run = 0;
  let runStartedAfterWork = false;
  for (let d = addDaysToDate(from, 1); d <= to; d = addDaysToDate(d, 1)) {
    if (isWorkingDay(d, p)) {
      if (run >= 3 && runStartedAfterWork) out.push(d);
      run = 0;
    } else {
      if (run === 0) runStartedAfterWork = isWorkingDay(addDaysToDate(d, -1), p);
      run++;
    }
  }
  return out;
}

const dueDay = fc
  .date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const offsets = fc.uniqueArray(
  fc.integer({ min: 0, max: 21 }).map((n) => `P${n}D`),
  { minLength: 1, maxLength: 5 },
);
const calendar = fc.record({ makeUpDaysAreWorkingDays: fc.boolean() });

describe('the Tết example: due Monday 23/2/2026, offices closed 14/2–22/2', () => {
  const due = once('2026-02-23');

  it('P7D and P3D both move to Friday 13/2 and merge; the agency is reminded again on 23/2 at 08:00', () => {
    expect(reminderPlan(due, policy({ reminders: ['P7D', 'P3D'] }))).toEqual({
      reminders: [
        { step: 'reminder:P7D', at: '2026-02-13T08:00:00+07:00', kind: 'upcoming' },
        { step: 'reminder:after-break:2026-02-23', at: '2026-02-23T08:00:00+07:00', kind: 'due-today' },
      ],
      merged: [{ at: '2026-02-13T08:00:00+07:00', steps: ['reminder:P7D', 'reminder:P3D'] }],
    });
  });

  it('the merge is said in Vietnamese', () => {
    const [merged] = reminderPlan(due, policy()).merged;
    expect(merged && mergedRemindersText(merged)).toBe(
      'Nhắc P7D, nhắc P3D, nhắc P1D trùng vào 08:00 13/2/2026: gửi một lần (nhắc P7D).',
    );
  });

  it('is a plan policy, on by default, off with remindAfterLongBreak: false', () => {
    const plan = (extra: Record<string, unknown>) => {
      const r = parsePlanData({
        code: 'TET',
        title: 'Tết',
        years: { from: 2026, to: 2026 },
        coordinator: 'A',
        committee: 'A',
        agencies: [{ code: 'A', name: 'A', kind: 'committee', contacts: [{ role: 'head', email: 'a@a.example.vn' }] }],
        obligations: [{ id: 'o', title: 'O', from: ['A'], to: 'A', due: { type: 'once', date: '2026-02-23' } }],
        policy: { reminders: ['P7D', 'P3D'], ...extra },
      });
      if (!r.ok) throw new Error(JSON.stringify(r.problems));
      return r.plan;
    };
    const on = planCalendar(plan({}))[0];
    expect(on?.reminders).toEqual(['2026-02-13T08:00:00+07:00', '2026-02-23T08:00:00+07:00']);
    expect(on?.mergedReminders).toEqual([{ at: '2026-02-13T08:00:00+07:00', steps: ['reminder:P7D', 'reminder:P3D'] }]);
    expect(planCalendar(plan({ remindAfterLongBreak: false }))[0]?.reminders).toEqual(['2026-02-13T08:00:00+07:00']);
    // The workflow gets the extra instant as one more reminder step of its input, like any other.
    const p = plan({});
    expect(obligationStart(p, planCalendar(p)[0]!).input.reminders.map((r) => r.step)).toEqual([
      'reminder:P7D',
      'reminder:after-break:2026-02-23',
    ]);
  });

  it('a plain weekend is no long break', () => {
    // Due Monday 2/3/2026: P7D Monday 23/2, P3D Friday 27/2; only Saturday and Sunday lie between.
    expect(reminderSchedule(once('2026-03-02'), policy({ reminders: ['P7D', 'P3D'] })).map((r) => r.step)).toEqual([
      'reminder:P7D',
      'reminder:P3D',
    ]);
  });

  it('exact deadlines (demos) keep exact offsets only', () => {
    const [inst] = deadlineInstances({ type: 'instant', at: '2026-02-23T10:00:00+07:00' }, [2026]);
    expect(reminderSchedule(inst!, policy({ reminders: ['P14D'] })).map((r) => r.step)).toEqual(['reminder:P14D']);
  });
});

describe('longBreaksBetween', () => {
  it('finds Tết Bính Ngọ and the 5-day Quốc khánh break of 2026, and not a break already under way', () => {
    expect(longBreaksBetween('2026-02-13', '2026-02-23', {})).toEqual([
      { first: '2026-02-14', last: '2026-02-22', days: 9, reopens: '2026-02-23' },
    ]);
    expect(longBreaksBetween('2026-02-15', '2026-02-23', {})).toEqual([]);
    expect(longBreaksBetween('2026-02-13', '2026-02-22', {})).toEqual([]);
    expect(longBreaksBetween('2026-08-28', '2026-09-03', {})).toEqual([
      { first: '2026-08-29', last: '2026-09-02', days: 5, reopens: '2026-09-03' },
    ]);
  });
});

describe('properties over due dates of 2024–2030', () => {
  it('after every long break between the first reminder and the due date, a reminder the morning offices reopen', () => {
    fc.assert(
      fc.property(dueDay, offsets, calendar, (date, reminders, cal) => {
        const p = policy({ reminders, ...cal });
        const due = once(date);
        const plan = reminderPlan(due, p);
        const regular = plan.reminders.filter((r) => !isAfterBreak(r.step));
        const firstRegular = regular.map((r) => localDateOf(r.at)).sort()[0];
        if (!firstRegular) return;
        const expected = reopeningsBetween(firstRegular, due.dueDate, p).map((d) => `${d}T08:00:00+07:00`);
        const reminded = new Set(plan.reminders.map((r) => r.at));
        for (const at of expected) expect(reminded.has(at)).toBe(true);
        // and no other: every after-break step stands for one of them
        for (const r of plan.reminders.filter((x) => isAfterBreak(x.step))) expect(expected).toContain(r.at);
      }),
      { numRuns: 400 },
    );
  });

  it('no step is lost: each offset is sent or named in the merge of the instant it fell on', () => {
    fc.assert(
      fc.property(dueDay, offsets, calendar, (date, reminders, cal) => {
        const p = policy({ reminders, ...cal });
        const plan = reminderPlan(once(date), p);
        const sent = new Set(plan.reminders.map((r) => r.step));
        const mergedSteps = new Set(plan.merged.flatMap((m) => m.steps));
        for (const offset of reminders) {
          const step = `reminder:${offset}`;
          // P0D lands at 08:00 on the due date, still before 23:59:59: every offset here is before the deadline.
          expect(sent.has(step) || mergedSteps.has(step)).toBe(true);
        }
        for (const m of plan.merged) {
          expect(m.steps.length).toBeGreaterThan(1);
          expect(plan.reminders.find((r) => r.at === m.at)?.step).toBe(m.steps[0]);
        }
        expect(new Set(plan.reminders.map((r) => r.at)).size).toBe(plan.reminders.length);
      }),
      { numRuns: 400 },
    );
  });

  it('turning the policy off removes exactly the after-break reminders', () => {
    fc.assert(
      fc.property(dueDay, offsets, calendar, (date, reminders, cal) => {
        const due = once(date);
        const on = reminderSchedule(due, policy({ reminders, ...cal }));
        const off = reminderSchedule(due, policy({ reminders, ...cal, afterLongBreak: false }));
        expect(off).toEqual(on.filter((r) => !isAfterBreak(r.step)));
      }),
      { numRuns: 300 },
    );
  });

  it.each([2024, 2025, 2026, 2027, 2028, 2029, 2030])(
    'Tết %d: a deadline on the day offices reopen gets its reminders before Tết and one that morning',
    (year) => {
      // The longest run of days off in January–March is Tết.
      const [tet] = longBreaksBetween(`${year}-01-05`, `${year}-03-31`, {}).sort((a, b) => b.days - a.days);
      if (!tet) throw new Error('no Tết break');
      expect(tet.days).toBeGreaterThanOrEqual(5);
      const plan = reminderPlan(once(tet.reopens), policy({ reminders: ['P7D', 'P3D'] }));
      const before = plan.reminders.filter((r) => localDateOf(r.at) < tet.first);
      expect(before.length).toBeGreaterThan(0);
      expect(plan.reminders.at(-1)).toEqual({
        step: `reminder:after-break:${tet.reopens}`,
        at: `${tet.reopens}T08:00:00+07:00`,
        kind: 'due-today',
      });
      // P3D always falls inside the break; so does P7D when the break lasts a week: both then merge before it.
      if (tet.days >= 7) {
        expect(plan.merged).toEqual([{ at: before[0]?.at, steps: ['reminder:P7D', 'reminder:P3D'] }]);
      }
    },
  );
});
