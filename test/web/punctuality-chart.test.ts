/** The punctuality chart's cell marks: letters and numbers that fit a cell, so colour is never the only signal. */
import { markText } from '../../src/web/charts/punctuality';

const mark = (kind: Parameters<typeof markText>[0]['kind'], daysLate: number | null) =>
  markText({ label: 'Báo cáo năm 2027', dueDate: '2027-12-10', kind, daysLate });

it.each([
  ['on-time', null, '✓'],
  ['excused', null, 'M'],
  ['open', null, '·'],
  ['late', 3, '+3'],
  ['late', 99, '+99'],
  ['missing', 282, '>99'],
  ['missing', 3836, '>99'],
] as const)('%s, %s days: %s', (kind, days, want) => {
  expect(mark(kind, days)).toBe(want);
});
