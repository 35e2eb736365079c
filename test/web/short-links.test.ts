/**
 * Short links over real HTTP: a reminder SMS (through the webhook gateway) carries `<base>/l/<code>`; the code is
 * stored with the signed token, opens the agency's page, is the same on a retried send, and is refused, like the
 * long link, once the coordinator revokes the assignment's links.
 */
import { createActivities, type SendReminderInput } from '../../src/activities';
import { createSmsProvider } from '../../src/notify/sms/create-sms-provider';
import { randomShortCode, SHORT_CODE_PATTERN } from '../../src/security/short-code';
import { smsSegments } from '../../src/domain/sms-text';
import { revokeLinks } from '../../src/services/assignment-actions';
import { statusItems } from '../../src/services/assignment-service';
import { seedPlan, testPlan } from '../notify/notify-fixtures';
import { startSmsWebhookServer, type SmsWebhookServer } from '../support/sms-webhook-server';
import { startWebApp, type WebTestApp } from '../support/web-app';

jest.setTimeout(120_000);

let web: WebTestApp;
let gateway: SmsWebhookServer;

beforeAll(async () => {
  web = await startWebApp();
  gateway = await startSmsWebhookServer();
});

afterAll(async () => {
  await gateway?.close();
  await web?.close();
});

const noFollow = (url: string) => fetch(url, { redirect: 'manual' });

test('randomShortCode: eight base62 characters, bytes ≥ 248 drawn again', () => {
  expect(randomShortCode()).toMatch(SHORT_CODE_PATTERN);
  // 248 and 255 would bias the alphabet's start: they are skipped, 0, 61 and 62 map to '0', 'z', '0'.
  const bytes = Buffer.from([248, 0, 255, 61, 62, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  expect(randomShortCode(8, () => bytes)).toBe('0z012345');
});

test('a reminder SMS carries a short link that opens the page, and is refused once the links are revoked', async () => {
  const { items } = await seedPlan(
    web.t.db.prisma,
    testPlan({ code: 'SL', policy: { channels: ['email', 'sms'], reminders: ['P7D'] } }),
  );
  const item = items[0]!;
  const now = new Date('2027-06-03T08:00:00+07:00');
  const activities = createActivities({
    ...web.t.deps,
    sms: createSmsProvider({ provider: 'webhook', webhookUrl: gateway.url }, { log: { info: () => undefined } }),
    clock: () => now,
  });
  const reminder: SendReminderInput = {
    assignmentId: item.id,
    revision: 0,
    step: 'reminder:P7D',
    kind: 'upcoming',
    dueAt: item.dueAt,
  };
  await activities.sendReminder(reminder);

  const sms = gateway.received.find((m) => m.to === '+84912345678');
  const match = sms?.text.match(/(https?:\/\/\S+)\/l\/([0-9A-Za-z]{8})(\s|$)/);
  expect(match?.[1]).toBe(web.url);
  const code = match![2]!;
  const row = await web.t.db.prisma.shortLink.findUniqueOrThrow({ where: { code } });
  expect(row.assignmentId).toBe(item.id);
  // The email keeps the long signed link; the short one stands for the same token.
  const email = (
    await web.t.db.prisma.notification.findMany({ where: { assignmentId: item.id, channel: 'email' } })
  )[0];
  expect(email?.body).toContain(`/s/${row.token}`);

  const short = await noFollow(`${web.url}/l/${code}`);
  expect(short.status).toBe(302);
  expect(short.headers.get('location')).toBe(`/s/${row.token}`);
  const page = await fetch(`${web.url}/l/${code}`);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('Báo cáo năm về bình đẳng giới');

  // The accepted SMS is billed per segment, at the configured price, in the matrix and on the dashboard.
  const sentSms = await web.t.db.prisma.notification.findMany({
    where: { assignmentId: item.id, channel: 'sms', status: 'sent' },
  });
  expect(sentSms).toHaveLength(1);
  const segments = smsSegments(sentSms[0]!.body);
  expect(segments).toBe(2); // with diacritics, within the two-segment budget
  const viewer = await web.signedIn('viewer');
  const matrix = (await (
    await fetch(`${web.url}/api/plans/SL/years/2027/assignments`, { headers: { cookie: viewer.cookie } })
  ).json()) as { items: { agency: string; segments: number; costVnd: number }[] };
  // Emails cost nothing by default; the one SMS costs its segments × DEFAULT_PRICES.smsSegmentVnd (800).
  expect(matrix.items.find((i) => i.agency === 'SYT')).toMatchObject({ segments, costVnd: segments * 800 });
  expect(
    await statusItems(web.t.db.prisma, { plan: 'SL' }, { smsSegmentVnd: 500, zaloMessageVnd: 0, emailVnd: 10 }),
  ).toMatchObject([{ segments, costVnd: segments * 500 + 10 }]);
  const dashboard = await (
    await fetch(`${web.url}/plans/SL/years/2027`, { headers: { cookie: viewer.cookie } })
  ).text();
  expect(dashboard).toContain(`<strong>${segments}</strong> phần SMS, chi phí ước tính <strong>1.600 đ</strong>`);

  // A second step of the same message (a retry after a lost answer) reuses the code: one row per step.
  await web.t.db.prisma.notification.deleteMany({ where: { assignmentId: item.id, channel: 'sms' } });
  await activities.sendReminder(reminder);
  const again = gateway.received.filter((m) => m.to === '+84912345678').at(-1);
  expect(again?.text).toContain(`/l/${code}`);
  expect(await web.t.db.prisma.shortLink.count({ where: { assignmentId: item.id } })).toBe(1);

  await revokeLinks(
    { prisma: web.t.db.prisma, temporal: web.client, now: () => new Date() },
    { plan: 'SL', year: 2027, obligation: item.obligation, agency: item.agency },
  );
  const refusedLong = await fetch(`${web.url}/s/${row.token}`);
  const refusedShort = await fetch(`${web.url}/l/${code}`);
  expect(refusedShort.status).toBe(403);
  expect(await refusedShort.text()).toBe(await refusedLong.text());
});

test('an unknown or malformed code gets the same refusal page as a forged long link', async () => {
  const forged = await (await fetch(`${web.url}/s/forged.token`)).text();
  for (const code of ['ZZZZZZZZ', 'abc', '../../etc', 'a'.repeat(300)]) {
    const res = await noFollow(`${web.url}/l/${encodeURIComponent(code)}`);
    expect(res.status).toBe(403);
    expect(await res.text()).toBe(forged);
  }
});
