import { deadlineInstances } from '../../src/domain/deadline-rules';
import {
  clampToWorkingHours,
  escalationSchedule,
  reminderSchedule,
  type SchedulePolicy,
} from '../../src/domain/reminder-schedule';

const policy = (over: Partial<SchedulePolicy> = {}): SchedulePolicy => ({
  reminders: [],
  reminderHour: '08:00',
  escalation: [],
  workingHours: { from: '07:00', to: '20:00' },
  ...over,
});
// 30/11/2014 is a Sunday: the deadline rolls to Monday 1/12/2014, 23:59:59.
const [dec2014] = deadlineInstances({ type: 'once', date: '2014-11-30' }, [2014]);

test('a time-based offset that lands on a day off moves to the last working moment before it', () => {
  // due Mon 1/12 23:59:59 − 36 h = Sun 30/11 11:59:59 → Fri 28/11 20:00
  expect(reminderSchedule(dec2014!, policy({ reminders: ['PT36H'] })).map((r) => r.at)).toEqual([
    '2014-11-28T20:00:00+07:00',
  ]);
});

test('PT24H is an exact span, distinct from P1D (the previous working day at 08:00)', () => {
  expect(
    reminderSchedule(dec2014!, policy({ reminders: ['P1D', 'PT24H'], workingHours: false })).map((r) => [r.step, r.at]),
  ).toEqual([
    ['reminder:P1D', '2014-11-28T08:00:00+07:00'],
    ['reminder:PT24H', '2014-11-30T23:59:59+07:00'],
  ]);
});

test('escalations after hours or on days off wait for the next working morning', () => {
  const steps = escalationSchedule(
    dec2014!,
    policy({
      escalation: [
        { after: 'PT1H', notify: ['head'] },
        { after: 'P1D', notify: ['coordinator'] },
      ],
    }),
  );
  expect(steps.map((s) => s.at)).toEqual(['2014-12-02T07:00:00+07:00', '2014-12-02T08:00:00+07:00']);
});

test.each([
  ['2026-11-23T06:00:00+07:00', 'later', '2026-11-23T07:00:00+07:00'],
  ['2026-11-23T21:00:00+07:00', 'later', '2026-11-24T07:00:00+07:00'],
  ['2026-11-21T12:00:00+07:00', 'later', '2026-11-23T07:00:00+07:00'], // Saturday → Monday morning
  ['2026-11-23T06:00:00+07:00', 'earlier', '2026-11-20T20:00:00+07:00'], // Monday dawn → Friday evening
  ['2026-11-23T12:00:00+07:00', 'earlier', '2026-11-23T12:00:00+07:00'],
] as const)('clampToWorkingHours(%s, %s) = %s', (at, dir, expected) => {
  expect(clampToWorkingHours(at, { from: '07:00', to: '20:00' }, dir)).toBe(expected);
});
