/**
 * An SMTP outage on the real path: obligation workflows on the Temporal dev server (global setup), a worker with the
 * real activities and a pooled nodemailer transport, a cloned database, and an SMTP server that is down when the
 * reminders fall due and comes back on the same port. The activities throw while it is down, Temporal retries them
 * with the workflow's policy (5 s, then 10 s…), and every reminder arrives once after the server is back.
 */
import '../support/quiet-runtime';
import type { Client } from '@temporalio/client';
import { randomBytes } from 'node:crypto';
import { obligationWorkflow, statusQuery, type ObligationInput } from '../../src/workflows/obligation.workflow';
import { waitFor } from '../support/wait';
import { seedPlan, testPlan } from '../notify/notify-fixtures';
import type { TestDatabase } from '../support/database';
import { startSmtpOutage, type SmtpOutage } from '../support/smtp-outage';

const AGENCIES = ['SYT', 'SGD', 'STC', 'SCT', 'SXD'];
const code = `OUT-${randomBytes(3).toString('hex').toUpperCase()}`;

let o: SmtpOutage;
let db: TestDatabase;
let client: Client;
let taskQueue: string;

beforeAll(async () => {
  o = await startSmtpOutage('outage');
  ({ db, client, taskQueue } = o);
});

afterAll(async () => {
  await o?.close();
});

test('reminders due while SMTP is down are retried by Temporal and each delivered once when it is back', async () => {
  const base = testPlan({ code });
  const { items } = await seedPlan(db.prisma, {
    ...base,
    agencies: [
      base.agencies[0]!,
      ...AGENCIES.map((a) => ({
        code: a,
        name: `Sở ${a}`,
        kind: 'department' as const,
        contacts: [{ role: 'focal' as const, email: `dau-moi@${a.toLowerCase()}.test.vn` }],
      })),
    ],
    obligations: [{ ...base.obligations![0]!, from: AGENCIES }],
    // The test runs on the real clock, at whatever hour CI runs it: working hours would defer the reminders.
    policy: { channels: ['email'], workingHours: false },
  });
  expect(items).toHaveLength(AGENCIES.length);

  const at = new Date(Date.now() + 1500).toISOString();
  for (const item of items) {
    const input: ObligationInput = {
      assignmentId: item.id,
      dueAt: item.dueAt,
      reminders: [{ step: 'reminder:outage', at, kind: 'upcoming' }],
      escalations: [],
    };
    await client.workflow.start(obligationWorkflow, { workflowId: item.id, taskQueue, args: [input] });
  }

  // Down: every reminder's first attempt fails on the connection and is left pending for the retry.
  const failing = await waitFor('every first attempt to fail', async () => {
    const rows = await db.prisma.notification.findMany({ where: { assignmentId: { in: items.map((i) => i.id) } } });
    return rows.length === AGENCIES.length && rows.every((r) => r.status === 'pending' && r.attempts >= 1)
      ? rows
      : undefined;
  });
  expect(failing.every((r) => /ECONNREFUSED|connect/i.test(r.lastError ?? ''))).toBe(true);
  const handle = client.workflow.getHandle(items[0]!.id);
  const described = await handle.describe();
  expect(described.raw.pendingActivities?.[0]?.activityType?.name).toBe('sendReminder');

  // Back on the same port after a few seconds: Temporal's next retry delivers.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const server = await o.smtpBack();
  await waitFor(
    'every reminder delivered',
    async () => (server.received.length >= AGENCIES.length ? true : undefined),
    45_000,
  );
  for (const item of items) {
    await waitFor('the workflow to record its reminder', async () => {
      const s = await client.workflow.getHandle(item.id).query(statusQuery);
      return s.remindersSent.length === 1 ? s : undefined;
    });
  }
  // Give a stray duplicate the time to show up.
  await new Promise((resolve) => setTimeout(resolve, 1000));

  const to = server.received.map((m) => m.envelopeTo.join(',')).sort();
  expect(to).toEqual(AGENCIES.map((a) => `dau-moi@${a.toLowerCase()}.test.vn`).sort());
  expect(new Set(server.received.map((m) => m.parsed.messageId)).size).toBe(AGENCIES.length);
  const rows = await db.prisma.notification.findMany({ where: { assignmentId: { in: items.map((i) => i.id) } } });
  expect(rows.every((r) => r.status === 'sent' && r.attempts >= 2)).toBe(true);
  expect(new Set(rows.map((r) => r.messageId))).toEqual(new Set(server.received.map((m) => m.parsed.messageId)));

  for (const item of items) await client.workflow.getHandle(item.id).terminate('test done');
});
