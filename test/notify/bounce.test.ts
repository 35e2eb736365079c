/**
 * A hard bounce, end to end: a reminder goes out through a real SMTP relay; the relay's RFC 3464 delivery status
 * notification is sent by SMTP (nodemailer) to the embedded mailbox, the return path, whose bounce processor marks
 * the message bounced and the focal point's contact stale; the next reminder goes to the fallback recipient (the
 * head), and the coordinator is told once.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { startMailbox, type Mailbox } from '../../src/embedded/mailbox';
import { createBounceProcessor } from '../../src/services/bounce-reports';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { dsn } from '../support/dsn';
import { waitFor } from '../support/wait';
import { createTestActivities, seedPlan, startTestSmtp, testPlan } from './notify-fixtures';

const NOW = new Date('2027-06-03T01:00:00Z');
const FOCAL = 'dau-moi@syt.test.vn';
const HEAD = 'giam-doc@syt.test.vn';
const COORDINATOR = 'dieu-phoi@snv.test.vn';

let db: TestDatabase;
let mailbox: Mailbox;
let dir: string;
const outcomes: unknown[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nhac-han-bounce-'));
  const process = createBounceProcessor(db.prisma, () => NOW);
  mailbox = await startMailbox({ dir, port: 0, onMessage: async (raw) => outcomes.push(await process(raw)) });
});

afterAll(async () => {
  await mailbox?.stop();
  await db?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function sendToReturnPath(raw: string): Promise<void> {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: mailbox.port,
    secure: false,
    ignoreTLS: true,
  });
  try {
    await transport.sendMail({ envelope: { from: 'mailer-daemon@relay.test.vn', to: ['nhac-han@test.local'] }, raw });
  } finally {
    transport.close();
  }
}

test('a DSN at the return path marks the contact stale; the next reminder goes to the fallback recipient', async () => {
  const { items } = await seedPlan(db.prisma, testPlan({ code: 'BOUNCE' }));
  const item = items[0]!;
  const relay = await startTestSmtp();
  const { activities, close } = createTestActivities(db.prisma, relay.url, () => NOW);
  try {
    const remind = (step: string) =>
      activities.sendReminder({ assignmentId: item.id, revision: 0, step, kind: 'upcoming', dueAt: item.dueAt });
    expect(await remind('reminder:P7D')).toEqual({ sent: 1, alreadySent: 0, failed: 0 });
    const first = await db.prisma.notification.findFirstOrThrow({ where: { assignmentId: item.id, recipient: FOCAL } });
    expect(relay.received.map((m) => m.envelopeTo)).toEqual([[FOCAL]]);

    // A delay notice (4.x.x) changes nothing; the hard bounce does.
    await sendToReturnPath(dsn(first.messageId, FOCAL, '4.4.1', 'delayed'));
    await sendToReturnPath(dsn(first.messageId, FOCAL, '5.1.1', 'failed'));
    const contact = await waitFor(
      'the focal contact marked stale',
      async () =>
        (await db.prisma.contact.findFirst({
          where: { email: FOCAL, staleAt: { not: null }, agency: { planCode: 'BOUNCE' } },
        })) ?? undefined,
      20_000,
    );
    expect(contact.staleReason).toMatch(/^DSN 5\.1\.1: smtp; 550 5\.1\.1/);
    expect(await db.prisma.notification.findUniqueOrThrow({ where: { id: first.id } })).toMatchObject({
      status: 'sent',
      delivery: 'bounced',
    });

    // The next reminder: the head instead of the focal point; the coordinator hears of the bounce once.
    expect(await remind('reminder:P3D')).toEqual({ sent: 1, alreadySent: 0, failed: 0 });
    expect(
      relay.received
        .slice(1)
        .map((m) => m.envelopeTo)
        .sort(),
    ).toEqual([[COORDINATOR], [HEAD]]);
    const notice = relay.received.find((m) => m.envelopeTo.includes(COORDINATOR))!;
    expect(notice.parsed.text).toContain(FOCAL);
    expect(notice.parsed.text).toContain('hard bounce');

    expect(await remind('reminder:P1D')).toEqual({ sent: 1, alreadySent: 0, failed: 0 });
    expect(relay.received.slice(3).map((m) => m.envelopeTo)).toEqual([[HEAD]]);
    // The same DSN again changes nothing.
    await sendToReturnPath(dsn(first.messageId, FOCAL, '5.1.1', 'failed'));
    await waitFor('the third DSN processed', async () => (outcomes.length === 3 ? true : undefined), 20_000);
    expect(outcomes).toEqual([
      { bounced: [], ignored: 1 },
      { bounced: [FOCAL], ignored: 0 },
      { bounced: [], ignored: 1 },
    ]);
  } finally {
    close();
    await relay.stop();
  }
});
