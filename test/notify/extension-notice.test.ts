/**
 * sendExtensionNotice against a real SMTP server and a cloned database: the agency hears its new deadline once,
 * within working hours.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { SendExtensionNoticeInput } from '../../src/activities';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { createTestActivities, seedPlan, startTestSmtp, testPlan, type TestSmtp } from './notify-fixtures';

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

async function setup(code: string, clock: () => Date) {
  const { items } = await seedPlan(db.prisma, testPlan({ code }));
  const { activities, close } = createTestActivities(db.prisma, smtp.url, clock);
  closers.push(close);
  const item = items[0]!;
  const input: SendExtensionNoticeInput = {
    assignmentId: item.id,
    revision: 1,
    previousDueAt: item.dueAt,
    newDueAt: '2027-06-24T23:59:59+07:00',
    reason: 'Chờ số liệu thống kê quý II',
  };
  return { activities, input };
}

test('the agency is emailed its new deadline once; a second call sends nothing', async () => {
  const { activities, input } = await setup('EXT1', () => new Date('2027-06-03T09:00:00+07:00'));
  const before = smtp.received.length;

  expect(await activities.sendExtensionNotice(input)).toEqual({ sent: 1, alreadySent: 0, failed: 0 });
  expect(await activities.sendExtensionNotice(input)).toEqual({ sent: 0, alreadySent: 1, failed: 0 });

  const mails = smtp.received.slice(before);
  expect(mails).toHaveLength(1);
  const mail = mails[0]!;
  expect(mail.envelopeTo).toEqual(['dau-moi@syt.test.vn']);
  expect(mail.parsed.subject).toMatch(/^\[Gia hạn\] Báo cáo năm về bình đẳng giới – hạn mới 24\/0?6/);
  const text = mail.parsed.text ?? '';
  expect(text).toMatch(/Thời hạn trước đây: .*10.*2027/);
  expect(text).toMatch(/Thời hạn mới: .*24.*2027 \(.*21.*\)/);
  expect(text).toContain('Lý do gia hạn: Chờ số liệu thống kê quý II');
  expect(text).toContain('http://nhac-han.test/s/');

  const rows = await db.prisma.notification.findMany({ where: { assignmentId: input.assignmentId } });
  expect(rows.map((r) => [r.key, r.kind])).toEqual([
    [`${input.assignmentId}#1:extension:email:dau-moi@syt.test.vn`, 'extension-granted'],
  ]);
  const events = await db.prisma.assignmentEvent.findMany({
    where: { assignmentId: input.assignmentId, type: 'extension-notice' },
  });
  expect(events.map((e) => e.key)).toEqual([`${input.assignmentId}#1:extension`]);
});

test('outside working hours it sends nothing and asks for a retry at the opening', async () => {
  const { activities, input } = await setup('EXT2', () => new Date('2027-06-03T20:30:00+07:00'));
  const before = smtp.received.length;
  const err = await activities.sendExtensionNotice(input).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApplicationFailure);
  expect(err).toMatchObject({ type: 'OutsideWorkingHours', details: [{ opensAt: '2027-06-04T07:00:00+07:00' }] });
  expect(smtp.received.length).toBe(before);
  expect(await db.prisma.notification.findMany({ where: { assignmentId: input.assignmentId } })).toEqual([]);
});
