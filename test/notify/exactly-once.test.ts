/**
 * Exactly once, under failure, with the real activities, a cloned database and a real SMTP server: a connection
 * that dies mid-send, worker processes killed (SIGKILL) before and after the provider accepted, two attempts of the
 * same message at once, and a database that fails right after the acceptance.
 *
 * The crash window is measured with real process deaths rather than a thrown error: a child process runs the
 * activity and kills itself at the chosen point (see ./notify-crash-child.ts), so its memory is lost and its claim
 * stays in the database exactly as after a power cut. The retries run here, as the replacement worker would, in a
 * loop that mirrors the workflow's retry policy on a shorter clock.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createActivities, type ActivityDeps, type SendReminderInput } from '../../src/activities';
import { createMailer, type Mailer } from '../../src/notify/mailer';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { testActivityDeps } from '../support/stack';
import { waitFor } from '../support/wait';
import type { CrashChildArgs } from './notify-crash-child';
import { seedPlan, startDroppingRelay, startTestSmtp, testPlan, type TestSmtp } from './notify-fixtures';

const NOW = new Date('2027-06-03T01:00:00Z');
const LEASE_MS = 300;
const CHILD = path.join(__dirname, 'notify-crash-child.ts');

let db: TestDatabase;
let smtp: TestSmtp;
let assignmentId: string;
let dueAt: string;
const closers: (() => unknown)[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  smtp = await startTestSmtp();
  const { items } = await seedPlan(db.prisma, testPlan({ code: 'ONCE' }));
  assignmentId = items[0]!.id;
  dueAt = items[0]!.dueAt;
});

afterAll(async () => {
  for (const close of closers.reverse()) await close();
  await smtp?.stop();
  await db?.drop();
});

function activitiesWith(mailer: Mailer, extra: Partial<ActivityDeps> = {}) {
  return createActivities(
    testActivityDeps(db.prisma, mailer, {
      clock: () => NOW,
      // The retries below call again at once where Temporal would wait: the message's backoff is waited out.
      delivery: { leaseMs: LEASE_MS, retryDelayMs: () => 0 },
      ...extra,
    }),
  );
}

function mailerFor(url: string): Mailer {
  const mailer = createMailer(url, 'Nhắc Hạn <nhac-han@test.local>');
  closers.push(() => mailer.close());
  return mailer;
}

/** The workflow's policy (5 s, ×2, 12 attempts) on a 50 ms clock: retries an activity until it completes. */
async function withRetries<T>(fn: () => Promise<T>): Promise<{ result: T; attempts: number }> {
  for (let attempt = 1, delay = 50; ; attempt++, delay = Math.min(delay * 2, 1000)) {
    try {
      return { result: await fn(), attempts: attempt };
    } catch (err) {
      if (attempt >= 12) throw err;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/** Makes the `sent` records fail as a stopped database would, while `refuse(count so far)` says so. */
function refuseSentRecords(refuse: (refusedSoFar: number) => boolean) {
  const original = db.prisma.$executeRaw.bind(db.prisma);
  const state = { refused: 0, spy: undefined as unknown as jest.SpyInstance };
  state.spy = jest.spyOn(db.prisma, '$executeRaw').mockImplementation(((
    strings: TemplateStringsArray,
    ...values: unknown[]
  ) => {
    if (strings.join('?').includes(`"status" = 'sent'`) && refuse(state.refused)) {
      state.refused++;
      return Promise.reject(new Error('connection terminated unexpectedly'));
    }
    return original(strings, ...values);
  }) as typeof db.prisma.$executeRaw);
  return state;
}

const input = (revision: number, step = 'reminder:P7D'): SendReminderInput => ({
  assignmentId,
  revision,
  step,
  kind: 'upcoming',
  dueAt,
});
const keyOf = (i: SendReminderInput) => `${i.assignmentId}#${i.revision}:${i.step}:email:dau-moi@syt.test.vn`;
const receivedWith = (messageId: string) => smtp.received.filter((m) => m.parsed.messageId === messageId).length;

function runChild(
  args: CrashChildArgs,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', CHILD, JSON.stringify(args)], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal, stderr }));
  });
}

async function inBatches<T>(items: T[], size: number, fn: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

test('a connection that dies at DATA: the activity throws, the retry delivers the message once, same Message-ID', async () => {
  const relay = await startDroppingRelay(smtp.port);
  closers.push(() => relay.stop());
  const activities = activitiesWith(mailerFor(relay.url));
  const i = input(1000);
  relay.dropNext(1);

  await expect(activities.sendReminder(i)).rejects.toThrow(/not delivered yet/);
  const failed = await db.prisma.notification.findUniqueOrThrow({ where: { key: keyOf(i) } });
  expect(failed).toMatchObject({ status: 'pending', attempts: 1, leaseUntil: null });
  expect(failed.lastError).toBeTruthy();
  expect(relay.drops()).toBe(1);
  expect(receivedWith(failed.messageId)).toBe(0);

  expect(await activities.sendReminder(i)).toEqual({ sent: 1, alreadySent: 0, failed: 0 });
  const row = await db.prisma.notification.findUniqueOrThrow({ where: { key: keyOf(i) } });
  expect(row).toMatchObject({ status: 'sent', attempts: 2, messageId: failed.messageId });
  expect((row.attemptLog as { outcome: string }[]).map((e) => e.outcome)).toEqual(['transient', 'accepted']);
  expect(receivedWith(row.messageId)).toBe(1);
});

test('a worker killed before the provider accepted: the retry delivers exactly once (10 kills)', async () => {
  const activities = activitiesWith(mailerFor(smtp.url));
  const runs = Array.from({ length: 10 }, (_, n) => input(2000 + n));
  await inBatches(runs, 3, async (i) => {
    const child = await runChild({
      databaseUrl: db.url,
      smtpUrl: smtp.url,
      killAt: 'before-send',
      leaseMs: LEASE_MS,
      input: i,
    });
    expect(child).toMatchObject({ signal: 'SIGKILL' });
    const claimed = await db.prisma.notification.findUniqueOrThrow({ where: { key: keyOf(i) } });
    expect(claimed).toMatchObject({ status: 'sending', attempts: 1 });
    await withRetries(() => activities.sendReminder(i));
  });
  for (const i of runs) {
    const row = await db.prisma.notification.findUniqueOrThrow({ where: { key: keyOf(i) } });
    expect(row).toMatchObject({ status: 'sent', attempts: 2 });
    expect(receivedWith(row.messageId)).toBe(1);
  }
  // Each kill starts a child process: minutes, not seconds, on a loaded 2-core machine.
}, 600_000);

test('a worker killed after the provider accepted and before the record: one copy per kill, same Message-ID (50 kills)', async () => {
  const activities = activitiesWith(mailerFor(smtp.url));
  const kills = 50;
  const runs = Array.from({ length: kills }, (_, n) => input(3000 + n));
  const before = smtp.received.length;
  let killed = 0;
  await inBatches(runs, 3, async (i) => {
    const child = await runChild({
      databaseUrl: db.url,
      smtpUrl: smtp.url,
      killAt: 'after-accept',
      leaseMs: LEASE_MS,
      input: i,
    });
    if (child.signal !== 'SIGKILL') throw new Error(`child was not killed: ${JSON.stringify(child)}`);
    killed++;
    await withRetries(() => activities.sendReminder(i));
  });

  const rows = await db.prisma.notification.findMany({ where: { key: { in: runs.map(keyOf) } } });
  expect(rows).toHaveLength(kills);
  let copies = 0;
  for (const row of rows) {
    // Two claims, one acceptance on record: the killed worker's acceptance died with it.
    expect(row).toMatchObject({ status: 'sent', attempts: 2 });
    expect(row.attemptLog).toEqual([expect.objectContaining({ outcome: 'accepted' })]);
    const received = smtp.received.filter(
      (m) => m.envelopeTo[0] === 'dau-moi@syt.test.vn' && m.parsed.messageId === row.messageId,
    );
    expect(received).toHaveLength(2);
    expect(received[0]!.parsed.text).toBe(received[1]!.parsed.text);
    copies += received.length - 1;
  }
  console.log(
    `crash window after acceptance: ${killed} workers killed, ${copies} copies received ` +
      `(${smtp.received.length - before} messages for ${kills} reminders), every copy with its original's Message-ID`,
  );
  expect(killed).toBe(kills);
  expect(copies).toBe(killed);
  expect(smtp.received.length - before).toBe(kills + copies);
  // Each kill starts a child process: minutes, not seconds, on a loaded 2-core machine.
}, 600_000);

test('two attempts of one message at once (a retry while the first still sends): the lease lets only one send', async () => {
  const real = mailerFor(smtp.url);
  let sends = 0;
  const slow: Mailer = {
    ...real,
    async send(mail) {
      sends++;
      await new Promise((resolve) => setTimeout(resolve, 150));
      return real.send(mail);
    },
  };
  const activities = activitiesWith(slow, { delivery: { leaseMs: 5000 } });
  const i = input(4000);
  const first = activities.sendReminder(i);
  await new Promise((resolve) => setTimeout(resolve, 50));
  await expect(activities.sendReminder(i)).rejects.toThrow(/another attempt is sending it/);
  expect(await first).toEqual({ sent: 1, alreadySent: 0, failed: 0 });
  expect(await activities.sendReminder(i)).toEqual({ sent: 0, alreadySent: 1, failed: 0 });
  const row = await db.prisma.notification.findUniqueOrThrow({ where: { key: keyOf(i) } });
  expect(sends).toBe(1);
  expect(receivedWith(row.messageId)).toBe(1);
});

test('the database failing right after the acceptance causes no copy: the worker remembers and records it', async () => {
  const activities = activitiesWith(mailerFor(smtp.url), {
    delivery: { leaseMs: LEASE_MS, retryDelayMs: () => 0, recordRetryDelaysMs: [10, 10] },
  });
  const i = input(5000);
  const refusal = refuseSentRecords((n) => n < 3);
  const { spy } = refusal;
  try {
    // The record and its two in-process retries fail: the activity fails, the acceptance is kept in memory.
    await expect(activities.sendReminder(i)).rejects.toThrow(/was accepted .* but could not be recorded as sent/);
    expect(refusal.refused).toBe(3);
    expect(await activities.sendReminder(i)).toEqual({ sent: 1, alreadySent: 0, failed: 0 });
  } finally {
    spy.mockRestore();
  }
  const row = await db.prisma.notification.findUniqueOrThrow({ where: { key: keyOf(i) } });
  expect(row).toMatchObject({ status: 'sent', attempts: 1 });
  expect(receivedWith(row.messageId)).toBe(1);
});

test('an acceptance the database refused is written by the worker as soon as the database answers, not at the next retry', async () => {
  const activities = activitiesWith(mailerFor(smtp.url), {
    delivery: { leaseMs: LEASE_MS, retryDelayMs: () => 0, recordRetryDelaysMs: [10, 10], flushIntervalMs: 50 },
  });
  const i = input(5001);
  let databaseAway = true;
  const refusal = refuseSentRecords(() => databaseAway);
  const { spy } = refusal;
  try {
    await expect(activities.sendReminder(i)).rejects.toThrow(/was accepted .* but could not be recorded as sent/);
    // The database stays away a while: the worker keeps trying on its own.
    await waitFor('the worker to retry the record on its own', async () => (refusal.refused >= 6 ? true : undefined));
    databaseAway = false;
    // No attempt runs: the row is `sent` by the worker's own flush.
    const row = await waitFor('the acceptance to be recorded', async () => {
      const r = await db.prisma.notification.findUniqueOrThrow({ where: { key: keyOf(i) } });
      return r.status === 'sent' ? r : undefined;
    });
    expect(row).toMatchObject({ attempts: 1 });
    expect(receivedWith(row.messageId)).toBe(1);
  } finally {
    spy.mockRestore();
  }
  // A replacement worker (nothing in memory) that retries after the lease finds it sent: no copy.
  await new Promise((resolve) => setTimeout(resolve, LEASE_MS + 50));
  const replacement = activitiesWith(mailerFor(smtp.url));
  expect(await replacement.sendReminder(i)).toEqual({ sent: 0, alreadySent: 1, failed: 0 });
  const row = await db.prisma.notification.findUniqueOrThrow({ where: { key: keyOf(i) } });
  expect(receivedWith(row.messageId)).toBe(1);
  expect((row.attemptLog as { outcome: string }[]).map((e) => e.outcome)).toEqual(['accepted']);
});

test('a retried state record (same workflow instant) leaves one event row; a later change adds its own', async () => {
  const activities = activitiesWith(mailerFor(smtp.url));
  const record = (at: string) =>
    activities.recordState({ assignmentId, state: 'overdue', at, dueAt, detail: { why: 'test' } });
  await record('2027-06-04T01:00:00.000Z');
  await record('2027-06-04T01:00:00.000Z'); // the attempt that outlived its timeout, completed again
  await record('2027-06-09T01:00:00.000Z');
  const rows = await db.prisma.assignmentEvent.findMany({ where: { assignmentId, type: 'state:overdue' } });
  expect(rows.map((r) => r.at.toISOString()).sort()).toEqual(['2027-06-04T01:00:00.000Z', '2027-06-09T01:00:00.000Z']);
  expect((await db.prisma.assignment.findUniqueOrThrow({ where: { id: assignmentId } })).state).toBe('overdue');
});
