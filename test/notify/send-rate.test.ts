/**
 * Sending rate per relay: a burst of ten emails at 6 per minute through the real outbox and a real SMTP server.
 * Time is a fake clock that only the limiter's waits move: the first messages wait for their slot inside the
 * attempt, the later ones are deferred to theirs (one slot apart), and every retry at its slot sends it: all ten
 * arrive, once each, in booking order, and never more than one per slot.
 */
import { createChannelDelivery } from '../../src/activities/channel-delivery';
import { createOutbox } from '../../src/activities/outbox';
import { createRateLimiter } from '../../src/activities/rate-limit';
import { createMailer } from '../../src/notify/mailer';
import { createSmsProvider } from '../../src/notify/sms/create-sms-provider';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { quietLogger } from '../support/stack';
import { startTestSmtp, type TestSmtp } from './notify-fixtures';

let db: TestDatabase;
let smtp: TestSmtp;

beforeAll(async () => {
  db = await createTestDatabase();
  smtp = await startTestSmtp();
});

afterAll(async () => {
  await smtp?.stop();
  await db?.drop();
});

test('a burst drains one slot apart instead of all at once', async () => {
  let clock = 1_000_000;
  const sentAt: number[] = [];
  const limiter = createRateLimiter(6, { maxWaitMs: 20_000, now: () => clock });
  const mailer = createMailer(smtp.url, 'Nhắc Hạn <nhac-han@test.local>', { pool: false });
  const timed = {
    ...mailer,
    send: async (m: Parameters<typeof mailer.send>[0]) => (sentAt.push(clock), mailer.send(m)),
  };
  const deliverOn = createChannelDelivery(
    createOutbox(db.prisma),
    timed,
    createSmsProvider({ provider: 'log' }, { log: quietLogger }),
    {
      rate: { email: limiter },
      sleep: async (ms) => {
        clock += ms;
      },
    },
  );
  const message = (i: number) => ({
    key: `rate-test:${i}:email:agency${i}@test.vn`,
    assignmentId: null,
    kind: 'upcoming',
    recipient: `agency${i}@test.vn`,
    subject: `Nhắc hạn ${i}`,
    body: `Thân gửi ${i}`,
    html: null,
  });

  // The burst: ten messages at the same instant. One at a time, so the fake clock stays readable.
  const first = [];
  for (let i = 0; i < 10; i++) {
    const start = clock;
    first.push(await deliverOn('email', message(i), false));
    clock = start; // the next message of the burst arrives at the same instant
  }
  expect(first.map((r) => r.outcome)).toEqual(['sent', 'sent', 'sent', ...Array(7).fill('deferred')]);
  const delays = first.flatMap((r) => (r.outcome === 'deferred' ? [r.delayMs] : []));
  expect(delays).toEqual([30_000, 40_000, 50_000, 60_000, 70_000, 80_000, 90_000]);
  expect(sentAt.map((t) => t - 1_000_000)).toEqual([0, 10_000, 20_000]);

  // Each deferred message retried at its slot goes out; a retry of a sent one takes no slot and sends nothing.
  for (let i = 3; i < 10; i++) {
    clock = 1_000_000 + delays[i - 3]!;
    expect((await deliverOn('email', message(i), false)).outcome).toBe('sent');
  }
  expect((await deliverOn('email', message(0), false)).outcome).toBe('already-sent');
  mailer.close();

  const offsets = sentAt.map((t) => t - 1_000_000);
  expect(offsets).toEqual([0, 10_000, 20_000, 30_000, 40_000, 50_000, 60_000, 70_000, 80_000, 90_000]);
  // Never more than the rate in any minute.
  for (const t of offsets) expect(offsets.filter((u) => u >= t && u < t + 60_000).length).toBeLessThanOrEqual(6);
  expect(smtp.received.map((m) => m.parsed.subject)).toEqual([...Array(10).keys()].map((i) => `Nhắc hạn ${i}`));
  expect([...smtp.countByMessageId().values()].every((n) => n === 1)).toBe(true);
});
