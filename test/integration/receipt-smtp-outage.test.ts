/**
 * A submission's receipt while SMTP is down, on the real path: the obligation workflow on the Temporal dev server
 * handles the submission and sends the receipt as an activity; the mail server is down for 30 s and comes back on the
 * same port; Temporal's retries deliver the receipt once. (Sent by the web process itself, as before, the first
 * failure was final: the outbox row stayed pending and nobody retried it.)
 */
import '../support/quiet-runtime';
import type { Client } from '@temporalio/client';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { recordSubmission } from '../../src/services/assignment-service';
import { obligationWorkflow, type ObligationInput } from '../../src/workflows/obligation.workflow';
import { waitFor } from '../support/wait';
import { seedPlan, testPlan } from '../notify/notify-fixtures';
import type { TestDatabase } from '../support/database';
import { startSmtpOutage, type SmtpOutage } from '../support/smtp-outage';

const code = `RCP-${randomBytes(3).toString('hex').toUpperCase()}`;

let o: SmtpOutage;
let db: TestDatabase;
let client: Client;
let taskQueue: string;

beforeAll(async () => {
  o = await startSmtpOutage('receipt');
  ({ db, client, taskQueue } = o);
});

afterAll(async () => {
  await o?.close();
});

test('a receipt whose first attempts fail (SMTP down for 30 s) is delivered once when SMTP is back', async () => {
  const { items } = await seedPlan(db.prisma, {
    ...testPlan({ code }),
    // Real clock, any hour: working hours would not matter to a receipt, but keep the plan free of them anyway.
    policy: { channels: ['email'], workingHours: false },
  });
  const item = items[0]!;
  const input: ObligationInput = { assignmentId: item.id, dueAt: item.dueAt, reminders: [], escalations: [] };
  await client.workflow.start(obligationWorkflow, { workflowId: item.id, taskQueue, args: [input] });

  const { submissionId } = await recordSubmission(
    { prisma: db.prisma, temporal: client },
    { plan: code, year: 2027, obligation: 'bao-cao-nam', agency: 'SYT', channel: 'web', receipt: true },
  );
  const receiptRows = () =>
    db.prisma.notification.findMany({ where: { assignmentId: item.id, kind: 'submission-receipt' } });
  const failed = await waitFor('the first attempt to fail', async () => {
    const rows = await receiptRows();
    return rows.length > 0 && rows.every((r) => r.status === 'pending' && r.attempts >= 1) ? rows : undefined;
  });
  expect(failed[0]!.lastError).toMatch(/ECONNREFUSED|connect/i);
  expect(failed[0]!.key).toContain(`receipt:${submissionId}`);
  const downSince = Date.now();

  await new Promise((resolve) => setTimeout(resolve, Math.max(0, 30_000 - (Date.now() - downSince))));
  const server = await o.smtpBack();
  await waitFor('the receipt delivered', async () => (server.received.length >= 1 ? true : undefined), 90_000);
  expect((await client.workflow.getHandle(item.id).result()).state).toBe('submitted');

  expect(server.received).toHaveLength(1);
  expect(server.received[0]!.envelopeTo).toEqual(['dau-moi@syt.test.vn']);
  const rows = await receiptRows();
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ status: 'sent', messageId: server.received[0]!.parsed.messageId });
  expect(rows[0]!.attempts).toBeGreaterThanOrEqual(2);

  // The run keeps replaying with the current code; with NHAC_HAN_RECORD_HISTORIES=1 it is kept as a fixture.
  const history = await client.workflow.getHandle(item.id).fetchHistory();
  await Worker.runReplayHistory({ workflowsPath: require.resolve('../../src/workflows') }, history);
  if (process.env.NHAC_HAN_RECORD_HISTORIES === '1') {
    fs.writeFileSync(
      path.join(__dirname, '..', 'fixtures', 'histories', 'obligation-submitted-receipt.binpb'),
      temporal.api.history.v1.History.encode(history).finish(),
    );
  }
}, 180_000);
