/**
 * The production path, for real: Temporal's own server (two nodes, each running all services, ringpop membership on
 * loopback) on PostgreSQL, `nhac-han worker` ×2 and `nhac-han web` ×2 as separate processes configured only by
 * environment, a demo plan applied with `nhac-han plan apply`, and, while its reminders flow: kill -9 of one
 * Temporal node, kill -9 of one worker, a restart of PostgreSQL (Temporal's stores and the product's database alike).
 * Every reminder step of every agency is mailed exactly once (one outbox row sent, its Message-ID once in the
 * mailbox), and each recovery time is printed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { startClusterStack, type ClusterStack, type ProductProcess } from '../support/temporal-cluster';
import { waitFor } from '../support/wait';

const AGENCIES = 3;
// A reminder every 20 s from 5 min 40 s before the deadline to 20 s before it: a steady flow across the kills.
const REMINDERS = Array.from({ length: 17 }, (_, i) => `PT${340 - 20 * i}S`);
const code = `CLUSTER-${Date.now().toString(36).toUpperCase()}`;

let stack: ClusterStack | undefined;
let dataDir: string;
const say = (line: string) => process.stdout.write(`[cluster test] ${line}\n`);

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nhac-han-cluster-'));
  fs.chmodSync(dataDir, 0o755);
  stack = await startClusterStack(dataDir, say);
  say(`cluster (PostgreSQL + schemas + 2 nodes + namespace) started in ${(stack.startMs / 1000).toFixed(1)} s`);
}, 900_000);

afterAll(async () => {
  await stack?.close();
  if (dataDir && process.env.NHAC_HAN_KEEP_CLUSTER_DATA !== '1') fs.rmSync(dataDir, { recursive: true, force: true });
}, 300_000);

interface Row {
  kind: string;
  channel: string;
  status: string;
  messageId: string;
  recipient: string;
}

/** Reminder kinds are named for their distance to the deadline (`due-today`, …); the rest follow it. */
const isReminder = (r: Row) => r.kind !== 'overdue' && !r.kind.startsWith('escalation');

async function rows(url: string): Promise<Row[]> {
  const c = new PgClient({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query<Row>('SELECT kind, channel, status, "messageId", recipient FROM "Notification"');
    return r.rows;
  } finally {
    await c.end();
  }
}

/** Receive times (ms) and Message-IDs of the mailbox, oldest first. */
async function mails(s: ClusterStack): Promise<Array<{ at: number; messageId: string | null }>> {
  const list = await s.mailbox.list(100_000);
  return list.map((m) => ({ at: Number(m.id.split('-')[0]), messageId: m.messageId })).sort((a, b) => a.at - b.at);
}

test('two Temporal nodes, two workers, two web apps: kill -9 a node, kill -9 a worker, restart PostgreSQL; every reminder exactly once', async () => {
  const s = stack!;
  const workers = [await s.spawnProduct('worker', 'worker-1'), await s.spawnProduct('worker', 'worker-2')];
  const webs = [await s.spawnProduct('web', 'web-1'), await s.spawnProduct('web', 'web-2')];
  say(`members ${JSON.stringify(await s.cluster.members())}`);

  const planFile = path.join(dataDir, 'plan.yaml');
  fs.writeFileSync(
    planFile,
    s.cli([
      'plan',
      'demo',
      '--agencies',
      String(AGENCIES),
      '--due-in',
      'PT6M',
      '--reminders',
      REMINDERS.join(','),
      '--escalate-after',
      'PT20S',
      '--code',
      code,
    ]),
  );
  s.cli(['plan', 'apply', planFile]);
  const appliedAt = Date.now();
  say(`plan ${code} applied: ${AGENCIES} agencies × ${REMINDERS.length} reminders`);

  const received = async () => (await mails(s)).length;
  const nextMailAfter = async (t: number, what: string) => {
    const m = await waitFor(
      `a reminder mailed after ${what}`,
      async () => (await mails(s)).find((x) => x.at > t),
      300_000,
      200,
    );
    return m.at - t;
  };
  const healthy = (p: ProductProcess) => async () => {
    const r = await fetch(`${p.url ?? ''}/healthz`).catch(() => undefined);
    return r?.status === 200 ? true : undefined;
  };
  const recovery: Record<string, number> = {};

  // 1. kill -9 of Temporal node 2 (it owns part of the history shards and task-queue partitions).
  await waitFor('the first reminders', async () => ((await received()) >= AGENCIES ? true : undefined), 300_000);
  let t = Date.now();
  await s.cluster.nodes[1]!.kill('SIGKILL');
  recovery.temporalNodeKilledNextReminderMs = await nextMailAfter(t, 'the node kill');
  await waitFor(
    'the ring to drop node 2',
    async () => ((await s.cluster.members()).history === 1 ? true : undefined),
    300_000,
    1000,
  );
  recovery.temporalNodeKilledRingSettledMs = Date.now() - t;

  // 2. kill -9 of worker 1, mid-flow.
  t = Date.now();
  await workers[0]!.killHard();
  recovery.workerKilledNextReminderMs = await nextMailAfter(t, 'the worker kill');

  // 3. PostgreSQL stopped and started again under everything.
  t = Date.now();
  const downMs = await s.cluster.restartPostgres();
  recovery.postgresDownMs = downMs;
  recovery.postgresRestartedNextReminderMs = await nextMailAfter(t, 'the PostgreSQL restart');
  await waitFor(
    'both web apps healthy again',
    async () => ((await healthy(webs[0]!)()) && (await healthy(webs[1]!)()) ? true : undefined),
    300_000,
  );
  recovery.postgresRestartedWebHealthyMs = Date.now() - t;

  // Everything that was due has gone out, nothing is in flight, and the workflows have no activity left to retry.
  const connection = await Connection.connect({ address: s.cluster.addresses[0]! });
  const client = new Client({ connection });
  try {
    await waitFor(
      'every reminder and escalation sent, with nothing pending',
      async () => {
        const all = await rows(s.cluster.productDatabaseUrl);
        const reminders = all.filter((r) => isReminder(r) && r.channel === 'email' && r.status === 'sent');
        const escalations = all.filter((r) => r.kind.startsWith('escalation') && r.status === 'sent');
        if (reminders.length < AGENCIES * REMINDERS.length || escalations.length < AGENCIES) return undefined;
        if (all.some((r) => r.status === 'pending' || r.status === 'sending')) return undefined;
        for await (const w of client.workflow.list({ query: `NhacHanPlan = "${code}"` })) {
          const d = await client.workflow.getHandle(w.workflowId).describe();
          if ((d.raw.pendingActivities ?? []).length > 0) return undefined;
        }
        return true;
      },
      600_000,
      2000,
    );
  } finally {
    await connection.close();
  }

  const all = await rows(s.cluster.productDatabaseUrl);
  const sentEmail = all.filter((r) => r.channel === 'email' && r.status === 'sent');
  const box = await mails(s);
  const ids = box.map((m) => m.messageId ?? '');
  const duplicates = ids.filter((id, i) => ids.indexOf(id) !== i);
  const lost = sentEmail.filter((r) => !ids.includes(r.messageId));
  const byKind = Object.fromEntries(
    [...new Set(all.map((r) => `${r.kind}/${r.channel}/${r.status}`))].map((k) => [
      k,
      all.filter((r) => `${r.kind}/${r.channel}/${r.status}` === k).length,
    ]),
  );
  say(`recovery ${JSON.stringify(recovery)}`);
  say(`outbox ${JSON.stringify(byKind)}; mailbox ${box.length}; duplicates ${duplicates.length}; lost ${lost.length}`);
  say(`applied → last mail ${((box[box.length - 1]!.at - appliedAt) / 1000).toFixed(1)} s`);

  expect(duplicates).toEqual([]);
  expect(lost).toEqual([]);
  expect(all.filter((r) => r.status === 'failed')).toEqual([]);
  expect(box.length).toBe(sentEmail.length);
  // One per agency and reminder step: none lost to the kills, none sent twice by a retried activity.
  const perFocal = new Map<string, number>();
  for (const r of sentEmail.filter(isReminder)) perFocal.set(r.recipient, (perFocal.get(r.recipient) ?? 0) + 1);
  expect([...perFocal.values()]).toEqual(Array(AGENCIES).fill(REMINDERS.length));
  expect(workers[1]!.process.exitCode).toBeNull();
}, 1_800_000);
