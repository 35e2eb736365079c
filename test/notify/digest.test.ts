/**
 * The daily digest (`policy.digest: true`) against a real SMTP server: the day's first reminder to an agency sends
 * one email listing every obligation of the agency reminded that day, each with its Vietnamese due date and its own
 * signed link; the day's other reminders send no email and are recorded as covered.
 */
import { type SendReminderInput } from '../../src/activities';
import { digestItemsOf } from '../../src/domain/reminder-digest';
import type { CalendarItem } from '../../src/domain/plan-calendar';
import type { PlanInput } from '../../src/domain/plan-schema';
import { verifyLink } from '../../src/security/signed-link';
import { createTestDatabase, type TestDatabase } from '../support/database';
import {
  createTestActivities,
  seedPlan,
  startTestSmtp,
  testPlan,
  TEST_LINK_SECRET,
  type TestSmtp,
} from './notify-fixtures';

const SECRET = TEST_LINK_SECRET;
const FOCAL = 'dau-moi@syt.test.vn';

let db: TestDatabase;
let smtp: TestSmtp;
const closers: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  smtp = await startTestSmtp();
});

afterAll(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  await smtp?.stop();
  await db?.drop();
});

/**
 * Sở Y tế owes four reports. With reminders 7 and 4 days before: on Thursday 3/6/2027 it is reminded of
 * A and B (due Thursday 10/6, P7D) and C (due Monday 7/6, P4D); D (due 10/6) is already submitted.
 */
function digestPlan(code: string, digest: boolean): PlanInput {
  const base = testPlan({ code });
  const report = (id: string, title: string, date: string) => ({
    id,
    title,
    from: ['SYT'],
    to: 'SNV',
    due: { type: 'once' as const, date },
  });
  return {
    ...base,
    obligations: [
      report('bao-cao-a', 'Báo cáo năm về bình đẳng giới', '2027-06-10'),
      report('bao-cao-b', 'Báo cáo kết quả Tháng hành động', '2027-06-10'),
      report('bao-cao-c', 'Báo cáo số liệu phòng, chống bạo lực gia đình', '2027-06-07'),
      report('bao-cao-d', 'Báo cáo đã nộp', '2027-06-10'),
    ],
    policy: { channels: ['email'], reminders: ['P7D', 'P4D'], digest },
  };
}

async function setup(code: string, digest: boolean, clock: () => Date) {
  const { plan, items } = await seedPlan(db.prisma, digestPlan(code, digest));
  const { activities, close } = createTestActivities(db.prisma, smtp.url, clock);
  closers.push(close);
  const item = (obligation: string) => items.find((i) => i.obligation === obligation)!;
  await db.prisma.assignment.update({ where: { id: item('bao-cao-d').id }, data: { state: 'submitted' } });
  const reminder = (i: CalendarItem, step: string): SendReminderInput => ({
    assignmentId: i.id,
    revision: 0,
    step,
    kind: 'upcoming',
    dueAt: i.dueAt,
  });
  return { plan, activities, item, reminder };
}

test('the plan calendar puts A, B (P7D) and C (P4D) of Sở Y tế on Thursday 3/6/2027', async () => {
  const { plan } = await seedPlan(db.prisma, digestPlan('DGCAL', true));
  expect(digestItemsOf(plan, 'SYT', '2027-06-03').map((i) => [i.obligation, i.dueDate])).toEqual([
    ['bao-cao-c', '2027-06-07'],
    ['bao-cao-a', '2027-06-10'],
    ['bao-cao-b', '2027-06-10'],
    ['bao-cao-d', '2027-06-10'],
  ]);
  expect(digestItemsOf(plan, 'SYT', '2027-06-04').map((i) => i.obligation)).toEqual([
    'bao-cao-a',
    'bao-cao-b',
    'bao-cao-d',
  ]);
  expect(digestItemsOf(plan, 'SNV', '2027-06-03')).toEqual([]);
});

test('one email for the day: every open obligation with its due date and its own link; the others are covered', async () => {
  const now = new Date('2027-06-03T08:00:00+07:00');
  const { activities, item, reminder } = await setup('DG', true, () => now);
  const before = smtp.received.length;

  expect(await activities.sendReminder(reminder(item('bao-cao-a'), 'reminder:P7D'))).toEqual({
    sent: 1,
    alreadySent: 0,
    failed: 0,
  });
  expect(await activities.sendReminder(reminder(item('bao-cao-b'), 'reminder:P7D'))).toEqual({
    sent: 0,
    alreadySent: 1,
    failed: 0,
  });
  expect(await activities.sendReminder(reminder(item('bao-cao-c'), 'reminder:P4D'))).toEqual({
    sent: 0,
    alreadySent: 1,
    failed: 0,
  });

  const received = smtp.received.slice(before);
  expect(received).toHaveLength(1);
  const mail = received[0]!;
  expect(mail.envelopeTo).toEqual([FOCAL]);
  expect(mail.parsed.subject).toBe('[Nhắc hạn] Sở Y tế: 3 báo cáo sắp đến hạn, sớm nhất 7/6/2027');
  const text = mail.parsed.text ?? '';
  const html = typeof mail.parsed.html === 'string' ? mail.parsed.html : '';
  // Earliest due first; the submitted report is not listed.
  const order = ['Báo cáo số liệu phòng, chống bạo lực gia đình', 'Báo cáo kết quả Tháng hành động'];
  expect(text.indexOf(order[0]!)).toBeLessThan(text.indexOf('Báo cáo năm về bình đẳng giới'));
  expect(text).toContain('Thời hạn gửi: thứ Hai, ngày 7/6/2027 (còn 4 ngày)');
  expect(text).toContain('Thời hạn gửi: thứ Năm, ngày 10/6/2027 (còn 7 ngày)');
  expect(text).not.toContain('Báo cáo đã nộp');
  for (const title of order) expect(html).toContain(title);

  // Each obligation has its own signed link, in both parts, opening that assignment's page.
  const links = [...text.matchAll(/http:\/\/nhac-han\.test\/s\/([\w.-]+)/g)].map((m) => m[1]!);
  expect(links).toHaveLength(3);
  const opened = links.map((token) => {
    const v = verifyLink(token, SECRET, now.getTime() / 1000);
    if (!v.ok) throw new Error(`bad link ${token}: ${v.reason}`);
    return v.claims.a;
  });
  // Earliest due first, then by title.
  expect(opened).toEqual([item('bao-cao-c').id, item('bao-cao-b').id, item('bao-cao-a').id]);
  for (const token of links) expect(html).toContain(`/s/${token}`);

  const row = await db.prisma.notification.findUniqueOrThrow({
    where: { key: `digest:DG:SYT:2027-06-03:email:${FOCAL}` },
  });
  expect(row).toMatchObject({ status: 'sent', kind: 'digest', assignmentId: item('bao-cao-a').id });
  expect(mail.parsed.messageId).toBe(row.messageId);

  // The covered steps are on record as such, and count as reminded.
  const events = await db.prisma.assignmentEvent.findMany({
    where: { type: 'reminder', assignmentId: { in: ['bao-cao-a', 'bao-cao-b', 'bao-cao-c'].map((o) => item(o).id) } },
  });
  const digestOf = (o: string) =>
    (events.find((e) => e.assignmentId === item(o).id)?.detail as { digest?: { email: string; key: string } })?.digest;
  expect(digestOf('bao-cao-a')).toMatchObject({ email: 'sent', key: 'digest:DG:SYT:2027-06-03' });
  expect(digestOf('bao-cao-b')).toMatchObject({ email: 'covered', key: 'digest:DG:SYT:2027-06-03' });
  expect(digestOf('bao-cao-c')).toMatchObject({ email: 'covered' });
  const counts = await db.prisma.assignment.findMany({
    where: { planCode: 'DG', agencyCode: 'SYT' },
    select: { obligationId: true, remindersSent: true },
  });
  expect(Object.fromEntries(counts.map((c) => [c.obligationId, c.remindersSent]))).toEqual({
    'bao-cao-a': 1,
    'bao-cao-b': 1,
    'bao-cao-c': 1,
    'bao-cao-d': 0,
  });

  // A retried step of that day sends nothing either.
  expect(await activities.sendReminder(reminder(item('bao-cao-a'), 'reminder:P7D'))).toEqual({
    sent: 0,
    alreadySent: 1,
    failed: 0,
  });
  expect(smtp.received.length).toBe(before + 1);
});

test('each link in a digest carries its own assignment’s link version (a revoked link stays revoked)', async () => {
  const now = new Date('2027-06-03T08:00:00+07:00');
  const { activities, item, reminder } = await setup('DGREV', true, () => now);
  // The coordinator revoked C's links twice and A's once before the day's digest.
  await db.prisma.assignment.update({ where: { id: item('bao-cao-c').id }, data: { linkVersion: 3 } });
  await db.prisma.assignment.update({ where: { id: item('bao-cao-a').id }, data: { linkVersion: 2 } });
  const before = smtp.received.length;
  await activities.sendReminder(reminder(item('bao-cao-a'), 'reminder:P7D'));
  const text = smtp.received.slice(before)[0]?.parsed.text ?? '';
  const versions = Object.fromEntries(
    [...text.matchAll(/http:\/\/nhac-han\.test\/s\/([\w.-]+)/g)].map((m) => {
      const v = verifyLink(m[1]!, SECRET, now.getTime() / 1000);
      if (!v.ok) throw new Error(v.reason);
      return [v.claims.a, v.claims.v];
    }),
  );
  expect(versions).toEqual({ [item('bao-cao-a').id]: 2, [item('bao-cao-b').id]: 1, [item('bao-cao-c').id]: 3 });
});

test('the next day has its own digest', async () => {
  let now = new Date('2027-06-03T08:00:00+07:00');
  const { activities, item, reminder } = await setup('DGNEXT', true, () => now);
  const before = smtp.received.length;
  await activities.sendReminder(reminder(item('bao-cao-a'), 'reminder:P7D'));
  now = new Date('2027-06-04T08:00:00+07:00');
  expect(await activities.sendReminder(reminder(item('bao-cao-b'), 'reminder:P4D'))).toMatchObject({ sent: 1 });
  const received = smtp.received.slice(before);
  expect(received.map((m) => m.parsed.subject)).toEqual([
    '[Nhắc hạn] Sở Y tế: 3 báo cáo sắp đến hạn, sớm nhất 7/6/2027',
    '[Nhắc hạn] Sở Y tế: 2 báo cáo sắp đến hạn, sớm nhất 10/6/2027',
  ]);
  expect(received[1]!.parsed.text).toContain('(còn 6 ngày)');
});

test('without the digest policy, each reminder is its own email', async () => {
  const now = new Date('2027-06-03T08:00:00+07:00');
  const { activities, item, reminder } = await setup('NODG', false, () => now);
  const before = smtp.received.length;
  await activities.sendReminder(reminder(item('bao-cao-a'), 'reminder:P7D'));
  await activities.sendReminder(reminder(item('bao-cao-b'), 'reminder:P7D'));
  expect(smtp.received.slice(before).map((m) => m.parsed.subject)).toEqual([
    '[Nhắc hạn] Báo cáo năm về bình đẳng giới – hạn gửi 10/6/2027 (còn 7 ngày)',
    '[Nhắc hạn] Báo cáo kết quả Tháng hành động – hạn gửi 10/6/2027 (còn 7 ngày)',
  ]);
});
