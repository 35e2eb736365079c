/**
 * kill -9 of the worker in the middle of a cycle, then a new worker: every reminder and escalation still goes out
 * exactly once, and the workflows end where they should.
 *
 * On the shared dev server, with a cloned database and a real SMTP mailbox, a demo-style plan (three agencies, two
 * reminders ten seconds apart, a third and the deadline a minute later) runs on a worker in a child process
 * (./worker-kill-child.ts). The child holds DV02's second reminder after its side effects (mail accepted, outbox row `sent`, event written) and before Temporal hears
 * of it; the test then SIGKILLs the child: two reminders are out, the third and the escalations are ahead.
 * A new worker process takes over. The server retries the held activity there once its start-to-close timeout
 * (one minute, the workflow's) runs out, and only the outbox keeps that retry from mailing a second copy. DV01
 * reports right after the restart and hears nothing more; DV02 and DV03 never report and are escalated.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import { demoPlan } from '../../src/domain/demo-plan';
import { planCalendar } from '../../src/domain/plan-calendar';
import { PlanSchema } from '../../src/domain/plan-schema';
import { recordSubmission } from '../../src/services/assignment-service';
import { applyPlan } from '../../src/services/plan-service';
import { statusQuery, type obligationWorkflow } from '../../src/workflows/obligation.workflow';
import { createTestDeps, type TestDeps } from '../support/stack';
import { devServerAddress } from '../support/temporal';
import { waitFor } from '../support/wait';
import type { WorkerChildArgs } from './worker-kill-child';

const CHILD = path.join(__dirname, 'worker-kill-child.ts');
const taskQueue = `kill-${randomBytes(4).toString('hex')}`;
const code = `KILL-${randomBytes(3).toString('hex').toUpperCase()}`;

let t: TestDeps;
let connection: Connection;
let client: Client;
let bundleDir: string;
const children: ChildProcess[] = [];

interface Child {
  process: ChildProcess;
  /** Resolves with the first stdout line starting with `prefix`. */
  line(prefix: string, timeoutMs: number): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startWorker(args: WorkerChildArgs): Child {
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', CHILD, JSON.stringify(args)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  const waiters: { prefix: string; resolve: (l: string) => void }[] = [];
  child.stdout.on('data', (b: Buffer) => {
    out += b.toString();
    for (const w of [...waiters]) {
      const l = out.split('\n').find((x) => x.startsWith(w.prefix));
      if (l !== undefined) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(l);
      }
    }
  });
  child.stderr.on('data', (b: Buffer) => (err = (err + b.toString()).slice(-4000)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (c, signal) => resolve({ code: c, signal })),
  );
  return {
    process: child,
    exited,
    line: (prefix, timeoutMs) =>
      new Promise<string>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`worker child: no "${prefix}" within ${timeoutMs} ms; stderr: ${err}`)),
          timeoutMs,
        );
        void exited.then((e) => reject(new Error(`worker child exited (${JSON.stringify(e)}); stderr: ${err}`)));
        waiters.push({
          prefix,
          resolve: (l) => {
            clearTimeout(timer);
            resolve(l);
          },
        });
        child.stdout.emit('data', Buffer.alloc(0));
      }),
  };
}

beforeAll(async () => {
  t = await createTestDeps();
  connection = await Connection.connect({ address: devServerAddress() });
  client = new Client({ connection });
  // Bundled once here: each worker process then starts in a second or two instead of bundling again.
  bundleDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nhac-han-kill-'));
  const { code: bundle } = await bundleWorkflowCode({
    workflowsPath: require.resolve('../../src/workflows'),
    logger: { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} },
  });
  fs.writeFileSync(path.join(bundleDir, 'workflows.js'), bundle);
});

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  // DV02 and DV03 keep waiting for a late report for 90 days: not on the shared server.
  for await (const w of client.workflow.list({ query: `NhacHanPlan = "${code}" AND ExecutionStatus = "Running"` })) {
    await client.workflow
      .getHandle(w.workflowId)
      .terminate('test over')
      .catch(() => undefined);
  }
  await connection?.close();
  await t?.close();
  if (bundleDir) fs.rmSync(bundleDir, { recursive: true, force: true });
});

test('a worker killed by SIGKILL mid-cycle and replaced: every reminder and escalation goes out exactly once', async () => {
  const plan = PlanSchema.parse(
    demoPlan({
      agencies: 3,
      // The first two reminders soon (the kill lands between them), the third and the deadline over a minute later:
      // a replacement worker that takes long to start on a loaded machine still sees DV01 report before its deadline.
      dueIn: 'PT90S',
      reminders: ['PT80S', 'PT70S', 'PT10S'],
      escalateAfter: ['PT5S', 'PT10S'],
      now: new Date(),
      code,
    }),
  );
  const items = planCalendar(plan);
  const id = (agency: string) => items.find((i) => i.agency === agency)!.id;
  const [first, second, third] = items[0]!.reminderSteps.map((r) => r.step);
  const base: Omit<WorkerChildArgs, 'hold'> = {
    address: devServerAddress(),
    taskQueue,
    databaseUrl: t.db.url,
    smtpUrl: t.mailbox.url,
    bundlePath: path.join(bundleDir, 'workflows.js'),
  };

  const doomed = startWorker({ ...base, hold: { assignmentId: id('DV02'), step: second! } });
  await doomed.line('READY', 60_000);
  const report = await applyPlan({ prisma: t.db.prisma, temporal: client, taskQueue }, plan);
  expect(report.workflows.started).toBe(3);

  await doomed.line('HELD', 60_000);
  doomed.process.kill('SIGKILL');
  expect(await doomed.exited).toMatchObject({ signal: 'SIGKILL' });
  // The kill landed mid-cycle: the first two reminders are out, the third and the escalations are ahead.
  const sentAtKill = await t.db.prisma.notification.findMany({
    where: { assignmentId: { in: items.map((i) => i.id) } },
  });
  expect(new Set(sentAtKill.map((n) => n.key.split('#0:')[1]!.split(':email:')[0]!.split(':sms:')[0]))).toEqual(
    new Set([first, second]),
  );

  const replacement = startWorker(base);
  await replacement.line('READY', 60_000);
  await recordSubmission(
    { prisma: t.db.prisma, temporal: client },
    { plan: code, year: plan.years.from, obligation: 'bao-cao-thu', agency: 'DV01', channel: 'cli' },
  );

  // DV01 reports well before its third reminder; on a very slow machine the replacement worker may come up after
  // that instant, and then the third reminder rightly goes out first. Either way, nothing after the report.
  const dv01 = await client.workflow.getHandle<typeof obligationWorkflow>(id('DV01')).result();
  expect(dv01).toMatchObject({ state: 'submitted', escalationsSent: [] });
  expect([[first, second].join(), [first, second, third].join()]).toContain(dv01.remindersSent.join());
  const dv01Steps = dv01.remindersSent;
  for (const agency of ['DV02', 'DV03']) {
    // DV02 waits for its held reminder's retry (about a minute) before it goes on with the cycle.
    const status = await waitFor(
      `${agency} through its escalation ladder`,
      async () => {
        const s = await client.workflow.getHandle(id(agency)).query(statusQuery);
        return s.escalationsSent.length === 2 ? s : undefined;
      },
      150_000,
      500,
    );
    expect(status).toMatchObject({
      state: 'escalated',
      remindersSent: [first, second, third],
      escalationsSent: ['escalation:1', 'escalation:2'],
    });
  }

  // What each recipient should have received, one message per step: reminders to the focal point (email and SMS),
  // the first escalation to the focal point and the head, the second to the coordinator.
  const n = (agency: string) => agency.slice(2);
  const expected: string[] = [];
  for (const agency of ['DV01', 'DV02', 'DV03']) {
    const focal = `dau-moi-${n(agency)}@demo.nhac-han.test`;
    const phone = `+849120000${n(agency)}`;
    for (const step of agency === 'DV01' ? dv01Steps : [first, second, third]) {
      expected.push(`${id(agency)}#0:${step}:email:${focal}`, `${id(agency)}#0:${step}:sms:${phone}`);
    }
    if (agency === 'DV01') continue;
    expected.push(
      `${id(agency)}#0:escalation:1:focal:email:${focal}`,
      `${id(agency)}#0:escalation:1:focal:sms:${phone}`,
      `${id(agency)}#0:escalation:1:head:email:thu-truong-${n(agency)}@demo.nhac-han.test`,
      `${id(agency)}#0:escalation:2:coordinator:email:dieu-phoi@demo.nhac-han.test`,
    );
  }
  expected.sort();

  const outbox = await t.db.prisma.notification.findMany({ where: { assignmentId: { in: items.map((i) => i.id) } } });
  expect(outbox.map((r) => r.key).sort()).toEqual(expected);
  expect(outbox.filter((r) => r.status !== 'sent')).toEqual([]);

  // The mailbox: every email the outbox holds arrived exactly once, to its recipient, and nothing else arrived.
  const mails = await t.mailbox.list(1000);
  const byMessageId = new Map(outbox.map((r) => [r.messageId, r]));
  const received = mails.map((m) => {
    const row = byMessageId.get(m.messageId ?? '');
    return row ? `${row.key} → ${m.to}` : `unknown message ${m.messageId} → ${m.to}: ${m.subject}`;
  });
  expect(received.sort()).toEqual(
    outbox
      .filter((r) => r.channel === 'email')
      .map((r) => `${r.key} → ${r.recipient}`)
      .sort(),
  );

  // One event per step and the counts the dashboard shows; the states in the database match the workflows'.
  const rows = await t.db.prisma.assignment.findMany({ where: { planCode: code }, orderBy: { agencyCode: 'asc' } });
  expect(rows.map((r) => [r.agencyCode, r.state, r.remindersSent])).toEqual([
    ['DV01', 'submitted', dv01Steps.length],
    ['DV02', 'escalated', 3],
    ['DV03', 'escalated', 3],
  ]);
  const events = await t.db.prisma.assignmentEvent.findMany({
    where: { assignmentId: { in: items.map((i) => i.id) }, type: { in: ['reminder', 'escalation'] } },
  });
  expect(events.map((e) => `${e.assignmentId} ${e.type} ${(e.detail as { step: string }).step}`).sort()).toEqual(
    [
      ...dv01Steps.map((s) => `${id('DV01')} reminder ${s}`),
      ...['DV02', 'DV03'].flatMap((a) => [
        ...[first, second, third].map((s) => `${id(a)} reminder ${s}`),
        `${id(a)} escalation escalation:1`,
        `${id(a)} escalation escalation:2`,
      ]),
    ].sort(),
  );

  // The kill did hit a started activity: the server ran DV02's held reminder again on the new worker.
  const history = await client.workflow.getHandle(id('DV02')).fetchHistory();
  const attempts = (history.events ?? [])
    .map((e) => e.activityTaskStartedEventAttributes?.attempt ?? 0)
    .filter((a) => a > 0);
  expect(Math.max(...attempts)).toBeGreaterThanOrEqual(2);
}, 300_000);
