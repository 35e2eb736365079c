/**
 * The notification activities against a real SMTP server (smtp-server, parsed with mailparser), a real SMS webhook
 * receiver and a cloned database: what a reminder looks like on the wire, and what happens when it cannot be
 * delivered (the other channel, the coordinator's alert, a `failed` record for everything).
 */
import { sendRetryDelayMs } from '../../src/domain/policies';
import { MockActivityEnvironment } from '@temporalio/testing';
import { type ActivityDeps, type SendReminderInput } from '../../src/activities';
import { createSmsProvider } from '../../src/notify/sms/create-sms-provider';
import { verifyLink } from '../../src/security/signed-link';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startSmsWebhookServer, type SmsWebhookServer } from '../support/sms-webhook-server';
import { quietLogger } from '../support/stack';
import { createTestActivities, seedPlan, startTestSmtp, testPlan, TEST_LINK_SECRET } from './notify-fixtures';

const SECRET = TEST_LINK_SECRET;
const NOW = new Date('2027-06-03T01:00:00Z'); // 08:00 in Hà Nội, 7 days before the due date
const FOCAL = 'dau-moi@syt.test.vn';
const COORDINATOR = 'dieu-phoi@snv.test.vn';

let db: TestDatabase;
let webhook: SmsWebhookServer;
const closers: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  webhook = await startSmsWebhookServer();
});

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

afterAll(async () => {
  await webhook?.close();
  await db?.drop();
});

async function setup(
  code: string,
  smtpOptions: Parameters<typeof startTestSmtp>[0] = {},
  extra: Partial<ActivityDeps> = {},
) {
  const { items } = await seedPlan(db.prisma, testPlan({ code }));
  const smtp = await startTestSmtp(smtpOptions);
  const { activities, close } = createTestActivities(db.prisma, smtp.url, () => NOW, {
    sms: createSmsProvider({ provider: 'webhook', webhookUrl: webhook.url }, { log: quietLogger }),
    ...extra,
  });
  closers.push(() => smtp.stop(), close);
  const item = items[0]!;
  const input: SendReminderInput = {
    assignmentId: item.id,
    revision: 0,
    step: 'reminder:P7D',
    kind: 'upcoming',
    dueAt: item.dueAt,
  };
  return { smtp, activities, input, key: `${item.id}#0:reminder:P7D:email:${FOCAL}` };
}

const headerBlock = (raw: string) => raw.slice(0, raw.indexOf('\r\n\r\n'));

test('a reminder on the wire: encoded headers, the outbox Message-ID, text and HTML parts in UTF-8, the signed link', async () => {
  const { smtp, activities, input, key } = await setup('WIRE');
  expect(await activities.sendReminder(input)).toEqual({ sent: 1, alreadySent: 0, failed: 0 });

  expect(smtp.received).toHaveLength(1);
  const { raw, parsed, envelopeTo } = smtp.received[0]!;
  const row = await db.prisma.notification.findUniqueOrThrow({ where: { key } });
  expect(row).toMatchObject({ status: 'sent', attempts: 1, channel: 'email', recipient: FOCAL, lastError: null });
  expect(row.providerMessageId).toMatch(/^250 /);

  // Headers: 7-bit on the wire, Vietnamese once decoded.
  const headers = headerBlock(raw);
  expect(headers).toMatch(/^[\x20-\x7e\r\n\t]*$/);
  expect(headers).toMatch(/^Subject: =\?UTF-8\?[QB]\?/im);
  expect(headers).toMatch(/^From: =\?UTF-8\?[QB]\?.*\?= <nhac-han@test\.local>/im);
  expect(parsed.from?.value).toEqual([{ address: 'nhac-han@test.local', name: 'Nhắc Hạn' }]);
  expect(parsed.to).toMatchObject({ value: [{ address: FOCAL }] });
  expect(envelopeTo).toEqual([FOCAL]);
  expect(parsed.subject).toBe(row.subject);
  expect(parsed.subject).toBe('[Nhắc hạn] Báo cáo năm về bình đẳng giới – hạn gửi 10/6/2027 (còn 7 ngày)');
  expect(parsed.messageId).toBe(row.messageId);
  expect(headers).toContain(`Message-ID: ${row.messageId}`);
  expect(row.messageId).toMatch(/^<[0-9a-f]{32}@nhac-han>$/);

  // Structure: multipart/alternative, plain text first, HTML last (the preferred one), both UTF-8.
  expect(parsed.headers.get('content-type')).toMatchObject({ value: 'multipart/alternative' });
  const textAt = raw.search(/Content-Type: text\/plain; charset=utf-8/i);
  const htmlAt = raw.search(/Content-Type: text\/html; charset=utf-8/i);
  expect(textAt).toBeGreaterThan(0);
  expect(htmlAt).toBeGreaterThan(textAt);
  expect(raw).not.toMatch(/[\u0080-\uffff]/); // the bodies are quoted-printable: nothing 8-bit on the wire

  // Both parts say the same thing, with diacritics intact and the due date written the Vietnamese way.
  expect(parsed.text).toBe(row.body);
  expect(parsed.html).toBe(row.html);
  const htmlText = (parsed.html || '').replace(/<[^>]+>/g, '').replace(/\s+/g, ' ');
  for (const body of [parsed.text ?? '', htmlText]) {
    expect(body).toContain('Kính gửi: Sở Y tế');
    expect(body).toContain('Kế hoạch thực hiện bình đẳng giới năm 2027');
    expect(body).toContain('45/KH-UBND');
    expect(body).toMatch(/thứ \S+, ngày 10\/6\/2027/);
    expect(body).toContain('còn 7 ngày');
  }

  // The agency's own signed link, the same in both parts, valid for this assignment only.
  const url = /http:\/\/nhac-han\.test\/s\/([\w-]+\.[\w-]+)/.exec(parsed.text ?? '');
  expect(url).not.toBeNull();
  expect(parsed.html).toContain(`href="${url![0]}"`);
  const verified = verifyLink(url![1]!, SECRET, NOW.getTime() / 1000);
  expect(verified).toMatchObject({ ok: true, claims: { a: input.assignmentId } });
  expect(verifyLink(url![1]!, 'another-secret-0123456789', NOW.getTime() / 1000)).toEqual({
    ok: false,
    reason: 'forged',
  });

  // A retried or replayed reminder sends nothing.
  expect(await activities.sendReminder(input)).toEqual({ sent: 0, alreadySent: 1, failed: 0 });
  expect(smtp.received).toHaveLength(1);
});

test('a recipient refused for good: recorded failed, sent by SMS instead, the coordinator alerted, all once', async () => {
  const { smtp, activities, input, key } = await setup('REFUSED', { unknownUsers: [FOCAL] });
  const before = webhook.received.length;
  expect(await activities.sendReminder(input)).toEqual({ sent: 1, alreadySent: 0, failed: 1 });

  const rows = await db.prisma.notification.findMany({ where: { key: { startsWith: key } }, orderBy: { key: 'asc' } });
  expect(rows.map((r) => [r.key.slice(key.length), r.channel, r.recipient, r.status, r.kind])).toEqual([
    ['', 'email', FOCAL, 'failed', 'upcoming'],
    [`:alert:email:${COORDINATOR}`, 'email', COORDINATOR, 'sent', 'delivery-failed'],
    [':fallback:sms:+84912345678', 'sms', '+84912345678', 'sent', 'upcoming'],
  ]);
  expect(rows[0]!.lastError).toMatch(/550/);
  expect(rows[0]!.attemptLog).toEqual([expect.objectContaining({ outcome: 'permanent' })]);

  const sms = webhook.received.slice(before);
  expect(sms).toHaveLength(1);
  expect(sms[0]).toMatchObject({ to: '+84912345678', id: `${key}:fallback:sms:+84912345678` });
  expect(sms[0]!.text).toMatch(/^\[Nhắc Hạn\] .*Sở Y tế/);

  expect(smtp.received.map((m) => m.envelopeTo)).toEqual([[COORDINATOR]]);
  const alert = smtp.received[0]!.parsed;
  expect(alert.subject).toBe('[Nhắc Hạn] Không gửi được thông báo tới Sở Y tế / delivery failed');
  expect(alert.text).toContain(FOCAL);
  expect(alert.text).toMatch(/Lý do \/ reason: .*550/);
  expect(alert.text).toContain('đã gửi thay qua SMS tới +84912345678');
  expect(alert.html).toContain('đã gửi thay qua SMS tới +84912345678');

  // Retried: nothing more goes out.
  expect(await activities.sendReminder(input)).toEqual({ sent: 0, alreadySent: 1, failed: 1 });
  expect(webhook.received.length - before).toBe(1);
  expect(smtp.received).toHaveLength(1);
});

test('transient failures until the last attempt: the activity throws to be retried, then gives up into fallback and alert', async () => {
  const { smtp, activities, input, key } = await setup(
    'EXHAUST',
    { failDataFor: [{ address: FOCAL, code: 451 }] },
    // Each attempt at once: the message's backoff (below) is not what this test looks at.
    { delivery: { maxAttempts: 3, retryDelayMs: () => 0 } },
  );
  const before = webhook.received.length;
  // The failure (stored in the workflow's history) names the contact by its row id, never by its address.
  const contact = await db.prisma.contact.findFirstOrThrow({
    where: { email: FOCAL, agency: { planCode: 'EXHAUST' } },
  });
  const first = await activities.sendReminder(input).then(
    () => new Error('sent'),
    (err: Error) => err,
  );
  expect(first.message).toMatch(/1 message\(s\) not delivered yet.*451/);
  expect(first).toMatchObject({ type: 'SendPending', nonRetryable: false });
  expect(first.message).toContain(`${input.assignmentId}#0:reminder:P7D:email:contact#${contact.id}: `);
  expect(first.message).not.toContain(FOCAL);
  await expect(activities.sendReminder(input)).rejects.toThrow(/not delivered yet/);
  let row = await db.prisma.notification.findUniqueOrThrow({ where: { key } });
  expect(row).toMatchObject({ status: 'pending', attempts: 2 });
  expect(webhook.received.length - before).toBe(0);

  expect(await activities.sendReminder(input)).toEqual({ sent: 1, alreadySent: 0, failed: 1 });
  row = await db.prisma.notification.findUniqueOrThrow({ where: { key } });
  expect(row).toMatchObject({ status: 'failed', attempts: 3 });
  expect(row.lastError).toMatch(/^gave up after 3 attempts: .*451/);
  expect((row.attemptLog as { outcome: string }[]).map((e) => e.outcome)).toEqual([
    'transient',
    'transient',
    'gave-up',
  ]);
  expect(webhook.received.length - before).toBe(1);
  expect(smtp.received.map((m) => m.envelopeTo)).toEqual([[COORDINATOR]]);
});

test('a message refused for now waits out its own backoff: an earlier retry of the step does not spend its attempts', async () => {
  const { smtp, activities, input, key } = await setup(
    'BACKOFF',
    { failDataFor: [{ address: FOCAL, code: 451 }] },
    { delivery: { retryDelayMs: (attempts) => sendRetryDelayMs(attempts, Math.random()) } },
  );
  const first = await activities.sendReminder(input).then(
    () => new Error('sent'),
    (err: Error) => err,
  );
  // Retried 5 s ± 25 % after the message's first refusal (the send policy's backoff, counted in its own attempts).
  expect(first).toMatchObject({ type: 'SendPending' });
  const delay = (first as { nextRetryDelay?: number }).nextRetryDelay ?? 0;
  expect(delay).toBeGreaterThanOrEqual(3_750);
  expect(delay).toBeLessThanOrEqual(6_250);
  // A retry that comes sooner (a worker restarted, another message of the step due first) leaves it alone.
  const early = await activities.sendReminder(input).then(
    () => new Error('sent'),
    (err: Error & { nextRetryDelay?: number }) => err,
  );
  expect(early.message).toMatch(/not delivered yet/);
  expect((early as { nextRetryDelay?: number }).nextRetryDelay).toBeGreaterThan(1_000);
  expect((early as { nextRetryDelay?: number }).nextRetryDelay).toBeLessThanOrEqual(6_750);
  const row = await db.prisma.notification.findUniqueOrThrow({ where: { key } });
  expect(row).toMatchObject({ status: 'pending', attempts: 1 });
  expect(smtp.received).toHaveLength(0);
});

test("on Temporal's last attempt a transient failure is final at once", async () => {
  const { smtp, activities, input, key } = await setup('LASTATT', { failDataFor: [{ address: FOCAL, code: 421 }] });
  const env = new MockActivityEnvironment({ attempt: 12, retryPolicy: { maximumAttempts: 12 } });
  expect(await env.run(activities.sendReminder, input)).toEqual({ sent: 1, alreadySent: 0, failed: 1 });
  const row = await db.prisma.notification.findUniqueOrThrow({ where: { key } });
  expect(row).toMatchObject({ status: 'failed', attempts: 1 });
  expect(row.lastError).toMatch(/^gave up after 1 attempts/);
  expect(smtp.received.map((m) => m.envelopeTo)).toEqual([[COORDINATOR]]);
});

test('an unusable phone number is recorded as a failed message, and email is used instead', async () => {
  const code = 'BADPHONE';
  const { items } = await seedPlan(db.prisma, testPlan({ code, policy: { channels: ['sms'] } }));
  // The plan schema refuses such a number; a contact edited in the database can still hold one.
  await db.prisma.contact.updateMany({ where: { email: FOCAL, agency: { planCode: code } }, data: { phone: '0212' } });
  const smtp = await startTestSmtp();
  const { activities, close } = createTestActivities(db.prisma, smtp.url, () => NOW, {
    sms: createSmsProvider({ provider: 'webhook', webhookUrl: webhook.url }, { log: quietLogger }),
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
  expect(await activities.sendReminder(input)).toEqual({ sent: 1, alreadySent: 0, failed: 1 });
  const key = `${item.id}#0:reminder:P7D:sms:0212`;
  const rows = await db.prisma.notification.findMany({ where: { key: { startsWith: key } }, orderBy: { key: 'asc' } });
  expect(rows.map((r) => [r.key.slice(key.length), r.status])).toEqual([
    ['', 'failed'],
    [`:alert:email:${COORDINATOR}`, 'sent'],
    [`:fallback:email:${FOCAL}`, 'sent'],
  ]);
  expect(rows[0]!.lastError).toMatch(/unusable phone number "0212"/);
  expect(smtp.received.map((m) => m.envelopeTo).sort()).toEqual([[FOCAL], [COORDINATOR]]);
});
