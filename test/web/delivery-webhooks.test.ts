/**
 * Delivery truth over real HTTP: a Zalo template message sent to the reproduced Zalo API, then Zalo's signed
 * `user_received_message` event posted to the web app; an SMS accepted by the webhook gateway, then eSMS's delivery
 * report. Bad signatures, bad tokens and unknown ids are refused and change nothing; a duplicate or a late callback
 * changes nothing twice.
 */
import { localDateOf } from '../../src/domain/business-time';
import { createSmsProvider } from '../../src/notify/sms/create-sms-provider';
import { createZaloClient } from '../../src/notify/zalo/zalo-client';
import { esmsCallbackToken } from '../../src/security/webhook-signature';
import { createUser } from '../../src/services/user-service';
import { startLightWebApp, type LightWebApp } from '../support/light-web-app';
import { startSmsWebhookServer, type SmsWebhookServer } from '../support/sms-webhook-server';
import { quietLogger } from '../support/stack';
import { startZaloServer, type ZaloServer } from '../support/zalo-server';
import { createTestActivities, seedPlan, startTestSmtp, testPlan } from '../notify/notify-fixtures';

const NOW = new Date('2027-06-03T01:00:00Z');
const SECRET = 'Jx8rV2mQ9tLw4ZkP7nB3cY6hF1sD5gA0eR';
const APP_ID = '1743556593977626805';
const OA = '4097311281936189049';

let web: LightWebApp;
let zalo: ZaloServer;
let sms: SmsWebhookServer;

beforeAll(async () => {
  web = await startLightWebApp({ zaloWebhook: { appId: APP_ID, oaSecretKey: 'oa-secret' } });
  zalo = await startZaloServer({
    accessToken: 'oa-token',
    templates: { '301234': ['ten_co_quan', 'han_nop'] },
    appId: APP_ID,
    oaId: OA,
    oaSecretKey: 'oa-secret',
  });
  sms = await startSmsWebhookServer();
});

afterAll(async () => {
  await zalo?.close();
  await sms?.close();
  await web?.close();
});

async function sendOne(code: string, channels: ('zalo' | 'sms' | 'email')[]) {
  const prisma = web.db.prisma;
  const plan = testPlan({
    code,
    policy: {
      channels,
      zalo: {
        templates: { upcoming: { templateId: '301234', params: { ten_co_quan: 'agencyName', han_nop: 'dueDate' } } },
      },
    },
  });
  const { items } = await seedPlan(prisma, plan);
  const smtp = await startTestSmtp();
  const { activities, close } = createTestActivities(prisma, smtp.url, () => NOW, {
    sms: createSmsProvider({ provider: 'webhook', webhookUrl: sms.url }, { log: quietLogger }),
    zalo: { oaId: OA, client: createZaloClient({ accessToken: 'oa-token', baseUrl: zalo.baseUrl }) },
  });
  try {
    const item = items[0]!;
    await activities.sendReminder({
      assignmentId: item.id,
      revision: 0,
      step: 'reminder:P7D',
      kind: 'upcoming',
      dueAt: item.dueAt,
    });
    return prisma.notification.findFirstOrThrow({ where: { assignmentId: item.id, channel: channels[0] } });
  } finally {
    close();
    await smtp.stop();
  }
}

const post = (body: string, headers: Record<string, string>) =>
  fetch(`${web.url}/webhooks/zalo`, { method: 'POST', body, headers });

test('Zalo: a signed user_received_message marks the message delivered, once; forged or unknown ones are refused', async () => {
  const row = await sendOne('ZHOOK', ['zalo']);
  expect(row).toMatchObject({ status: 'sent', delivery: null });
  const msgId = row.providerMessageId!;

  // A forged signature (another secret): refused, not applied.
  const forged = zalo.deliveryEvent(msgId, { secret: 'not-the-secret' });
  expect((await post(forged.body, forged.headers)).status).toBe(401);
  const tampered = zalo.deliveryEvent(msgId);
  expect((await post(tampered.body.replace(msgId, msgId.slice(0, -1) + 'x'), tampered.headers)).status).toBe(401);
  expect(await web.db.prisma.notification.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
    delivery: null,
  });

  // An unknown msg_id, correctly signed: refused.
  const unknown = zalo.deliveryEvent('0123456789abcdef');
  expect((await post(unknown.body, unknown.headers)).status).toBe(404);

  const event = zalo.deliveryEvent(msgId);
  const res = await post(event.body, event.headers);
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ ok: true, applied: true });
  const delivered = await web.db.prisma.notification.findUniqueOrThrow({ where: { id: row.id } });
  expect(delivered).toMatchObject({ delivery: 'delivered', deliveryDetail: 'Zalo user_received_message' });

  // Zalo retries its webhook: the duplicate changes nothing.
  const again = await post(event.body, event.headers);
  expect(await again.json()).toEqual({ ok: true, applied: false });
  expect(await web.db.prisma.notification.findUniqueOrThrow({ where: { id: row.id } })).toEqual(delivered);
});

test('eSMS: a delivery report with the URL token marks the SMS delivered; a late refusal and a bad token change nothing', async () => {
  const row = await sendOne('EHOOK', ['sms']);
  const id = row.providerMessageId!;
  const token = esmsCallbackToken(SECRET);
  const report = (t: string, status: string, smsId = id) =>
    fetch(
      `${web.url}/webhooks/esms/${t}?SMSID=${encodeURIComponent(smsId)}&SendStatus=${status}&phonenumber=0912345678`,
    );

  expect((await report('x'.repeat(32), '5')).status).toBe(404);
  expect((await report(token, '5', 'no-such-sms')).status).toBe(404);
  expect(await (await report(token, '7')).json()).toEqual({ ok: true, applied: false }); // not final yet
  expect(await web.db.prisma.notification.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
    delivery: null,
  });

  expect(await (await report(token, '5')).json()).toEqual({ ok: true, applied: true });
  // Out of order: a refusal reported after the delivery does not undo it.
  expect(await (await report(token, '4')).json()).toEqual({ ok: true, applied: false });
  expect(await web.db.prisma.notification.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
    delivery: 'delivered',
    deliveryDetail: 'eSMS SendStatus 5',
  });
});

test("the assignment page shows each recipient's delivery state; the dashboard the OA's quota today", async () => {
  const row = await sendOne('ZPAGE', ['zalo', 'email']);
  const ev = zalo.deliveryEvent(row.providerMessageId!);
  expect((await post(ev.body, ev.headers)).status).toBe(200);
  await createUser(web.db.prisma, { email: 'admin@so.gov.vn', role: 'admin', password: 'mat-khau-du-dai-123' });
  const session = await fetch(`${web.url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@so.gov.vn', password: 'mat-khau-du-dai-123' }),
  });
  expect(session.status).toBe(200);
  const cookie = session.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  // The clock of the pages is today's: the quota row of the send's day is shown when the day matches.
  const page = await (await fetch(`${web.url}/assignments/ZPAGE/2027/bao-cao-nam/SYT`, { headers: { cookie } })).text();
  expect(page).toMatch(/data-delivery="delivered">Đã đến người nhận/);
  expect(page).toMatch(/data-delivery="accepted">Nhà mạng đã nhận/);
  await web.db.prisma.zaloQuota.updateMany({
    // The dashboard's "today" is Việt Nam's day (UTC+7), not the UTC date: from 17:00 UTC they differ.
    data: { day: new Date(`${localDateOf(new Date().toISOString())}T00:00:00Z`) },
  });
  const dashboard = await (await fetch(`${web.url}/plans/ZPAGE/years/2027`, { headers: { cookie } })).text();
  expect(dashboard).toMatch(new RegExp(`Hạn mức tin Zalo hôm nay: OA ${OA} còn <strong>\\d+</strong>/500 tin`));
});
