/**
 * Deadline rules → legal due dates, and reminders before them. Tables pin one example per rule type with roll-forward
 * on and off; properties check the legal invariants over thousands of generated rules, years (2014–2035) and
 * calendar settings.
 */
import fc from 'fast-check';
import { DateTime, Duration } from 'luxon';

import { addDaysToDate, BUSINESS_ZONE, weekdayOf } from '../../src/domain/business-time';
import {
  deadlineInstances,
  formatDmy,
  type CalendarSettings,
  type DeadlineInstance,
} from '../../src/domain/deadline-rules';
import { dayOffReason, isWorkingDay, nextWorkingDay, type CalendarOptions } from '../../src/domain/holiday-calendar';
import { DeadlineRule } from '../../src/domain/plan-schema';
import { reminderSchedule, type SchedulePolicy } from '../../src/domain/reminder-schedule';

type Row = [stated: string, due: string, rolled: string | null, windowOpens: string | null];
const rows = (instances: DeadlineInstance[]): Row[] =>
  instances.map((i) => [i.statedDate, i.dueDate, i.rolled, i.windowOpens]);

const ON: CalendarSettings = { rollForward: true };
const OFF: CalendarSettings = { rollForward: false };

describe('deadlineInstances: one table per rule type', () => {
  it.each([
    // rule, years, settings, expected rows
    [
      'yearly 30/11 (Sunday 2014) rolls to Monday',
      { type: 'yearly', date: '30/11' },
      [2014],
      ON,
      [['2014-11-30', '2014-12-01', 'weekend', null]],
    ],
    [
      'yearly 30/11 without roll-forward stays',
      { type: 'yearly', date: '30/11' },
      [2014],
      OFF,
      [['2014-11-30', '2014-11-30', null, null]],
    ],
    [
      'yearly 10/6 on a working day',
      { type: 'yearly', date: '10/6' },
      [2020],
      ON,
      [['2020-06-10', '2020-06-10', null, null]],
    ],
    [
      'yearly 1/1 (Sunday 2017) skips the compensatory Monday',
      { type: 'yearly', date: '1/1' },
      [2017],
      ON,
      [['2017-01-01', '2017-01-03', 'holiday', null]],
    ],
    [
      'yearly 2/9 over two years',
      { type: 'yearly', date: '2/9' },
      [2017, 2018],
      ON,
      [
        ['2017-09-02', '2017-09-05', 'holiday', null],
        ['2018-09-02', '2018-09-04', 'holiday', null],
      ],
    ],
    [
      'yearly 30/4 (Sunday 2017) → 3/5 after 1/5 and its compensatory day',
      { type: 'yearly', date: '30/4' },
      [2017],
      ON,
      [['2017-04-30', '2017-05-03', 'holiday', null]],
    ],
    [
      'last week of June 2017: Friday 30/6, from Monday 26/6',
      { type: 'last-week-of-month', month: 6 },
      [2017],
      ON,
      [['2017-06-30', '2017-06-30', null, '2017-06-26']],
    ],
    [
      'last week of December 2017: 31/12 is Sunday → Friday 29/12',
      { type: 'last-week-of-month', month: 12 },
      [2017],
      ON,
      [['2017-12-31', '2017-12-29', null, '2017-12-25']],
    ],
    [
      'last week of December 2017 without roll-forward: the same (it never rolls forward)',
      { type: 'last-week-of-month', month: 12 },
      [2017],
      OFF,
      [['2017-12-31', '2017-12-29', null, '2017-12-25']],
    ],
    [
      'last week of January 2025 falls in Tết: Friday 24/1',
      { type: 'last-week-of-month', month: 1 },
      [2025],
      ON,
      [['2025-01-31', '2025-01-24', null, '2025-01-20']],
    ],
    [
      'last week of April 2017: 30/4 holiday on Sunday → Friday 28/4',
      { type: 'last-week-of-month', month: 4 },
      [2017],
      ON,
      [['2017-04-30', '2017-04-28', null, '2017-04-24']],
    ],
    [
      'once 01/10/2017 (Sunday) → 2/10',
      { type: 'once', date: '2017-10-01' },
      [2017],
      ON,
      [['2017-10-01', '2017-10-02', 'weekend', null]],
    ],
    [
      'once 01/10/2017 without roll-forward',
      { type: 'once', date: '2017-10-01' },
      [2017],
      OFF,
      [['2017-10-01', '2017-10-01', null, null]],
    ],
    [
      'once ignores the plan years',
      { type: 'once', date: '2019-06-30' },
      [2017, 2018],
      ON,
      [['2019-06-30', '2019-07-01', 'weekend', null]],
    ],
    [
      'in-years "2018 và 2020", default 31/12, unsorted with a duplicate',
      { type: 'in-years', years: [2020, 2018, 2018] },
      [2017, 2018, 2019, 2020],
      ON,
      [
        ['2018-12-31', '2019-01-02', 'holiday', null],
        ['2020-12-31', '2020-12-31', null, null],
      ],
    ],
    [
      'in-years with a date, roll-forward off',
      { type: 'in-years', years: [2018], date: '31/12' },
      [2018],
      OFF,
      [['2018-12-31', '2018-12-31', null, null]],
    ],
    [
      'every-year "Hàng năm" defaults to 31/12 of each plan year',
      { type: 'every-year' },
      [2017, 2019],
      ON,
      [
        ['2017-12-31', '2018-01-02', 'weekend', null],
        ['2019-12-31', '2019-12-31', null, null],
      ],
    ],
    [
      'every-year 10/2/2024 (Tết mùng 1) → 15/2',
      { type: 'every-year', date: '10/2' },
      [2024],
      ON,
      [['2024-02-10', '2024-02-15', 'holiday', null]],
    ],
    [
      'every-year 10/2/2024 without roll-forward',
      { type: 'every-year', date: '10/2' },
      [2024],
      OFF,
      [['2024-02-10', '2024-02-10', null, null]],
    ],
  ] as const)('%s', (_name, rule, years, settings, expected) => {
    expect(rows(deadlineInstances(DeadlineRule.parse(rule), years, settings))).toEqual(expected);
  });

  it('names the reason a date moved, as documents write dates', () => {
    const [i] = deadlineInstances({ type: 'yearly', date: '30/11' }, [2014]);
    expect(i?.rolledBecause).toBe('30/11/2014 là Chủ nhật');
    const [j] = deadlineInstances({ type: 'once', date: '2018-12-31' }, [2018]);
    expect(j?.rolledBecause).toBe('31/12/2018 là Nghỉ hoán đổi dịp Tết Dương lịch');
    expect(formatDmy('2014-11-30')).toBe('30/11/2014');
  });

  it('ends a day deadline at the due time, local, with 59 seconds', () => {
    expect(deadlineInstances({ type: 'yearly', date: '10/6' }, [2020])[0]?.dueAt).toBe('2020-06-10T23:59:59+07:00');
    expect(deadlineInstances({ type: 'yearly', date: '10/6' }, [2020], { dueTime: '17:00' })[0]?.dueAt).toBe(
      '2020-06-10T17:00:59+07:00',
    );
  });

  it.each([
    ['with +07:00', '2026-06-10T17:00:00+07:00', '2026-06-10', '2026-06-10T17:00:00+07:00'],
    ['in UTC, the next local day', '2026-06-10T20:00:00Z', '2026-06-11', '2026-06-11T03:00:00+07:00'],
    ['on a Sunday: no roll, it is exact', '2026-06-14T09:30:00+07:00', '2026-06-14', '2026-06-14T09:30:00+07:00'],
  ])('instant %s', (_name, at, date, dueAt) => {
    for (const settings of [ON, OFF]) {
      expect(deadlineInstances({ type: 'instant', at }, [2026], settings)).toEqual([
        {
          year: 2026,
          statedDate: date,
          dueDate: date,
          dueAt,
          rolled: null,
          rolledBecause: null,
          skippedDays: [],
          dueExplanation: null,
          windowOpens: null,
          exact: true,
        },
      ]);
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Generators

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const yearArb = fc.integer({ min: 2014, max: 2035 });
const dayMonthArb = fc
  .integer({ min: 1, max: 12 })
  .chain((month) => fc.integer({ min: 1, max: DAYS_IN_MONTH[month - 1] ?? 28 }).map((day) => `${day}/${month}`));
const isoDateArb = fc
  .tuple(yearArb, fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }))
  .map(([y, m, d]) =>
    DateTime.fromObject({ year: y, month: m, day: Math.min(d, DateTime.local(y, m).daysInMonth ?? 28) }),
  )
  .map((dt) => dt.toISODate() ?? '');
const planYearsArb = fc
  .tuple(yearArb, fc.integer({ min: 0, max: 5 }))
  .map(([from, n]) => Array.from({ length: Math.min(n, 2035 - from) + 1 }, (_, i) => from + i));
const timeArb = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
  .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);

type DayRule = Extract<DeadlineRule, { type: 'yearly' | 'once' | 'in-years' | 'every-year' }>;
const dayRuleArb: fc.Arbitrary<DayRule> = fc.oneof(
  dayMonthArb.map((date): DayRule => ({ type: 'yearly', date })),
  isoDateArb.map((date): DayRule => ({ type: 'once', date })),
  fc
    .tuple(fc.array(yearArb, { minLength: 1, maxLength: 4 }), fc.option(dayMonthArb, { nil: undefined }))
    .map(([years, date]): DayRule =>
      date === undefined ? { type: 'in-years', years } : { type: 'in-years', years, date },
    ),
  fc
    .option(dayMonthArb, { nil: undefined })
    .map((date): DayRule => (date === undefined ? { type: 'every-year' } : { type: 'every-year', date })),
);
const lastWeekRuleArb = fc
  .integer({ min: 1, max: 12 })
  .map((month) => ({ type: 'last-week-of-month' as const, month }));
const instantRuleArb = fc
  .tuple(isoDateArb, timeArb, fc.constantFrom('+07:00', 'Z', '+09:00', '-05:00'))
  .map(([date, time, offset]) => ({ type: 'instant' as const, at: `${date}T${time}:00${offset}` }));
const anyRuleArb: fc.Arbitrary<DeadlineRule> = fc.oneof(dayRuleArb, lastWeekRuleArb, instantRuleArb);

const optionsArb: fc.Arbitrary<CalendarOptions> = fc.record({
  makeUpDaysAreWorkingDays: fc.boolean(),
  proposedHolidays: fc.constantFrom<ReadonlyArray<'24/11'>>([], ['24/11']),
});
const settingsArb = (rollForward: boolean): fc.Arbitrary<CalendarSettings> =>
  fc.tuple(optionsArb, timeArb).map(([o, dueTime]) => ({ ...o, rollForward, dueTime }));

const RUNS = { numRuns: 2000 };

// ---------------------------------------------------------------------------------------------------------------
// Properties of due dates

describe('deadlineInstances: properties', () => {
  it('with roll-forward, a day rule is never due before its stated date, always on a working day, and moves only off a day off', () => {
    fc.assert(
      fc.property(dayRuleArb, planYearsArb, settingsArb(true), (rule, years, settings) => {
        for (const i of deadlineInstances(rule, years, settings)) {
          expect(i.dueDate >= i.statedDate).toBe(true);
          expect(isWorkingDay(i.dueDate, settings)).toBe(true);
          if (isWorkingDay(i.statedDate, settings)) {
            expect([i.dueDate, i.rolled, i.rolledBecause]).toEqual([i.statedDate, null, null]);
          } else {
            // Moved to the first working day after it: every day in between is off.
            expect(i.dueDate).toBe(nextWorkingDay(i.statedDate, settings));
            expect(i.rolled).toBe(dayOffReason(i.statedDate, settings)?.kind === 'weekend' ? 'weekend' : 'holiday');
            expect(i.rolledBecause).toMatch(new RegExp(`^${formatDmy(i.statedDate).replace(/\//g, '\\/')} là `));
          }
          expect(i.windowOpens).toBeNull();
          expect(i.exact).toBe(false);
        }
      }),
      RUNS,
    );
  });

  it('without roll-forward, a day rule is due exactly on its stated date', () => {
    fc.assert(
      fc.property(dayRuleArb, planYearsArb, settingsArb(false), (rule, years, settings) => {
        for (const i of deadlineInstances(rule, years, settings)) {
          expect([i.dueDate, i.rolled, i.rolledBecause]).toEqual([i.statedDate, null, null]);
        }
      }),
      RUNS,
    );
  });

  it('a day rule yields the right years: one per plan year, the listed years (sorted, unique), or the date’s year', () => {
    fc.assert(
      fc.property(dayRuleArb, planYearsArb, (rule, years) => {
        const got = deadlineInstances(rule, years).map((i) => i.year);
        const expected =
          rule.type === 'once'
            ? [Number(rule.date.slice(0, 4))]
            : rule.type === 'in-years'
              ? [...new Set(rule.years)].sort((a, b) => a - b)
              : years;
        expect(got).toEqual(expected);
        for (const i of deadlineInstances(rule, years)) expect(i.statedDate.startsWith(`${i.year}-`)).toBe(true);
      }),
      RUNS,
    );
  });

  it('"tuần cuối tháng": due on the last working day of the month, inside a Monday-opened window of that week', () => {
    fc.assert(
      fc.property(lastWeekRuleArb, planYearsArb, fc.boolean().chain(settingsArb), (rule, years, settings) => {
        const instances = deadlineInstances(rule, years, settings);
        expect(instances.map((i) => i.year)).toEqual(years);
        for (const i of instances) {
          const lastDay = DateTime.fromISO(i.statedDate, { zone: BUSINESS_ZONE });
          expect(lastDay.plus({ days: 1 }).day).toBe(1); // the stated date is the month's last day
          expect(lastDay.month).toBe(rule.month);
          expect(i.dueDate.slice(0, 7)).toBe(i.statedDate.slice(0, 7));
          expect(i.dueDate <= i.statedDate).toBe(true);
          expect(isWorkingDay(i.dueDate, settings)).toBe(true);
          for (let d = addDaysToDate(i.dueDate, 1); d <= i.statedDate; d = addDaysToDate(d, 1)) {
            expect(isWorkingDay(d, settings)).toBe(false);
          }
          expect(i.windowOpens).not.toBeNull();
          expect(weekdayOf(i.windowOpens ?? '')).toBe(1);
          expect(i.windowOpens! <= i.dueDate).toBe(true);
          expect(addDaysToDate(i.windowOpens ?? '', 6) >= i.dueDate).toBe(true);
          expect(i.rolled).toBeNull();
        }
      }),
      RUNS,
    );
  });

  it('every instance ends at the local due time (+07:00) of its due date; instants keep their instant', () => {
    fc.assert(
      fc.property(anyRuleArb, planYearsArb, fc.boolean().chain(settingsArb), (rule, years, settings) => {
        for (const i of deadlineInstances(rule, years, settings)) {
          if (rule.type === 'instant') {
            expect(i.exact).toBe(true);
            expect(DateTime.fromISO(i.dueAt).toMillis()).toBe(DateTime.fromISO(rule.at).toMillis());
            expect(i.dueAt.endsWith('+07:00')).toBe(true);
            expect(i.dueDate).toBe(DateTime.fromISO(rule.at).setZone(BUSINESS_ZONE).toISODate());
          } else {
            expect(i.exact).toBe(false);
            expect(i.dueAt).toBe(`${i.dueDate}T${settings.dueTime ?? '23:59'}:59+07:00`);
          }
        }
      }),
      RUNS,
    );
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Properties of reminders

const dayOffsetArb = fc.oneof(
  fc.integer({ min: 1, max: 45 }).map((n) => `P${n}D`),
  fc.integer({ min: 1, max: 4 }).map((n) => `P${n}W`),
);
/** Offsets with a time part that is not a whole number of days (PT24H counts as a day: see the report). */
const exactOffsetArb = fc.oneof(
  fc.integer({ min: 1, max: 600 }).map((n) => `PT${n}S`),
  fc
    .integer({ min: 1, max: 2000 })
    .filter((n) => n % 1440 !== 0)
    .map((n) => `PT${n}M`),
  fc
    .integer({ min: 1, max: 100 })
    .filter((n) => n % 24 !== 0)
    .map((n) => `PT${n}H`),
);
const workingHoursArb: fc.Arbitrary<SchedulePolicy['workingHours']> = fc.oneof(
  fc.constant(false as const),
  fc
    .tuple(fc.integer({ min: 0, max: 22 }), fc.integer({ min: 1, max: 23 }))
    .filter(([a, b]) => a < b)
    .map(([a, b]) => ({ from: `${String(a).padStart(2, '0')}:00`, to: `${String(b).padStart(2, '0')}:00` })),
);
const policyArb = (offsets: fc.Arbitrary<string>): fc.Arbitrary<SchedulePolicy> =>
  fc
    .tuple(fc.array(offsets, { minLength: 1, maxLength: 5 }), timeArb, workingHoursArb, optionsArb)
    .map(([reminders, reminderHour, workingHours, options]) => ({
      ...options,
      reminders,
      reminderHour,
      workingHours,
      escalation: [],
    }));

const ms = (iso: string) => DateTime.fromISO(iso).toMillis();
const local = (iso: string) => DateTime.fromISO(iso, { setZone: true }).setZone(BUSINESS_ZONE);

describe('reminderSchedule: properties', () => {
  it('day-based reminders of day deadlines: before the due instant, on working days, at the local reminder hour', () => {
    fc.assert(
      fc.property(
        fc.oneof(dayRuleArb, lastWeekRuleArb),
        planYearsArb,
        fc.boolean(),
        policyArb(dayOffsetArb),
        (rule, years, rollForward, policy) => {
          for (const inst of deadlineInstances(rule, years, { ...policy, rollForward })) {
            const steps = reminderSchedule(inst, policy);
            expect(steps.length).toBeGreaterThan(0);
            for (const r of steps) {
              expect(ms(r.at)).toBeLessThan(ms(inst.dueAt));
              expect(r.at.endsWith('+07:00')).toBe(true);
              const at = local(r.at);
              expect(isWorkingDay(at.toISODate() ?? '', policy)).toBe(true);
              expect(at.toFormat('HH:mm:ss')).toBe(`${policy.reminderHour}:00`);
              if (r.step.startsWith('reminder:after-break:')) {
                // The morning offices reopen after a long break, on the due date at the latest.
                expect(at.toISODate()! <= inst.dueDate).toBe(true);
                expect(isWorkingDay(at.minus({ days: 1 }).toISODate() ?? '', policy)).toBe(false);
                continue;
              }
              expect(at.toISODate()! < inst.dueDate).toBe(true);
              expect(r.kind).toBe('upcoming');
            }
            expect(steps.map((s) => ms(s.at))).toEqual([...new Set(steps.map((s) => ms(s.at)))].sort((a, b) => a - b));
          }
        },
      ),
      RUNS,
    );
  });

  it('exact reminders: before the due instant, inside working hours when the plan has them', () => {
    fc.assert(
      fc.property(
        anyRuleArb,
        planYearsArb,
        policyArb(fc.oneof(exactOffsetArb, dayOffsetArb)),
        (rule, years, policy) => {
          for (const inst of deadlineInstances(rule, years, policy)) {
            for (const r of reminderSchedule(inst, policy)) {
              expect(ms(r.at)).toBeLessThan(ms(inst.dueAt));
              const isExact = inst.exact || r.step.startsWith('reminder:PT');
              if (isExact && policy.workingHours !== false) {
                const hhmm = local(r.at).toFormat('HH:mm:ss');
                expect(hhmm >= `${policy.workingHours.from}:00`).toBe(true);
                expect(hhmm <= `${policy.workingHours.to}:00`).toBe(true);
              }
              if (isExact && policy.workingHours === false) {
                const offset = r.step.slice('reminder:'.length);
                expect(ms(inst.dueAt) - ms(r.at)).toBe(Duration.fromISO(offset).toMillis());
              }
              expect(r.kind).toBe(local(r.at).toISODate() === inst.dueDate ? 'due-today' : 'upcoming');
            }
          }
        },
      ),
      RUNS,
    );
  });

  it.each([
    // Vĩnh Long 2014: due Monday 1/12; P1D is Sunday 30/11 → Friday 28/11, the same instant as P3D (kept once).
    [
      { type: 'yearly', date: '30/11' },
      2014,
      ['P7D', 'P3D', 'P1D'],
      ['2014-11-24T08:00:00+07:00', '2014-11-28T08:00:00+07:00'],
    ],
    // Nghệ An 2017: due Friday 30/6.
    [
      { type: 'last-week-of-month', month: 6 },
      2017,
      ['P7D', 'P3D', 'P1D'],
      ['2017-06-23T08:00:00+07:00', '2017-06-27T08:00:00+07:00', '2017-06-29T08:00:00+07:00'],
    ],
    // Tết Ất Tỵ: due Monday 3/2/2025 (after 25/1–2/2); P7D is Monday 27/1, inside Tết → Friday 24/1, and P1D with
    // it; then one reminder the morning offices reopen, 3/2, after the 9-day break.
    [
      { type: 'once', date: '2025-02-03' },
      2025,
      ['P7D', 'P1D'],
      ['2025-01-24T08:00:00+07:00', '2025-02-03T08:00:00+07:00'],
    ],
  ] as const)('%j in %d with %j', (rule, year, reminders, expected) => {
    const [inst] = deadlineInstances(DeadlineRule.parse(rule), [year]);
    const policy: SchedulePolicy = {
      reminders,
      reminderHour: '08:00',
      workingHours: { from: '07:00', to: '20:00' },
      escalation: [],
    };
    expect(reminderSchedule(inst!, policy).map((r) => r.at)).toEqual(expected);
  });

  it('instant deadlines: exact offsets, and the working-hours clamp moves a night reminder to the previous evening', () => {
    const [inst] = deadlineInstances({ type: 'instant', at: '2026-06-10T09:00:00+07:00' }, [2026]);
    expect(
      reminderSchedule(inst!, {
        reminders: ['PT2M', 'PT30S'],
        reminderHour: '08:00',
        workingHours: false,
        escalation: [],
      }),
    ).toEqual([
      { step: 'reminder:PT2M', at: '2026-06-10T08:58:00+07:00', kind: 'due-today' },
      { step: 'reminder:PT30S', at: '2026-06-10T08:59:30+07:00', kind: 'due-today' },
    ]);
    expect(
      reminderSchedule(inst!, {
        reminders: ['PT3H'],
        reminderHour: '08:00',
        workingHours: { from: '07:00', to: '20:00' },
        escalation: [],
      }).map((r) => r.at),
    ).toEqual(['2026-06-09T20:00:00+07:00']);
  });
});
