import { daysBetween, digestContextOf, messageContextOf, obligationTitleOf } from '../../src/domain/message-context';
import { PlanSchema, type Plan } from '../../src/domain/plan-schema';

const plan: Plan = PlanSchema.parse({
  code: 'MC',
  title: 'Kế hoạch thực hiện bình đẳng giới năm 2027',
  document: { number: '45/KH-UBND' },
  years: { from: 2027, to: 2027 },
  coordinator: 'SNV',
  agencies: [
    { code: 'SNV', name: 'Sở Nội vụ', kind: 'department', contacts: [{ role: 'coordinator', email: 'dp@snv.vn' }] },
    { code: 'SYT', name: 'Sở Y tế', kind: 'department', contacts: [{ role: 'focal', email: 'a@syt.vn' }] },
  ],
  obligations: [
    {
      id: 'bao-cao-nam',
      title: 'Báo cáo năm về bình đẳng giới',
      from: ['SYT'],
      to: 'SNV',
      due: { type: 'once', date: '2027-06-10' },
    },
    {
      id: 'bao-cao-quy',
      title: 'Báo cáo quý',
      from: ['SYT'],
      to: 'SNV',
      due: { type: 'once', date: '2027-06-10' },
    },
  ],
  policy: { channels: ['email'] },
});
const agencies = new Map([
  ['SNV', { name: 'Sở Nội vụ' }],
  ['SYT', { name: 'Sở Y tế' }],
]);

test('daysBetween counts whole local days, negative when past', () => {
  expect(daysBetween('2027-06-03', '2027-06-10')).toBe(7);
  expect(daysBetween('2027-06-10', '2027-06-10')).toBe(0);
  expect(daysBetween('2027-06-12', '2027-06-10')).toBe(-2);
});

test('obligationTitleOf names an obligation, else falls back to its id', () => {
  expect(obligationTitleOf(plan, 'bao-cao-nam')).toBe('Báo cáo năm về bình đẳng giới');
  expect(obligationTitleOf(plan, 'khong-co')).toBe('khong-co');
});

test('messageContextOf: the local due date, days left from today, names, link; extra overrides', () => {
  const source = {
    plan,
    assignment: { agencyCode: 'SYT', obligationId: 'bao-cao-nam' },
    agencies,
    today: '2027-06-03',
    submitUrl: 'http://x.test/s/t',
  };
  // 23:30 UTC on the 9th is already the 10th in Việt Nam.
  expect(messageContextOf(source, '2027-06-09T23:30:00Z')).toEqual({
    planTitle: plan.title,
    planDocument: '45/KH-UBND',
    obligationTitle: 'Báo cáo năm về bình đẳng giới',
    agencyName: 'Sở Y tế',
    dueDate: '2027-06-10',
    daysLeft: 7,
    submitUrl: 'http://x.test/s/t',
    coordinatorName: 'Sở Nội vụ',
  });
  const withExtra = messageContextOf(source, '2027-06-10T17:00:00+07:00', { submitUrl: undefined, reason: 'r' });
  expect(withExtra.submitUrl).toBeUndefined();
  expect(withExtra.reason).toBe('r');
});

test('an agency missing from the loaded ones is named by its code', () => {
  const ctx = messageContextOf(
    {
      plan,
      assignment: { agencyCode: 'XYZ', obligationId: 'bao-cao-nam' },
      agencies: new Map(),
      today: '2027-06-03',
      submitUrl: undefined,
    },
    '2027-06-10T17:00:00+07:00',
  );
  expect([ctx.agencyName, ctx.coordinatorName]).toEqual(['XYZ', 'SNV']);
});

test('digestContextOf lists entries earliest first, then by title, and heads with the earliest', () => {
  const { context, assignments } = digestContextOf(
    { plan, assignment: { agencyCode: 'SYT', obligationId: 'bao-cao-nam' }, agencies, today: '2027-06-03' },
    [
      { id: 'a1', obligation: 'bao-cao-nam', dueAt: '2027-06-10T17:00:00+07:00', submitUrl: 'http://x.test/s/1' },
      { id: 'a2', obligation: 'bao-cao-quy', dueAt: '2027-06-10T17:00:00+07:00', submitUrl: 'http://x.test/s/2' },
      { id: 'a3', obligation: 'khong-co', dueAt: '2027-06-05T17:00:00+07:00', submitUrl: 'http://x.test/s/3' },
    ],
  );
  expect(assignments).toEqual(['a3', 'a1', 'a2']);
  expect([context.obligationTitle, context.dueDate, context.daysLeft]).toEqual(['khong-co', '2027-06-05', 2]);
  expect(context.items?.map((i) => i.obligationTitle)).toEqual([
    'khong-co',
    'Báo cáo năm về bình đẳng giới',
    'Báo cáo quý',
  ]);
  expect(context.items?.[1]).toEqual({
    obligationTitle: 'Báo cáo năm về bình đẳng giới',
    dueDate: '2027-06-10',
    daysLeft: 7,
    submitUrl: 'http://x.test/s/1',
  });
});
