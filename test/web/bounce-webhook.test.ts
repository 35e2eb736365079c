/**
 * A production relay's return path, over real HTTP: a reminder goes out through a real SMTP relay, then the relay's
 * DSN for it is posted raw to `/webhooks/bounce/<token>`. The message becomes bounced and the contact stale, once;
 * a bad token is refused (404) and changes nothing; a message that is not a DSN is answered 200 and ignored.
 */
import { bounceWebhookToken } from '../../src/security/webhook-signature';
import { dsn } from '../support/dsn';
import { startLightWebApp, type LightWebApp } from '../support/light-web-app';
import { createTestActivities, seedPlan, startTestSmtp, testPlan } from '../notify/notify-fixtures';

const NOW = new Date('2027-06-03T01:00:00Z');
const SECRET = 'Jx8rV2mQ9tLw4ZkP7nB3cY6hF1sD5gA0eR';
const FOCAL = 'dau-moi@syt.test.vn';

let web: LightWebApp;

beforeAll(async () => {
  web = await startLightWebApp();
});

afterAll(async () => {
  await web?.close();
});

const post = (token: string, body: string) =>
  fetch(`${web.url}/webhooks/bounce/${token}`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'message/rfc822' },
  });

test('a DSN posted by the relay marks the message bounced and the contact stale, once', async () => {
  const prisma = web.db.prisma;
  const { items } = await seedPlan(prisma, testPlan({ code: 'BOUNCE-HOOK' }));
  const item = items[0]!;
  const relay = await startTestSmtp();
  const { activities, close } = createTestActivities(prisma, relay.url, () => NOW);
  try {
    await activities.sendReminder({
      assignmentId: item.id,
      revision: 0,
      step: 'reminder:P7D',
      kind: 'upcoming',
      dueAt: item.dueAt,
    });
  } finally {
    close();
    await relay.stop();
  }
  const sent = await prisma.notification.findFirstOrThrow({ where: { assignmentId: item.id, recipient: FOCAL } });
  const stale = () =>
    prisma.contact.count({ where: { email: FOCAL, staleAt: { not: null }, agency: { planCode: 'BOUNCE-HOOK' } } });
  const token = bounceWebhookToken(SECRET);
  const report = dsn(sent.messageId, FOCAL, '5.1.1', 'failed');

  const forged = await post('x'.repeat(32), report);
  expect(forged.status).toBe(404);
  expect(await stale()).toBe(0);

  const notDsn = await post(token, 'From: a@b.vn\r\nTo: c@d.vn\r\nSubject: Tự động trả lời\r\n\r\nĐang nghỉ phép.\r\n');
  expect(notDsn.status).toBe(200);
  expect(await notDsn.json()).toEqual({ ok: true, dsn: false });

  const first = await post(token, report);
  expect(first.status).toBe(200);
  expect(await first.json()).toEqual({ ok: true, dsn: true, bounced: 1, ignored: 0 });
  expect(await stale()).toBe(1);
  expect(await prisma.notification.findUniqueOrThrow({ where: { id: sent.id } })).toMatchObject({
    delivery: 'bounced',
  });

  const again = await post(token, report);
  expect(await again.json()).toEqual({ ok: true, dsn: true, bounced: 0, ignored: 1 });

  // A crash after the row was marked bounced but before the contact was marked stale: the relay's retry mends it.
  await prisma.contact.updateMany({ where: { email: FOCAL }, data: { staleAt: null, staleReason: null } });
  const retried = await post(token, report);
  expect(await retried.json()).toEqual({ ok: true, dsn: true, bounced: 0, ignored: 1 });
  expect(await stale()).toBe(1);

  const wrongType = await fetch(`${web.url}/webhooks/bounce/${token}`, {
    method: 'POST',
    body: JSON.stringify({ raw: report }),
    headers: { 'content-type': 'application/json' },
  });
  expect(wrongType.status).toBe(415);
});
