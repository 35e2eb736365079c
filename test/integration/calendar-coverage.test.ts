/**
 * The daily calendar check on the real dev server: on the first working day of a year with no official schedule,
 * every admin gets one email (the real SMTP mailbox), however many times the check runs; a decided year, or a day
 * before the first working one, sends nothing. The Schedule that runs it is created, then brought up to date.
 */
import { calendarCoverageWorkflow } from '../../src/workflows/calendar-coverage.workflow';
import { CALENDAR_COVERAGE_SCHEDULE_ID, ensureCalendarCoverageSchedule } from '../../src/services/calendar-upkeep';
import { createUser } from '../../src/services/user-service';
import { startDevWorker, type DevWorker } from '../support/dev-worker';

let w: DevWorker;

beforeAll(async () => {
  w = await startDevWorker('coverage');
});

afterAll(async () => {
  await w?.client.schedule
    .getHandle(CALENDAR_COVERAGE_SCHEDULE_ID)
    .delete()
    .catch(() => undefined);
  await w?.stop();
});

test('admins are told once that 2027 has begun without an official schedule', async () => {
  const { t, client, taskQueue } = w;
  const admins = ['quan-tri-1@so-noi-vu.test', 'quan-tri-2@so-noi-vu.test'];
  for (const email of admins) await createUser(t.db.prisma, { email, role: 'admin' });
  await createUser(t.db.prisma, { email: 'dieu-phoi@so-noi-vu.test', role: 'coordinator' });

  const check = (at: string, n: number) =>
    client.workflow.execute(calendarCoverageWorkflow, {
      workflowId: `coverage-test/${at}/${n}`,
      taskQueue,
      args: [{ at }],
    });
  // Sunday 3/1/2027 (local): before the first working day. 2026 has its official schedule.
  expect(await check('2027-01-03T09:00:00+07:00', 1)).toEqual({ year: null, sent: 0 });
  expect(await check('2026-06-01T08:00:00+07:00', 1)).toEqual({ year: null, sent: 0 });
  expect(await check('2027-01-04T08:00:00+07:00', 1)).toEqual({ year: 2027, sent: 2 });
  // The next days, and a retried day: nothing more.
  expect(await check('2027-01-04T08:00:00+07:00', 2)).toEqual({ year: 2027, sent: 0 });
  expect(await check('2027-01-05T08:00:00+07:00', 1)).toEqual({ year: 2027, sent: 0 });

  const mails = await t.mailbox.list();
  for (const email of admins) {
    const mine = mails.filter((m) => m.to === email);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.subject).toContain('Chưa có lịch nghỉ chính thức năm 2027');
    expect(mine[0]!.text).toContain('Hôm nay (4/1/2027) là ngày làm việc đầu tiên');
    expect(mine[0]!.text).toContain('/admin/holidays?year=2027');
  }
  expect(mails.filter((m) => m.to === 'dieu-phoi@so-noi-vu.test')).toHaveLength(0);

  // The Schedule: daily at 01:00 UTC (08:00 in Việt Nam), starting the check on this task queue.
  await client.schedule
    .getHandle(CALENDAR_COVERAGE_SCHEDULE_ID)
    .delete()
    .catch(() => undefined);
  expect(await ensureCalendarCoverageSchedule(client, 'old-queue')).toBe('created');
  expect(await ensureCalendarCoverageSchedule(client, taskQueue)).toBe('updated');
  const described = await client.schedule.getHandle(CALENDAR_COVERAGE_SCHEDULE_ID).describe();
  expect(described.action).toMatchObject({ workflowType: 'calendarCoverageWorkflow', taskQueue });
  expect(described.spec.calendars?.[0]).toMatchObject({
    hour: [{ start: 1, end: 1, step: 1 }],
    minute: [{ start: 0, end: 0, step: 1 }],
  });
}, 180_000);
