/**
 * 1,000 agency-obligations (100 agencies × 10 obligations with absolute deadlines minutes away, as `plan demo`
 * makes them) on a Temporal dev server, with the product's worker in a child process, real PostgreSQL and a real
 * SMTP mailbox, all started here on free ports and removed at the end. In one run:
 *
 * - `limitStartsPerSec`: the server's own limit at applyPlan's concurrency, measured right before: 1,000 empty
 *   workflows started per second with `START_BATCH` (applyPlan's, src/services/plan-apply.ts) starts in flight, an
 *   empty worker running them beside, as the product's worker runs first tasks beside an apply;
 * - `startsPerSec` and `ratio`: the obligation workflows started per second by `applyPlan`, the product's own path
 *   (timed from its first start request to the return of its last; storing the plan is not counted), and its ratio
 *   to that same-concurrency limit (goal ≥ 0.8);
 * - `eventsPerObligation`: history events of an obligation on the happy path (every reminder sent, then a
 *   submission through `recordSubmission`), the mean over all 1,000 (goal ≤ 80);
 * - `workerRssMb`: the worker process's resident memory with the 1,000 workflows open, once each has run its first
 *   task and recorded its state (goal ≤ 600); `workerPeakRssMb`: its high-water mark over the whole run;
 * - `delayMedianMs`, `delayP99Ms`: from each reminder's planned instant (the plan calendar) to the `sentAt` of its
 *   email in the outbox (goal: median < 1 s, p99 < 5 s). The reminders of one obligation are due at the same
 *   instant for its 100 agencies, as in a real plan, so they come in bursts of 100 every `SPACING_S` seconds.
 *
 * Diagnostic figures say what bounds those: `timerDelayMedianMs` is planned instant → the activity's scheduling (the
 * `scheduledAt` an event row keeps: timer, workflow task), the rest of the delay is the activity itself (database,
 * templates, SMTP); `executeLimitPerSec` is empty workflows started and completed (`EXECUTE_CONCURRENCY` start-and-wait
 * cycles in flight; the limit before 2026-12-07); `sequentialStartsPerSec` is empty workflows started one at a time;
 * `concurrentStartsPerSec` is applyPlan's start options with `START_BATCH` always in flight (no waits between batches);
 * `workerIdleRssMb` is the worker before any workflow, `workerRssDuringSendsMb` its most during the bursts.
 *
 * The dev server runs in memory, as the test suite runs it; `BENCH_TEMPORAL_DB=file` gives it its SQLite file, as
 * `npm start` does. Progress goes to stderr; the last stdout line is the JSON.
 */
import { startWorker, stopWorker } from './worker-process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection, WorkflowIdConflictPolicy } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import { createPrisma, type PrismaClient } from '../src/db/prisma';
import { isoOf, parseInstant } from '../src/domain/business-time';
import { demoPlan } from '../src/domain/demo-plan';
import { planCalendar } from '../src/domain/plan-calendar';
import { PlanSchema, type Plan, type PlanInput } from '../src/domain/plan-schema';
import { startMailbox } from '../src/embedded/mailbox';
import { applyMigrations } from '../src/embedded/migrate';
import { freePort } from '../src/embedded/ports';
import { startEmbeddedPostgres } from '../src/embedded/postgres';
import { startTemporalDevServer } from '../src/embedded/temporal-dev-server';
import { AGENCY_KEY, DUE_KEY, OBLIGATION_KEY, PLAN_KEY, STATE_KEY, YEAR_KEY } from '../src/domain/search-attributes';
import { recordSubmission } from '../src/services/assignment-service';
import { START_BATCH } from '../src/services/plan-apply';
import { applyPlan, storePlanOnly } from '../src/services/plan-service';
import { obligationWorkflow } from '../src/workflows/obligation.workflow';
import { printFigures } from './report-line';

const AGENCIES = 100;
const OBLIGATIONS = 10;
const TOTAL = AGENCIES * OBLIGATIONS;
/** Seconds between two obligations' deadlines (and so between two bursts of reminders). */
const SPACING_S = 5;
/**
 * Seconds from building the plan to its first reminders: applying 1,000 must be over by then. At least this; more
 * when the starts measured beside the limit say applying will take longer.
 */
const MIN_LEAD_S = 60;
/**
 * `memory` (default): the dev server as the test suite runs it. `file`: with its SQLite file, as `npm start` runs it;
 * every write is then a synced transaction, and the disk bounds everything (BENCH_TEMPORAL_DB=file).
 */
const TEMPORAL_DB = process.env.BENCH_TEMPORAL_DB === 'file' ? 'file' : 'memory';
/** Reminder offsets before each deadline: the second set follows the first by 50 s, after its last burst. */
const REMINDERS = ['PT3M', 'PT2M10S'];
/** The diagnostics' concurrency (start-and-complete cycles; applyPlan's start options). */
const EXECUTE_CONCURRENCY = 32;
const ROOT = path.join(__dirname, '..');

const progress = (m: string) => process.stderr.write(`[bench workflows] ${m}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function rssMb(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: Math.round(kb('VmRSS') / 1024), peak: Math.round(kb('VmHWM') / 1024) };
}

async function pool<T>(items: T[], concurrency: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

/** `plan demo`'s plan with 100 agencies, and 10 obligations whose deadlines follow each other by `SPACING_S`. */
function benchPlan(now: Date, leadS: number, code = 'BENCH'): Plan {
  const demo = demoPlan({
    agencies: AGENCIES,
    dueIn: 'PT1H',
    reminders: REMINDERS,
    escalateAfter: [],
    now,
    code,
  });
  const firstDue = parseInstant(now.toISOString())
    .plus({ seconds: leadS + 180 })
    .set({ millisecond: 0 });
  const input: PlanInput = {
    ...demo,
    // Valid mobile numbers for three-digit agency numbers (the demo's pattern fits two digits).
    agencies: demo.agencies.map((a, i) => ({
      ...a,
      contacts: (a.contacts ?? []).map((c) => (c.phone ? { ...c, phone: `0912${String(i).padStart(6, '0')}` } : c)),
    })),
    obligations: Array.from({ length: OBLIGATIONS }, (_, k) => ({
      id: `bao-cao-${k}`,
      title: `Báo cáo thử nghiệm số ${k}`,
      kind: 'report' as const,
      from: 'all' as const,
      to: 'DPT',
      due: { type: 'instant' as const, at: isoOf(firstDue.plus({ seconds: k * SPACING_S })) },
    })),
  };
  return PlanSchema.parse(input);
}

const quantile = (sorted: number[], q: number) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

async function waitUntil(what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

async function count(prisma: PrismaClient, sql: string): Promise<number> {
  const rows = await prisma.$queryRawUnsafe<{ n: bigint }[]>(sql);
  return Number(rows[0]?.n ?? 0);
}

async function run(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nhac-han-bench-workflows-'));
  const closers: (() => unknown)[] = [() => fs.rmSync(dataDir, { recursive: true, force: true })];
  const cleanup = async () => {
    for (const close of closers.splice(0).reverse()) {
      try {
        await close();
      } catch (err) {
        progress(`cleanup: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  };
  // Ctrl-C stops the servers and the worker this bench started, and removes its folder.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      progress(`${signal}: stopping`);
      void cleanup().finally(() => process.exit(130));
    });
  }
  try {
    progress(`starting PostgreSQL, the Temporal dev server and the SMTP mailbox under ${dataDir}`);
    const [pg, temporal] = await Promise.all([
      startEmbeddedPostgres({ dataDir, port: await freePort(), database: 'bench' }),
      startTemporalDevServer({
        toolsDir: process.env.NHAC_HAN_TOOLS_DIR ?? path.join(ROOT, '.tools'),
        port: await freePort(),
        uiPort: null,
        dbFile: TEMPORAL_DB === 'file' ? path.join(dataDir, 'temporal.db') : null,
      }),
    ]);
    closers.push(
      () => pg.stop(),
      () => temporal.stop(),
    );
    await applyMigrations(pg.url);
    const mailbox = await startMailbox({ dir: path.join(dataDir, 'mailbox'), port: 0 });
    closers.push(() => mailbox.stop());
    const prisma = createPrisma(pg.url);
    closers.push(() => prisma.$disconnect());
    const connection = await Connection.connect({ address: temporal.address });
    closers.push(() => connection.close());
    const client = new Client({ connection });

    progress('bundling the workflows (as npm run build:workflow does for production)');
    const quietLogger = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} };
    const bundles: Record<'empty' | 'product', string> = { empty: '', product: '' };
    for (const [name, workflowsPath] of [
      ['empty', require.resolve('./empty-workflow')],
      ['product', require.resolve('../src/workflows')],
    ] as const) {
      const { code } = await bundleWorkflowCode({ workflowsPath, logger: quietLogger });
      bundles[name] = path.join(dataDir, `${name}-bundle.js`);
      fs.writeFileSync(bundles[name], code);
    }

    // (a) The limit: empty workflows started at applyPlan's concurrency, on the same server, right before.
    const emptyWorker = await startWorker({
      mode: 'empty',
      address: temporal.address,
      taskQueue: 'bench-empty',
      bundlePath: bundles.empty,
    });
    const cycle = (id: string) =>
      client.workflow.execute('emptyWorkflow', { workflowId: id, taskQueue: 'bench-empty', args: [] });
    await pool(
      Array.from({ length: 100 }, (_, i) => `warm-${i}`),
      EXECUTE_CONCURRENCY,
      cycle,
    );
    progress(`limit: ${TOTAL} empty workflows started, ${START_BATCH} starts in flight`);
    let t0 = performance.now();
    await pool(
      Array.from({ length: TOTAL }, (_, i) => `empty-${i}`),
      START_BATCH,
      (id) => client.workflow.start('emptyWorkflow', { workflowId: id, taskQueue: 'bench-empty', args: [] }),
    );
    const limitMs = performance.now() - t0;
    // Diagnostic: started and completed, EXECUTE_CONCURRENCY cycles in flight (the limit this bench used before).
    t0 = performance.now();
    await pool(
      Array.from({ length: TOTAL }, (_, i) => `cycle-${i}`),
      EXECUTE_CONCURRENCY,
      cycle,
    );
    const executeLimitPerSec = Math.round((TOTAL / (performance.now() - t0)) * 1000);
    // Diagnostic: one start at a time, as a loop like applyPlan's issues them (starts only, no completion awaited).
    t0 = performance.now();
    for (let i = 0; i < 200; i++) {
      await client.workflow.start('emptyWorkflow', {
        workflowId: `seq-${i}`,
        taskQueue: 'bench-empty',
        args: [],
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      });
    }
    const sequentialStartsPerSec = Math.round((200 / (performance.now() - t0)) * 1000);
    await stopWorker(emptyWorker);
    const limitStartsPerSec = Math.round((TOTAL / limitMs) * 1000);
    progress(`limit ${limitStartsPerSec}/s (one start at a time: ${sequentialStartsPerSec} starts/s)`);

    // (b) The obligation workflows, started by applyPlan with the product's worker running.
    const worker = await startWorker({
      mode: 'product',
      address: temporal.address,
      taskQueue: 'nhac-han',
      databaseUrl: pg.url,
      smtpUrl: mailbox.url,
      bundlePath: bundles.product,
    });
    closers.push(() => stopWorker(worker));
    const idle = rssMb(worker.pid!);
    // applyPlan starts one workflow at a time: the sequential rate says how long it will take.
    // With the worker busy on the first tasks beside it, applyPlan ran at about 1/2 of that rate in memory and 1/6
    // with the SQLite file (every write synced), in runs on a shared 2-core machine.
    const slowdown = TEMPORAL_DB === 'file' ? 8 : 2;
    const leadS = Math.max(MIN_LEAD_S, Math.ceil((TOTAL / sequentialStartsPerSec) * slowdown) + 30);
    const plan = benchPlan(new Date(), leadS);
    progress(`first reminders ${leadS} s from now`);
    const items = planCalendar(plan);
    if (items.length !== TOTAL) throw new Error(`expected ${TOTAL} assignments, got ${items.length}`);
    let firstStart = 0;
    let lastStart = 0;
    const start = client.workflow.start.bind(client.workflow);
    client.workflow.start = (async (...a: Parameters<typeof start>) => {
      if (firstStart === 0) firstStart = performance.now();
      const handle = await start(...a);
      lastStart = performance.now();
      return handle;
    }) as typeof start;
    progress(`applying the plan: ${TOTAL} obligation workflows`);
    const applyT0 = performance.now();
    const report = await applyPlan({ prisma, temporal: client, taskQueue: 'nhac-han' }, plan);
    const applyMs = performance.now() - applyT0;
    client.workflow.start = start;
    if (report.workflows.started !== TOTAL) throw new Error(`started ${report.workflows.started}, not ${TOTAL}`);
    const startsPerSec = Math.round((TOTAL / (lastStart - firstStart)) * 1000);
    await waitUntil(
      'every workflow to record its first state',
      async () =>
        (await count(prisma, `SELECT count(*) AS n FROM "AssignmentEvent" WHERE "type" = 'state:pending'`)) >= TOTAL,
      120_000,
    );
    const openMs = performance.now() - firstStart;
    progress(
      `${startsPerSec} starts/s (apply ${Math.round(applyMs)} ms); all ${TOTAL} open and recorded after ${Math.round(openMs)} ms`,
    );

    // (d) RSS with the 1,000 workflows open, each past its first task.
    const open = rssMb(worker.pid!);
    progress(`worker RSS with ${TOTAL} open workflows: ${open.rss} MB`);

    // (e) Reminders go out at their instants; wait for the last, then (c) submit every report.
    const lastReminder = Math.max(...items.flatMap((i) => i.reminderSteps.map((r) => Date.parse(r.at))));
    const expectedEmails = items.reduce((n, i) => n + i.reminderSteps.length, 0);
    progress(`waiting for ${expectedEmails} reminders, the last due at ${new Date(lastReminder).toISOString()}`);
    let rssDuringSends = 0;
    await waitUntil(
      'every reminder email sent',
      async () => {
        rssDuringSends = Math.max(rssDuringSends, rssMb(worker.pid!).rss);
        const n = await count(
          prisma,
          `SELECT count(*) AS n FROM "Notification" WHERE "channel" = 'email' AND "status" = 'sent'`,
        );
        return n >= expectedEmails;
      },
      lastReminder - Date.now() + 120_000,
    );
    progress('all reminders sent; submitting every report');
    await pool(items, 8, (i) =>
      recordSubmission(
        { prisma, temporal: client },
        { plan: plan.code, year: i.year, obligation: i.obligation, agency: i.agency, channel: 'cli' },
      ),
    );
    // `late` when a submission came after its deadline: only when the run fell far behind (see lateSubmissions).
    await waitUntil(
      'every workflow closed with its submission',
      async () =>
        (await count(prisma, `SELECT count(*) AS n FROM "Assignment" WHERE "state" IN ('submitted', 'late')`)) >= TOTAL,
      600_000,
    );
    const lateSubmissions = await count(prisma, `SELECT count(*) AS n FROM "Assignment" WHERE "state" = 'late'`);
    let events = 0;
    await pool(items, 16, async (i) => {
      // The database has the state a moment before the workflow completes (it tells its cycle, then closes).
      for (let tries = 0; ; tries++) {
        const d = await client.workflow.getHandle(i.id).describe();
        if (d.status.name === 'COMPLETED') {
          events += d.historyLength;
          return;
        }
        if (d.status.name !== 'RUNNING' || tries >= 300) throw new Error(`${i.id} is ${d.status.name}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    });
    const peak = rssMb(worker.pid!).peak;

    // Diagnostic, after every figure above is taken: the same 1,000 starts with applyPlan's start options and
    // concurrency, START_BATCH always in flight instead of batch after batch (deadlines a day away, so nothing is
    // sent; terminated after): what applyPlan's waits between batches cost.
    const other = benchPlan(new Date(), 86_400, 'BENCH-C');
    await storePlanOnly(prisma, other);
    const otherItems = planCalendar(other);
    t0 = performance.now();
    await pool(otherItems, START_BATCH, (i) =>
      client.workflow.start(obligationWorkflow, {
        workflowId: i.id,
        taskQueue: 'nhac-han',
        args: [{ assignmentId: i.id, dueAt: i.dueAt, reminders: i.reminderSteps, escalations: i.escalations }],
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
        typedSearchAttributes: [
          { key: PLAN_KEY, value: other.code },
          { key: YEAR_KEY, value: i.year },
          { key: AGENCY_KEY, value: i.agency },
          { key: OBLIGATION_KEY, value: i.obligation },
          { key: DUE_KEY, value: new Date(i.dueAt) },
          { key: STATE_KEY, value: 'pending' },
        ],
        staticSummary: `${i.agency} – ${i.obligationTitle} ${i.year}`,
        staticDetails: `Kế hoạch ${other.code}\nHạn: ${i.dueAt}`,
      }),
    );
    const concurrentStartsPerSec = Math.round((otherItems.length / (performance.now() - t0)) * 1000);
    progress(`diagnostic: ${concurrentStartsPerSec} starts/s with ${START_BATCH} always in flight`);
    await pool(otherItems, 16, (i) => client.workflow.getHandle(i.id).terminate('bench over'));

    const planned = new Map(
      items.flatMap((i) => i.reminderSteps.map((r) => [`${i.id}#0:${r.step}`, Date.parse(r.at)])),
    );
    const sent = await prisma.notification.findMany({
      where: { channel: 'email', kind: { in: ['upcoming', 'due-today'] } },
      select: { key: true, sentAt: true },
    });
    const delays = sent
      .map((n) => n.sentAt!.getTime() - planned.get(n.key.split(':email:')[0]!)!)
      .sort((a, b) => a - b);
    const reminderEvents = await prisma.assignmentEvent.findMany({
      where: { type: 'reminder' },
      select: { key: true, detail: true },
    });
    const timerDelays = reminderEvents
      .map((e) => Date.parse((e.detail as { scheduledAt: string }).scheduledAt) - planned.get(e.key!)!)
      .sort((a, b) => a - b);
    const duplicates = (await mailbox.list(100_000)).length - sent.length;

    printFigures('workflows', {
      obligations: TOTAL,
      limitStartsPerSec,
      startsPerSec,
      ratio: Math.round((startsPerSec / limitStartsPerSec) * 100) / 100,
      eventsPerObligation: Math.round((events / TOTAL) * 10) / 10,
      workerRssMb: open.rss,
      delayMedianMs: quantile(delays, 0.5),
      delayP99Ms: quantile(delays, 0.99),
      delayMaxMs: delays[delays.length - 1] ?? NaN,
      timerDelayMedianMs: quantile(timerDelays, 0.5),
      timerDelayP99Ms: quantile(timerDelays, 0.99),
      workerIdleRssMb: idle.rss,
      workerRssDuringSendsMb: rssDuringSends,
      workerPeakRssMb: peak,
      executeLimitPerSec,
      sequentialStartsPerSec,
      concurrentStartsPerSec,
      applyMs: Math.round(applyMs),
      remindersSent: delays.length,
      lateSubmissions,
      mailboxMinusOutbox: duplicates,
      limitConcurrency: START_BATCH,
      burst: AGENCIES,
      temporalDb: TEMPORAL_DB,
    });
  } finally {
    await cleanup();
  }
}

run().catch((err) => {
  console.error(err);
  process.exit(1);
});
