/**
 * `/metrics` as a scraper sees it, with the embedded default's arrangement: the worker (on the shared dev server,
 * real activities, real SMTP mailbox) and the web app in one process sharing one registry, and the Temporal worker's
 * Core exporter appended. A reminder sent moves the product's counters; the access rule holds.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, type Worker } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import { demoPlan } from '../../src/domain/demo-plan';
import { PlanSchema } from '../../src/domain/plan-schema';
import { freePort } from '../../src/embedded/ports';
import { createMetrics } from '../../src/runtime/metrics';
import { installTemporalTelemetry } from '../../src/runtime/temporal-telemetry';
import { recordSubmission } from '../../src/services/assignment-service';
import { applyPlan } from '../../src/services/plan-service';
import { buildApp } from '../../src/web/app';
import { createWorker } from '../../src/worker';
import { createTestDeps, quietLogger, type TestDeps } from '../support/stack';
import { devServerAddress } from '../support/temporal';
import { waitFor } from '../support/wait';

const TOKEN = randomBytes(24).toString('base64url');
const metrics = createMetrics();
let t: TestDeps;
let connection: Connection;
let client: Client;
let worker: Worker;
let running: Promise<void>;
let closeWorkerConnection: () => Promise<void>;
let app: FastifyInstance;
let url: string;
let dataDir: string;
let coreExported: boolean;
const taskQueue = `metrics-${randomBytes(4).toString('hex')}`;

beforeAll(async () => {
  // Before the first native connection of this test file's runtime.
  coreExported = await installTemporalTelemetry(metrics, quietLogger, new DefaultLogger('WARN'));
  t = await createTestDeps();
  connection = await Connection.connect({ address: devServerAddress() });
  client = new Client({ connection });
  const w = await createWorker({
    address: devServerAddress(),
    namespace: 'default',
    taskQueue,
    deps: t.deps,
    metrics,
  });
  worker = w.worker;
  closeWorkerConnection = () => w.connection.close();
  running = worker.run();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nhac-han-metrics-'));
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  app = await buildApp({
    health: {},
    metrics: { metrics, token: TOKEN },
    web: {
      prisma: t.db.prisma,
      links: { baseUrl: url, secret: 'Jx8rV2mQ9tLw4ZkP7nB3cY6hF1sD5gA0eR' },
      temporal: client,
      taskQueue,
      namespace: 'default',
      dataDir,
    },
  });
  await app.listen({ port, host: '127.0.0.1' });
}, 180_000);

afterAll(async () => {
  await app?.close();
  if (worker?.getState() === 'RUNNING') worker.shutdown();
  await running?.catch(() => undefined);
  await closeWorkerConnection?.();
  await connection?.close();
  await t?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

async function scrape(): Promise<string> {
  const res = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/plain');
  return res.text();
}

/** The sum of the samples of `name` whose labels include `labels`, 0 when the series has not appeared yet. */
function sample(text: string, name: string, labels: Record<string, string>): number {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  let sum = 0;
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)\{([^}]*)\} (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = new Set(m[2]!.split(','));
    if (want.every((l) => have.has(l))) sum += Number(m[3]);
  }
  return sum;
}

test('a reminder sent and a submission taken in move the product counters; the worker metrics come along', async () => {
  expect(coreExported).toBe(true);
  const before = await scrape();
  // The demo's one reminder, by email and SMS (the log provider). Its kind is `due-today`, or `upcoming` when the
  // deadline an hour on falls on the next local day (a run between 23:00 and 24:00 in Việt Nam): any kind counts.
  const sent = { channel: 'email', outcome: 'sent' };
  const sms = { ...sent, channel: 'sms' };
  expect(sample(before, 'nhac_han_messages_total', sent)).toBe(0);

  const code = `MET-${randomBytes(3).toString('hex').toUpperCase()}`;
  const plan = PlanSchema.parse(
    demoPlan({ agencies: 1, dueIn: 'PT1H', reminders: ['PT59M57S'], escalateAfter: ['PT1H'], now: new Date(), code }),
  );
  await applyPlan({ prisma: t.db.prisma, temporal: client, taskQueue }, plan);
  await waitFor('the reminder in the mailbox', async () => ((await t.mailbox.list()).length >= 1 ? true : undefined));

  const after = await waitFor('the reminder counted', async () => {
    const text = await scrape();
    return sample(text, 'nhac_han_messages_total', sent) >= 1 && sample(text, 'nhac_han_messages_total', sms) >= 1
      ? text
      : undefined;
  });
  // One focal point, one email and one SMS: each counted once.
  expect(sample(after, 'nhac_han_messages_total', sent)).toBe(1);
  expect(sample(after, 'nhac_han_messages_total', sms)).toBe(1);
  expect(sample(after, 'nhac_han_workflows_started_total', { type: 'obligationWorkflow' })).toBe(1);
  expect(sample(after, 'nhac_han_workflows_started_total', { type: 'planCycleWorkflow' })).toBe(1);
  // The reminder's timer, and how late it fired: one observation, within the histogram's buckets.
  expect(sample(after, 'nhac_han_timer_lateness_seconds_count', { workflow_type: 'obligationWorkflow' })).toBe(1);
  expect(
    sample(after, 'nhac_han_timer_lateness_seconds_bucket', { le: '3600', workflow_type: 'obligationWorkflow' }),
  ).toBe(1);
  // The Temporal worker's own figures, from its Core exporter, on the same page.
  expect(after).toMatch(/^temporal_\w+/m);
  expect(after).toMatch(/^temporal_activity_execution_latency\w*\{.*activity_type="sendReminder"/m);
  // This process's own figures.
  expect(after).toMatch(/^nhac_han_process_resident_memory_bytes \d+/m);

  await recordSubmission(
    { prisma: t.db.prisma, temporal: client },
    { plan: code, year: plan.years.from, obligation: 'bao-cao-thu', agency: 'DV01', channel: 'cli' },
  );
  await waitFor('the submission counted', async () =>
    sample(await scrape(), 'nhac_han_submissions_total', { state: 'submitted' }) === 1 ? true : undefined,
  );
}, 120_000);

test('HTTP answers are counted by route pattern and status; a scrape without the token is refused', async () => {
  const at = (text: string, status: string) =>
    sample(text, 'nhac_han_http_requests_total', { method: 'GET', route: '/metrics', status });
  const first = await scrape();
  expect((await fetch(`${url}/metrics`)).status).toBe(403);
  expect((await fetch(`${url}/metrics`, { headers: { authorization: 'Bearer not-the-token-at-all' } })).status).toBe(
    403,
  );
  expect((await fetch(`${url}/s/${'x'.repeat(40)}`)).status).toBeGreaterThanOrEqual(400);
  const text = await waitFor('the answers counted', async () => {
    const now = await scrape();
    return at(now, '403') - at(first, '403') === 2 && now.includes('route="/s/:token"') ? now : undefined;
  });
  expect(at(text, '200')).toBeGreaterThan(at(first, '200'));
  // The route's pattern, never the URL: a signed-link token stays out of the metrics.
  expect(text).not.toContain('x'.repeat(40));
});
