/**
 * The Monday digest on the real dev server: subscribers get one email (the real SMTP mailbox) of the plans they may
 * see, with the late agency and next week's deadline; a second run for the same week sends nothing more; an
 * account without a subscription, or a disabled one, gets nothing. The Schedule that runs it is created, then
 * brought up to date.
 */
import { weeklyDigestWorkflow } from '../../src/workflows/weekly-digest.workflow';
import { ensureWeeklyDigestSchedule, WEEKLY_DIGEST_SCHEDULE_ID } from '../../src/services/weekly-digest-schedule';
import { createUser, setCoordinatorPlans } from '../../src/services/user-service';
import type { PrismaClient } from '../../src/db/prisma';
import { startDevWorker, type DevWorker } from '../support/dev-worker';

let w: DevWorker;

beforeAll(async () => {
  w = await startDevWorker('digest');
}, 180_000);

afterAll(async () => {
  await w?.client.schedule
    .getHandle(WEEKLY_DIGEST_SCHEDULE_ID)
    .delete()
    .catch(() => undefined);
  await w?.stop();
});

/** Monday 30/11/2026 07:00 in Việt Nam. */
const MONDAY = '2026-11-30T00:00:00Z';

async function seedPlan(
  prisma: PrismaClient,
  code: string,
  title: string,
  agencies: [string, string][],
  obligations: [string, string][],
  rows: { agency: string; obligation: string; due: string; state?: 'pending' | 'overdue' | 'submitted' }[],
) {
  await prisma.plan.create({
    data: {
      code,
      title,
      years: [2026],
      definition: { obligations: obligations.map(([id, t]) => ({ id, title: t })) },
      sourceHash: code,
      agencies: { create: agencies.map(([c, name]) => ({ code: c, name, kind: 'so-nganh' })) },
    },
  });
  for (const r of rows)
    await prisma.assignment.create({
      data: {
        id: `${code}/2026/${r.obligation}/${r.agency}`,
        planCode: code,
        year: 2026,
        obligationId: r.obligation,
        agencyCode: r.agency,
        statedDate: new Date(r.due),
        dueDate: new Date(r.due),
        dueAt: new Date(`${r.due}T17:00:00+07:00`),
        state: r.state ?? 'pending',
        submittedAt: r.state === 'submitted' ? new Date('2026-11-15T09:00:00+07:00') : null,
      },
    });
}

test('subscribers get one Monday digest of what they may see; a re-run of the week sends nothing more', async () => {
  const { t, client, taskQueue } = w;
  const prisma = t.db.prisma;
  await seedPlan(
    prisma,
    'KH-CCHC',
    'Báo cáo cải cách hành chính',
    [
      ['SYT', 'Sở Y tế'],
      ['SGD', 'Sở Giáo dục và Đào tạo'],
    ],
    [
      ['quy-3', 'Báo cáo quý III'],
      ['thang-12', 'Báo cáo tháng 12'],
    ],
    [
      { agency: 'SYT', obligation: 'quy-3', due: '2026-11-20', state: 'overdue' },
      { agency: 'SGD', obligation: 'quy-3', due: '2026-11-20', state: 'submitted' },
      { agency: 'SYT', obligation: 'thang-12', due: '2026-12-04' },
      { agency: 'SGD', obligation: 'thang-12', due: '2026-12-04' },
    ],
  );
  await seedPlan(
    prisma,
    'KH-PCTN',
    'Báo cáo phòng, chống tham nhũng',
    [['STC', 'Sở Tài chính']],
    [['nam', 'Báo cáo năm']],
    [{ agency: 'STC', obligation: 'nam', due: '2026-11-25', state: 'overdue' }],
  );
  const viewer = await createUser(prisma, { email: 'lanh-dao@ubnd.test', role: 'viewer' });
  const coordinator = await createUser(prisma, { email: 'dieu-phoi@snv.test', role: 'coordinator' });
  await setCoordinatorPlans(prisma, coordinator.id, ['KH-CCHC']);
  await createUser(prisma, { email: 'quan-tri@snv.test', role: 'admin' });
  const disabled = await createUser(prisma, { email: 'da-khoa@snv.test', role: 'viewer' });
  await prisma.user.update({ where: { id: disabled.id }, data: { disabledAt: new Date() } });
  for (const id of [viewer.id, coordinator.id, disabled.id])
    await prisma.digestSubscription.create({ data: { userId: id } });

  const run = (n: number) =>
    client.workflow.execute(weeklyDigestWorkflow, {
      workflowId: `digest-test/${MONDAY}/${n}`,
      taskQueue,
      args: [{ at: MONDAY }],
    });
  expect(await run(1)).toEqual({ week: '2026-W49', subscribers: 2, sent: 2 });
  // The same week again (a re-run, a Schedule catch-up): nothing more.
  expect(await run(2)).toEqual({ week: '2026-W49', subscribers: 2, sent: 0 });

  const mails = await t.mailbox.list();
  expect(mails.map((m) => m.to).sort()).toEqual(['dieu-phoi@snv.test', 'lanh-dao@ubnd.test']);
  const toViewer = mails.find((m) => m.to === 'lanh-dao@ubnd.test')!;
  expect(toViewer.subject).toBe(
    '[Nhắc Hạn] Bản tin tuần 2026-W49 (30/11/2026 – 6/12/2026): 2 cơ quan trễ hạn, 1 hạn trong tuần tới',
  );
  const lines = toViewer.text.split('\n').map((l) => l.trimEnd());
  expect(lines).toEqual(
    expect.arrayContaining([
      'Bản tin hằng tuần của Nhắc Hạn, tuần 2026-W49, từ thứ Hai 30/11/2026 đến Chủ nhật 6/12/2026.',
      'Kế hoạch KH-CCHC: Báo cáo cải cách hành chính',
      '  Cơ quan trễ hạn (1):',
      '  - Sở Y tế: trễ 10 ngày',
      '      Báo cáo quý III, hạn 20/11/2026, trễ 10 ngày (Quá hạn)',
      '  Hạn trong tuần tới (1):',
      '  - thứ Sáu 4/12/2026: Báo cáo tháng 12; 2 cơ quan chưa nộp: Sở Giáo dục và Đào tạo, Sở Y tế',
      '  Bảng theo dõi: http://nhac-han.test/plans/KH-CCHC/years/2026',
      'Kế hoạch KH-PCTN: Báo cáo phòng, chống tham nhũng',
      '  - Sở Tài chính: trễ 5 ngày',
      'Ngừng nhận bản tin này: http://nhac-han.test/account#digest',
    ]),
  );
  // The coordinator sees only the plan they coordinate.
  const toCoordinator = mails.find((m) => m.to === 'dieu-phoi@snv.test')!;
  expect(toCoordinator.text).toContain('Kế hoạch KH-CCHC: Báo cáo cải cách hành chính');
  expect(toCoordinator.text).not.toContain('KH-PCTN');
  expect(toCoordinator.text).not.toContain('Sở Tài chính');

  // The outbox holds one row per subscriber and week, under the documented key.
  const rows = await prisma.notification.findMany({ where: { kind: 'weekly-digest' }, select: { key: true } });
  expect(rows.map((r) => r.key).sort()).toEqual(
    [`weekly-digest:${coordinator.id}:2026-W49`, `weekly-digest:${viewer.id}:2026-W49`].sort(),
  );

  // A subscription narrowed to one plan, and an unsubscribed viewer, the next Monday (nothing left to say is said).
  await prisma.digestSubscription.update({ where: { userId: viewer.id }, data: { planCode: 'KH-PCTN' } });
  await prisma.digestSubscription.delete({ where: { userId: coordinator.id } });
  await prisma.assignment.update({
    where: { id: 'KH-PCTN/2026/nam/STC' },
    data: { state: 'late', submittedAt: new Date('2026-12-01T09:00:00+07:00') },
  });
  expect(
    await client.workflow.execute(weeklyDigestWorkflow, {
      workflowId: `digest-test/next-week`,
      taskQueue,
      args: [{ at: '2026-12-07T00:00:00Z' }],
    }),
  ).toEqual({ week: '2026-W50', subscribers: 1, sent: 1 });
  const next = (await t.mailbox.list()).filter((m) => m.subject.includes('2026-W50'));
  expect(next.map((m) => m.to)).toEqual(['lanh-dao@ubnd.test']);
  expect(next[0]!.subject).toContain('không có cơ quan trễ hạn, không có hạn trong tuần tới');
  expect(next[0]!.text).toContain('Tuần này không có cơ quan trễ hạn, không có hạn trong tuần tới.');
  expect(next[0]!.text).not.toContain('KH-CCHC');
}, 240_000);

test('the Schedule: Mondays at 00:00 UTC (07:00 in Việt Nam), created then brought up to date', async () => {
  const { client, taskQueue } = w;
  await client.schedule
    .getHandle(WEEKLY_DIGEST_SCHEDULE_ID)
    .delete()
    .catch(() => undefined);
  expect(await ensureWeeklyDigestSchedule(client, 'old-queue')).toBe('created');
  expect(await ensureWeeklyDigestSchedule(client, taskQueue)).toBe('updated');
  const described = await client.schedule.getHandle(WEEKLY_DIGEST_SCHEDULE_ID).describe();
  expect(described.action).toMatchObject({ workflowType: 'weeklyDigestWorkflow', taskQueue });
  expect(described.spec.calendars?.[0]).toMatchObject({
    dayOfWeek: [{ start: 'MONDAY', end: 'MONDAY', step: 1 }],
    hour: [{ start: 0, end: 0, step: 1 }],
    minute: [{ start: 0, end: 0, step: 1 }],
  });
  // Its next run is a Monday at 00:00 UTC, whatever today is.
  const next = described.info.nextActionTimes[0]!;
  expect([next.getUTCDay(), next.getUTCHours(), next.getUTCMinutes()]).toEqual([1, 0, 0]);
}, 120_000);
