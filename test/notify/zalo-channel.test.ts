/**
 * The Zalo channel against the reproduced ZBS Template Message API over real HTTP (test/support/zalo-server.ts),
 * with a real SMTP server, a real SMS webhook receiver and a cloned database: the template message on the wire,
 * a transient failure retried, a permanent one falling back to SMS, and the Official Account's daily quota.
 */
import { createZaloClient } from '../../src/notify/zalo/zalo-client';
import { createSmsProvider } from '../../src/notify/sms/create-sms-provider';
import type { SendReminderInput } from '../../src/activities';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startSmsWebhookServer, type SmsWebhookServer } from '../support/sms-webhook-server';
import { startZaloServer, type ZaloServer } from '../support/zalo-server';
import { quietLogger } from '../support/stack';
import { createTestActivities, seedPlan, startTestSmtp, testPlan } from './notify-fixtures';

const NOW = new Date('2027-06-03T01:00:00Z'); // 08:00 in Hà Nội, 7 days before the due date
const PHONE = '+84912345678';
const OA = '4097311281936189049';
const TEMPLATE = '301234';

let db: TestDatabase;
let zalo: ZaloServer;
let sms: SmsWebhookServer;
const closers: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  sms = await startSmsWebhookServer();
});

beforeEach(async () => {
  zalo = await startZaloServer({
    accessToken: 'oa-token',
    templates: { [TEMPLATE]: ['ten_co_quan', 'bao_cao', 'han_nop', 'duong_dan'] },
    dailyQuota: 500,
    noAccount: ['84900000001'],
    appId: '1743556593977626805',
    oaId: OA,
    oaSecretKey: 'oa-secret',
  });
  closers.push(() => zalo.close());
});

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

afterAll(async () => {
  await sms?.close();
  await db?.drop();
});

const zaloPolicy = {
  channels: ['zalo', 'sms', 'email'] as ('zalo' | 'sms' | 'email')[],
  zalo: {
    templates: {
      upcoming: {
        templateId: TEMPLATE,
        params: { ten_co_quan: 'agencyName', bao_cao: 'obligationTitle', han_nop: 'dueDate', duong_dan: 'submitUrl' },
      },
    },
  },
};

async function setup(code: string, phone = '0912345678') {
  const plan = testPlan({ code, policy: zaloPolicy });
  plan.agencies[1]!.contacts = [{ role: 'focal', email: 'dau-moi@syt.test.vn', phone }];
  const { items } = await seedPlan(db.prisma, plan);
  const smtp = await startTestSmtp();
  const { activities, close } = createTestActivities(db.prisma, smtp.url, () => NOW, {
    sms: createSmsProvider({ provider: 'webhook', webhookUrl: sms.url }, { log: quietLogger }),
    zalo: { oaId: OA, client: createZaloClient({ accessToken: 'oa-token', baseUrl: zalo.baseUrl }) },
  });
  closers.push(() => smtp.stop(), close);
  const item = items[0]!;
  const input = (step = 'reminder:P7D'): SendReminderInput => ({
    assignmentId: item.id,
    revision: 0,
    step,
    kind: 'upcoming',
    dueAt: item.dueAt,
  });
  return { smtp, activities, input, keyBase: `${item.id}#0:reminder:P7D` };
}

const smsTo = (phone: string) => sms.received.filter((m) => m.to === phone);

test('a reminder goes as a Zalo template message with its parameters; email alongside; no SMS', async () => {
  const { smtp, activities, input, keyBase } = await setup('ZSEND');
  const smsBefore = smsTo(PHONE).length;
  expect(await activities.sendReminder(input())).toEqual({ sent: 2, alreadySent: 0, failed: 0 });

  expect(zalo.messages).toHaveLength(1);
  const m = zalo.messages[0]!;
  expect(m.phone).toBe('84912345678');
  expect(m.templateId).toBe(TEMPLATE);
  expect(m.templateData).toEqual({
    ten_co_quan: 'Sở Y tế',
    bao_cao: 'Báo cáo năm về bình đẳng giới',
    han_nop: '10/6/2027',
    duong_dan: expect.stringMatching(/^http:\/\/nhac-han\.test\/l\/\w+$/),
  });
  expect(m.trackingId).toMatch(/^[\w-]{32}$/);
  const row = await db.prisma.notification.findUniqueOrThrow({ where: { key: `${keyBase}:zalo:${PHONE}` } });
  expect(row).toMatchObject({ channel: 'zalo', status: 'sent', providerMessageId: m.msgId, recipient: PHONE });
  expect(smtp.received.map((r) => r.envelopeTo)).toEqual([['dau-moi@syt.test.vn']]);
  expect(smsTo(PHONE).length - smsBefore).toBe(0);
  const quota = await db.prisma.zaloQuota.findMany({ where: { oaId: OA } });
  expect(quota).toEqual([expect.objectContaining({ dailyQuota: 500, remainingQuota: 499 })]);

  // Retried: nothing more goes out.
  expect(await activities.sendReminder(input())).toEqual({ sent: 0, alreadySent: 2, failed: 0 });
  expect(zalo.messages).toHaveLength(1);
});

test('a transient failure (HTTP 503, then -100) is retried by the activity and sent once', async () => {
  const { activities, input, keyBase } = await setup('ZRETRY');
  zalo.failNext({ httpStatus: 503 });
  await expect(activities.sendReminder(input())).rejects.toThrow(/not delivered yet.*Zalo: HTTP 503/);
  const key = `${keyBase}:zalo:${PHONE}`;
  expect(await db.prisma.notification.findUniqueOrThrow({ where: { key } })).toMatchObject({
    status: 'pending',
    attempts: 1,
  });
  zalo.failNext({ error: -100, message: 'Unknown error' });
  await expect(activities.sendReminder(input())).rejects.toThrow(/Zalo error -100/);
  expect(await activities.sendReminder(input())).toEqual({ sent: 1, alreadySent: 1, failed: 0 });
  expect(zalo.messages).toHaveLength(1);
  const row = await db.prisma.notification.findUniqueOrThrow({ where: { key } });
  expect(row).toMatchObject({ status: 'sent', attempts: 3 });
  expect((row.attemptLog as { outcome: string }[]).map((e) => e.outcome)).toEqual([
    'transient',
    'transient',
    'accepted',
  ]);
});

test('a permanent refusal (-118, no Zalo account) falls back to SMS and the coordinator is told, once', async () => {
  const { smtp, activities, input, keyBase } = await setup('ZPERM', '0900000001');
  const phone = '+84900000001';
  expect(await activities.sendReminder(input())).toEqual({ sent: 2, alreadySent: 0, failed: 1 });
  const key = `${keyBase}:zalo:${phone}`;
  const rows = await db.prisma.notification.findMany({ where: { key: { startsWith: key } }, orderBy: { key: 'asc' } });
  expect(rows.map((r) => [r.key.slice(key.length), r.channel, r.status])).toEqual([
    ['', 'zalo', 'failed'],
    [':alert:email:dieu-phoi@snv.test.vn', 'email', 'sent'],
    [`:fallback:sms:${phone}`, 'sms', 'sent'],
  ]);
  expect(rows[0]!.lastError).toMatch(/Zalo error -118/);
  expect(smsTo(phone)).toHaveLength(1);
  expect(smsTo(phone)[0]!.text).toMatch(/^\[Nhắc Hạn\] .*Sở Y tế.*\/l\//);
  const alert = smtp.received.find((m) => m.envelopeTo.includes('dieu-phoi@snv.test.vn'))!;
  expect(alert.parsed.text).toContain('đã gửi thay qua SMS tới +84900000001');
  expect(alert.parsed.text).toContain('(Zalo)');

  expect(await activities.sendReminder(input())).toEqual({ sent: 0, alreadySent: 2, failed: 1 });
  expect(smsTo(phone)).toHaveLength(1);
});

test('the daily quota: at 0 Zalo is not called and the reminder goes by SMS; a -144 refusal sets it to 0', async () => {
  const { activities, input } = await setup('ZQUOTA', '0912000111');
  const phone = '+84912000111';
  zalo.setRemainingQuota(1);
  expect(await activities.sendReminder(input('reminder:P7D'))).toMatchObject({ sent: 2, failed: 0 });
  expect(await db.prisma.zaloQuota.findFirstOrThrow({ where: { oaId: OA } })).toMatchObject({ remainingQuota: 0 });

  const requests = zalo.requests.length;
  expect(await activities.sendReminder(input('reminder:P3D'))).toMatchObject({ sent: 2, failed: 1 });
  expect(zalo.requests.length).toBe(requests); // Zalo was not asked
  expect(smsTo(phone)).toHaveLength(1);
  const failed = await db.prisma.notification.findFirstOrThrow({
    where: { channel: 'zalo', status: 'failed', key: { contains: 'reminder:P3D' }, recipient: phone },
  });
  expect(failed.lastError).toMatch(/hạn mức gửi trong ngày/);

  // Another day: our count says 5 left, Zalo says the quota is used up.
  await db.prisma.zaloQuota.updateMany({ where: { oaId: OA }, data: { remainingQuota: 5 } });
  zalo.setRemainingQuota(0);
  expect(await activities.sendReminder(input('reminder:P1D'))).toMatchObject({ failed: 1 });
  expect(zalo.requests.length).toBe(requests + 1);
  expect(smsTo(phone)).toHaveLength(2);
  expect(await db.prisma.zaloQuota.findFirstOrThrow({ where: { oaId: OA } })).toMatchObject({ remainingQuota: 0 });
});

test("outside Zalo's send window the message waits for the opening; email goes at once", async () => {
  const late = new Date('2027-06-03T15:30:00Z'); // 22:30 in Hà Nội
  const plan = testPlan({
    code: 'ZNIGHT',
    policy: { ...zaloPolicy, workingHours: false, sendWindows: { zalo: { from: '07:00', to: '22:00' } } },
  });
  const { items } = await seedPlan(db.prisma, plan);
  const smtp = await startTestSmtp();
  const { activities, close } = createTestActivities(db.prisma, smtp.url, () => late, {
    sms: createSmsProvider({ provider: 'webhook', webhookUrl: sms.url }, { log: quietLogger }),
    zalo: { oaId: OA, client: createZaloClient({ accessToken: 'oa-token', baseUrl: zalo.baseUrl }) },
  });
  closers.push(() => smtp.stop(), close);
  const item = items[0]!;
  const input = {
    assignmentId: item.id,
    revision: 0,
    step: 'reminder:P7D',
    kind: 'upcoming' as const,
    dueAt: item.dueAt,
  };
  const err = await activities.sendReminder(input).then(
    () => undefined,
    (e: unknown) => e as { type?: string; nextRetryDelay?: unknown; message: string },
  );
  expect(err).toMatchObject({ type: 'SendDeferred', nextRetryDelay: 8.5 * 3600_000 });
  expect(err?.message).toMatch(/zalo window opens 2027-06-04T07:00:00.000\+07:00/);
  expect(zalo.requests).toHaveLength(0);
  expect(smtp.received).toHaveLength(1);
  expect(await db.prisma.notification.count({ where: { assignmentId: item.id, channel: 'zalo' } })).toBe(0);
});
