import fc from 'fast-check';
import { clampToWorkingHours } from '../../src/domain/reminder-schedule';
import { sendDecision, type WorkingHours } from '../../src/domain/working-hours';

const HOURS: WorkingHours = { from: '07:00', to: '20:00' };

// 2026-11-23 is a Monday; 2026-11-20 a Friday; 29/8–2/9/2026 Quốc khánh (Monday 31/8 swapped for Saturday 22/8); 2026-02-16..20 Tết Bính Ngọ;
// 2026-01-10 a make-up working Saturday (for 2/1/2026).
test.each([
  // inside, and the edges of the window
  ['2026-11-23T12:00:00+07:00', null],
  ['2026-11-23T07:00:00+07:00', null],
  ['2026-11-23T20:00:00+07:00', null],
  ['2026-11-23T20:00:00.050+07:00', null], // the activity a timer at 20:00 starts, a few ms later
  ['2026-11-23T20:00:59.999+07:00', null],
  // before opening: the same morning
  ['2026-11-23T06:59:59.999+07:00', ['before-hours', '2026-11-23T07:00:00+07:00']],
  ['2026-11-23T00:00:00+07:00', ['before-hours', '2026-11-23T07:00:00+07:00']],
  // after closing: the next working morning (the retry of a 19:59 reminder at 20:30 is the case)
  ['2026-11-23T20:01:00+07:00', ['after-hours', '2026-11-24T07:00:00+07:00']],
  ['2026-11-23T20:30:00+07:00', ['after-hours', '2026-11-24T07:00:00+07:00']],
  ['2026-11-23T23:59:59+07:00', ['after-hours', '2026-11-24T07:00:00+07:00']],
  // Friday evening and the weekend: Monday morning
  ['2026-11-20T20:30:00+07:00', ['after-hours', '2026-11-23T07:00:00+07:00']],
  ['2026-11-21T10:00:00+07:00', ['day-off', '2026-11-23T07:00:00+07:00']],
  ['2026-11-22T06:00:00+07:00', ['day-off', '2026-11-23T07:00:00+07:00']],
  // public holidays: Quốc khánh 29/8–2/9/2026 (31/8 swapped, 1/9 and 2/9 holidays), then Thursday 3/9
  ['2026-08-28T20:15:00+07:00', ['after-hours', '2026-09-03T07:00:00+07:00']],
  ['2026-09-01T20:15:00+07:00', ['day-off', '2026-09-03T07:00:00+07:00']],
  ['2026-09-02T09:00:00+07:00', ['day-off', '2026-09-03T07:00:00+07:00']],
  // the make-up Saturday 22/8/2026 is a working day
  ['2026-08-22T10:00:00+07:00', null],
  // Tết Bính Ngọ: 14–22/2/2026 closed (weekend, 16–20/2, weekend), open Monday 23/2
  ['2026-02-13T20:05:00+07:00', ['after-hours', '2026-02-23T07:00:00+07:00']],
  ['2026-02-17T10:00:00+07:00', ['day-off', '2026-02-23T07:00:00+07:00']],
  // a make-up working Saturday is open
  ['2026-01-10T10:00:00+07:00', null],
  ['2026-01-09T21:00:00+07:00', ['after-hours', '2026-01-10T07:00:00+07:00']],
  // the instant in another zone is the same instant: 13:30 UTC = 20:30 in Hà Nội
  ['2026-11-23T13:30:00Z', ['after-hours', '2026-11-24T07:00:00+07:00']],
  // 23:59 UTC on Sunday is 06:59 on Monday in Hà Nội: the local day decides, not the UTC one
  ['2026-11-22T23:59:00Z', ['before-hours', '2026-11-23T07:00:00+07:00']],
] as const)('sendDecision(%s) → %j', (at, expected) => {
  const d = sendDecision(at, HOURS);
  if (expected === null) {
    expect(d).toEqual({ send: true });
  } else {
    expect(d).toEqual({
      send: false,
      reason: expected[0],
      opensAt: expected[1],
      delayMs: Date.parse(expected[1]) - Date.parse(at),
    });
  }
});

test('plans without working hours send at any moment, even on Tết', () => {
  expect(sendDecision('2026-02-17T03:00:00+07:00', false)).toEqual({ send: true });
});

test('make-up Saturdays are closed for a plan that does not count them', () => {
  expect(sendDecision('2026-01-10T10:00:00+07:00', HOURS, { makeUpDaysAreWorkingDays: false })).toEqual({
    send: false,
    reason: 'day-off',
    opensAt: '2026-01-12T07:00:00+07:00',
    delayMs: Date.parse('2026-01-12T07:00:00+07:00') - Date.parse('2026-01-10T10:00:00+07:00'),
  });
});

test('a proposed holiday the plan adopts (24/11) is closed', () => {
  // 24/11/2026 is a Tuesday.
  expect(sendDecision('2026-11-24T09:00:00+07:00', HOURS)).toEqual({ send: true });
  expect(sendDecision('2026-11-24T09:00:00+07:00', HOURS, { proposedHolidays: ['24/11'] })).toMatchObject({
    send: false,
    reason: 'day-off',
    opensAt: '2026-11-25T07:00:00+07:00',
  });
});

test('other hours than the default are honoured', () => {
  const h = { from: '08:30', to: '17:00' };
  expect(sendDecision('2026-11-23T08:29:00+07:00', h)).toMatchObject({ opensAt: '2026-11-23T08:30:00+07:00' });
  expect(sendDecision('2026-11-23T17:00:30+07:00', h)).toEqual({ send: true });
  expect(sendDecision('2026-11-23T17:01:00+07:00', h)).toMatchObject({ opensAt: '2026-11-24T08:30:00+07:00' });
});

test('empty working hours and invalid instants are errors, not endless deferrals', () => {
  expect(() => sendDecision('2026-11-23T12:00:00+07:00', { from: '20:00', to: '07:00' })).toThrow(
    'working hours 20:00–07:00 are empty',
  );
  expect(() => sendDecision('not a date', HOURS)).toThrow('invalid instant not a date');
});

describe('properties over 2024–2027 (the years with official schedules)', () => {
  const instant = fc
    .integer({ min: Date.parse('2024-01-01T00:00:00+07:00'), max: Date.parse('2027-12-20T00:00:00+07:00') })
    .map((ms) => new Date(ms));

  test('a refused attempt is told to come back at an opening that is open, later, and the first one', () => {
    fc.assert(
      fc.property(instant, (at) => {
        const d = sendDecision(at, HOURS);
        if (d.send) return;
        expect(d.delayMs).toBeGreaterThan(0);
        expect(Date.parse(d.opensAt) - at.getTime()).toBe(d.delayMs);
        // The retry lands inside the window.
        expect(sendDecision(d.opensAt, HOURS)).toEqual({ send: true });
        // Nothing earlier was open: every half hour between the attempt and the opening is closed.
        for (let t = at.getTime() + 30 * 60_000; t < Date.parse(d.opensAt); t += 30 * 60_000) {
          expect(sendDecision(new Date(t), HOURS).send).toBe(false);
        }
      }),
      { numRuns: 200 },
    );
  });

  test('every instant the schedule clamps to is one the activity may send at', () => {
    fc.assert(
      fc.property(instant, fc.constantFrom('earlier' as const, 'later' as const), (at, direction) => {
        const clamped = clampToWorkingHours(at.toISOString(), HOURS, direction);
        expect(sendDecision(clamped, HOURS)).toEqual({ send: true });
      }),
      { numRuns: 500 },
    );
  });
});
