/**
 * The 08:00 burst: N obligations (default 1,000; `--obligations 10000` or `BENCH_OBLIGATIONS`) whose reminders all
 * fall due at the same instant, on a Temporal dev server, with the product's worker in a child process
 * (./worker-child.ts: `createWorker` on the prebuilt bundle, real PostgreSQL, real SMTP). How fast the burst drains:
 *
 * - `perSec`: N / `drainMs`, `drainMs` from the instant to the `sentAt` of the last reminder in the outbox;
 * - `limitPerSec`: the same run's limit (issue 16's definition), N minimal workflows that sleep to one instant and run
 *   one no-op activity, on the same server, after the product's worker has stopped, with a worker of the same
 *   settings (the environment's `WORKER_*`, src/worker.ts's, `BENCH_WORKER_OPTIONS`): N / the time from that instant
 *   to the last no-op; `ratio` = perSec / limitPerSec. `BENCH_TIMER_LIMIT=0` skips it (the long form then takes
 *   minutes less), and `limitPerSec` and `ratio` are null;
 * - `delayMedianMs`, `delayP99Ms`, `delayMaxMs`: from the instant to each reminder's `sentAt`;
 * - `duplicates`, `lost`: counted at the SMTP server by Message-ID against the outbox rows;
 * - `workerRssMb`: the worker's most resident memory while draining (and `workerPeakRssMb`, its high-water mark).
 *
 * Diagnostics: `limitDelayMedianMs`, `limitDelayP99Ms` (instant → each no-op); `smtpLimitPerSec` and `smtpRatio`, a
 * bare nodemailer loop sending the very same messages (the outbox's stored recipients, subjects, texts and HTML)
 * through the same SMTP server with the worker's mailer settings, as many in flight as the worker runs activities;
 * `workerHeapMb`, the worker's main-thread V8 heap (`heapTotal`) when its RSS peaked (the rest is the workflow
 * thread's heap, Temporal's Rust core and code). `BENCH_LEAD_S` sets the seconds from the start to the instant
 * (default 60 + 0.06 × N, so that applyPlan's starts end before it).
 *
 * Goals (issue 16): 1,000 → ratio ≥ 0.7, p99 < 10 s, 0 duplicates, 0 lost; 10,000 → all delivered within
 * 10 minutes, worker < 1 GB. Progress goes to stderr; the last stdout line is the JSON.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import { z } from 'zod';
import pLimit from 'p-limit';
import { loadConfig } from '../src/config';
import { createPrisma, type PrismaClient } from '../src/db/prisma';
import { isoOf, parseInstant } from '../src/domain/business-time';
import { demoPlan } from '../src/domain/demo-plan';
import { planCalendar } from '../src/domain/plan-calendar';
import { PlanSchema, type Plan, type PlanInput } from '../src/domain/plan-schema';
import { applyMigrations } from '../src/embedded/migrate';
import { freePort } from '../src/embedded/ports';
import { startEmbeddedPostgres } from '../src/embedded/postgres';
import { startTemporalDevServer } from '../src/embedded/temporal-dev-server';
import { createMailer } from '../src/notify/mailer';
import { applyPlan } from '../src/services/plan-service';
import { WORKFLOW_INTERCEPTOR_MODULES } from '../src/worker';
import { startCountingServer } from './counting-smtp';
import { stopWorker as stopWorkerProcess } from './worker-process';
import { cpuDelta, threadCpu, treeCpu } from './proc-cpu';
import { printFigures } from './report-line';
import type { BenchWorkerArgs } from './worker-child';
import { BenchWorkerOptions } from './worker-options';

const AGENCIES = 100;
/** What the worker runs at once (src/worker.ts), and so what the bare loop keeps in flight. */
const WORKER_ACTIVITY_CONCURRENCY = 32;
const ROOT = path.join(__dirname, '..');
const progress = (m: string) => process.stderr.write(`[bench burst] ${m}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const Obligations = z.coerce
  .number({ error: 'phải là số / must be a number' })
  .int('phải là số nguyên / must be an integer')
  .min(AGENCIES, `ít nhất ${AGENCIES} / at least ${AGENCIES}`)
  .max(100_000, 'nhiều nhất 100000 / at most 100000')
  .refine((n) => n % AGENCIES === 0, `phải là bội số của ${AGENCIES} / must be a multiple of ${AGENCIES}`);

/** `--obligations N`, `--obligations=N` or BENCH_OBLIGATIONS; default 1,000. Problems as `<field>: <message>`. */
function obligationsWanted(argv: string[], env: NodeJS.ProcessEnv): number {
  let raw: string | undefined = env.BENCH_OBLIGATIONS;
  let field = 'BENCH_OBLIGATIONS';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--obligations') [raw, field] = [argv[++i], '--obligations'];
    else if (a.startsWith('--obligations=')) [raw, field] = [a.slice('--obligations='.length), '--obligations'];
  }
  const parsed = Obligations.safeParse(raw ?? 1000);
  if (!parsed.success) {
    console.error(`${field}: ${parsed.error.issues[0]?.message ?? 'không hợp lệ / invalid'}`);
    process.exit(2);
  }
  return parsed.data;
}

function rssMb(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: Math.round(kb('VmRSS') / 1024), peak: Math.round(kb('VmHWM') / 1024) };
}

/**
 * A worker child; `heapMb()` is its main thread's V8 heap (`heapTotal`) from its last `MEM` line; `gcHeapMb()`, with
 * `BENCH_WORKER_NODE_ARGS=--trace-gc`, each V8 isolate's (main thread, workflow thread) largest heap after a GC.
 */
interface BenchWorker {
  child: ChildProcess;
  heapMb(): number;
  gcHeapMb(): Record<string, number>;
}

const GC_LINE = /^\[\d+:(0x[0-9a-f]+)\]\s+[\d.]+ ms: .*? [\d.]+ \([\d.]+\) -> [\d.]+ \(([\d.]+)\) MB/;

const DynamicConfig = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));
const MemLine = z.object({ heapTotal: z.number() });

const nodeArgs = (process.env.BENCH_WORKER_NODE_ARGS ?? '').split(' ').filter((a) => a !== '');

function startWorker(args: BenchWorkerArgs): Promise<BenchWorker> {
  const child = spawn(
    process.execPath,
    // BENCH_WORKER_NODE_ARGS: Node options for the worker children (e.g. `--max-old-space-size=512`, `--cpu-prof`).
    [...nodeArgs, '--require', 'tsx/cjs', path.join(__dirname, 'worker-child.ts'), JSON.stringify(args)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let heapMb = NaN;
  const gcHeap = new Map<string, number>();
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      const lines = out.split('\n');
      out = lines.pop() ?? '';
      for (const line of lines) {
        const gc = GC_LINE.exec(line);
        if (gc) gcHeap.set(gc[1]!, Math.max(gcHeap.get(gc[1]!) ?? 0, Math.round(Number(gc[2]))));
        else if (line === 'READY')
          resolve({
            child,
            heapMb: () => heapMb,
            // Isolates in order of appearance: the main thread's first.
            gcHeapMb: () => Object.fromEntries([...gcHeap.values()].map((v, i) => [`isolate${i}`, v])),
          });
        else if (line.startsWith('MEM ')) {
          const m = MemLine.safeParse(JSON.parse(line.slice(4)));
          if (m.success) heapMb = Math.round(m.data.heapTotal / 2 ** 20);
        }
      }
    });
    child.once('exit', (code, signal) => reject(new Error(`worker exited (${code ?? signal}) before READY`)));
  });
}

/** The worker-process module's stop (SIGTERM, then SIGKILL after 15 s). */
function stopWorker({ child }: BenchWorker): Promise<void> {
  return stopWorkerProcess(child);
}

/** `fn` over `items`, `concurrency` at a time (p-limit, as the apply's starts). */
async function pool<T>(items: T[], concurrency: number, fn: (item: T, i: number) => Promise<unknown>): Promise<void> {
  const limit = pLimit(concurrency);
  await Promise.all(items.map((item, i) => limit(() => fn(item, i))));
}

/**
 * `plan demo`'s plan with 100 agencies and N/100 obligations, email only, every obligation due an hour after
 * `burstAt` with one reminder an hour before: N reminders at `burstAt`, nothing else sent while the bench watches.
 */
function burstPlan(now: Date, burstAt: Date, obligations: number): Plan {
  const demo = demoPlan({
    agencies: AGENCIES,
    dueIn: 'PT2H',
    reminders: ['PT1H'],
    escalateAfter: [],
    now,
    code: 'BURST',
  });
  const due = parseInstant(burstAt.toISOString()).plus({ hours: 1 });
  const input: PlanInput = {
    ...demo,
    // Valid mobile numbers for three-digit agency numbers (the demo's pattern fits two digits).
    agencies: demo.agencies.map((a, i) => ({
      ...a,
      contacts: (a.contacts ?? []).map((c) => (c.phone ? { ...c, phone: `0912${String(i).padStart(6, '0')}` } : c)),
    })),
    obligations: Array.from({ length: obligations / AGENCIES }, (_, k) => ({
      id: `bao-cao-${k}`,
      title: `Báo cáo thử nghiệm số ${k}`,
      kind: 'report' as const,
      from: 'all' as const,
      to: 'DPT',
      due: { type: 'instant' as const, at: isoOf(due) },
    })),
    policy: { ...demo.policy, channels: ['email'] },
  };
  return PlanSchema.parse(input);
}

const quantile = (sorted: number[], q: number) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

interface CpuSample {
  worker: Record<string, number>;
  server: number;
  all: number;
  bench: number;
}

/**
 * CPU seconds between two samples: the worker's threads (`w.main`, `w.tokio-runtime-w`, … by thread name), the
 * Temporal server, this process (the bench, its SMTP server) and the rest of its tree (PostgreSQL).
 */
function cpuSplit(a: CpuSample, b: CpuSample): Record<string, number> {
  const worker = cpuDelta(a.worker, b.worker);
  const sum = (r: Record<string, number>) => Object.values(r).reduce((x, y) => x + y, 0);
  const r1 = (x: number) => Math.round(x * 10) / 10;
  const server = b.server - a.server;
  const bench = b.bench - a.bench;
  const workerAll = sum(b.worker) - sum(a.worker);
  return {
    ...Object.fromEntries(Object.entries(worker).map(([k, v]) => [`w.${k}`, v])),
    worker: r1(workerAll),
    server: r1(server),
    bench: r1(bench),
    postgres: r1(b.all - a.all - server - bench - workerAll),
  };
}

async function count(prisma: PrismaClient, sql: string): Promise<number> {
  const rows = await prisma.$queryRawUnsafe<{ n: bigint }[]>(sql);
  return Number(rows[0]?.n ?? 0);
}

async function run(): Promise<void> {
  const N = obligationsWanted(process.argv.slice(2), process.env);
  // Worker settings to try (JSON, e.g. {"maxConcurrentWorkflowTaskExecutions":80}); unset: src/worker.ts's with the
  // environment's WORKER_* (which the worker children read too).
  const workerOptions = BenchWorkerOptions.parse(JSON.parse(process.env.BENCH_WORKER_OPTIONS ?? '{}'));
  const tuning = { ...loadConfig(process.env).worker, ...workerOptions };
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nhac-han-bench-burst-'));
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
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      progress(`${signal}: stopping`);
      void cleanup().finally(() => process.exit(130));
    });
  }
  try {
    progress(`${N} obligations; starting PostgreSQL, the Temporal dev server and the SMTP server under ${dataDir}`);
    const [pg, temporal, smtp] = await Promise.all([
      startEmbeddedPostgres({ dataDir, port: await freePort(), database: 'bench' }),
      startTemporalDevServer({
        toolsDir: process.env.NHAC_HAN_TOOLS_DIR ?? path.join(ROOT, '.tools'),
        port: await freePort(),
        uiPort: null,
        dbFile: null,
        // Dynamic config to try (JSON object, e.g. {"system.enableActivityEagerExecution":true}); unset: `nhac-han start`'s.
        ...(process.env.BENCH_DYNAMIC_CONFIG
          ? { dynamicConfig: DynamicConfig.parse(JSON.parse(process.env.BENCH_DYNAMIC_CONFIG)) }
          : {}),
      }),
      startCountingServer(),
    ]);
    closers.push(
      () => pg.stop(),
      () => temporal.stop(),
      () => smtp.stop(),
    );
    await applyMigrations(pg.url);
    const prisma = createPrisma(pg.url);
    closers.push(() => prisma.$disconnect());
    const connection = await Connection.connect({ address: temporal.address });
    closers.push(() => connection.close());
    const client = new Client({ connection });

    progress('bundling the workflows (as npm run build:workflow does)');
    const quietLogger = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} };
    const { code } = await bundleWorkflowCode({
      workflowsPath: require.resolve('../src/workflows'),
      workflowInterceptorModules: WORKFLOW_INTERCEPTOR_MODULES,
      logger: quietLogger,
    });
    const bundlePath = path.join(dataDir, 'product-bundle.js');
    fs.writeFileSync(bundlePath, code);
    const worker = await startWorker({
      mode: 'product',
      address: temporal.address,
      taskQueue: 'nhac-han',
      databaseUrl: pg.url,
      smtpUrl: smtp.url,
      bundlePath,
      options: workerOptions,
    });
    closers.push(() => stopWorker(worker));

    // applyPlan starts one workflow at a time (about 50–150 a second here, the worker busy beside it): the
    // instant leaves it the time, plus the first task and state record of each.
    const leadS = Number(process.env.BENCH_LEAD_S ?? 0) || 60 + Math.ceil(N * 0.06);
    const now = new Date();
    const burstAt = new Date(Math.ceil((now.getTime() + leadS * 1000) / 1000) * 1000);
    const plan = burstPlan(now, burstAt, N);
    const items = planCalendar(plan);
    if (items.length !== N) throw new Error(`expected ${N} assignments, got ${items.length}`);
    const planned = new Set(items.flatMap((i) => i.reminderSteps.map((r) => Date.parse(r.at))));
    if (planned.size !== 1 || !planned.has(burstAt.getTime()))
      throw new Error(`reminders not all at ${burstAt.toISOString()}: ${[...planned].join(', ')}`);
    progress(`applying the plan; the ${N} reminders fall at ${burstAt.toISOString()} (${leadS} s from now)`);
    const applyT0 = performance.now();
    const report = await applyPlan({ prisma, temporal: client, taskQueue: 'nhac-han' }, plan);
    const applyMs = performance.now() - applyT0;
    if (report.workflows.started !== N) throw new Error(`started ${report.workflows.started}, not ${N}`);
    for (;;) {
      const open = await count(prisma, `SELECT count(*) AS n FROM "AssignmentEvent" WHERE "type" = 'state:pending'`);
      if (open >= N) break;
      if (Date.now() >= burstAt.getTime()) {
        progress(`only ${open} of ${N} workflows had run their first task at the instant: the figures include that`);
        break;
      }
      await sleep(250);
    }
    const openedBeforeBurst = Date.now() < burstAt.getTime();
    const idle = rssMb(worker.child.pid!);
    progress(`applied in ${Math.round(applyMs)} ms; worker ${idle.rss} MB; waiting for the burst`);

    // Drain: every reminder in the outbox as sent, within the 10-minute goal and some margin.
    const timeoutAt = burstAt.getTime() + 12 * 60_000;
    let workerRssMb = idle.rss;
    let workerHeapMb = worker.heapMb();
    let sentSoFar = 0;
    let lastReport = 0;
    // CPU over the drain, by process (and by thread of the worker): what the burst keeps busy.
    const cpuAt = () => ({
      worker: threadCpu(worker.child.pid!),
      server: treeCpu(temporal.process.pid!),
      all: treeCpu(process.pid),
      bench: Object.values(threadCpu(process.pid)).reduce((a, b) => a + b, 0),
    });
    while (Date.now() < burstAt.getTime()) await sleep(50);
    const cpu0 = cpuAt();
    while (sentSoFar < N) {
      const now = rssMb(worker.child.pid!).rss;
      if (now > workerRssMb) [workerRssMb, workerHeapMb] = [now, worker.heapMb()];
      sentSoFar = await count(
        prisma,
        `SELECT count(*) AS n FROM "Notification" WHERE "channel" = 'email' AND "status" = 'sent'`,
      );
      if (Date.now() > timeoutAt) {
        progress(`timed out: ${sentSoFar} of ${N} sent 12 minutes after the instant`);
        break;
      }
      if (Date.now() - lastReport > 10_000 && Date.now() > burstAt.getTime()) {
        progress(`${sentSoFar}/${N} sent, worker ${workerRssMb} MB`);
        lastReport = Date.now();
      }
      await sleep(250);
    }
    const workerPeakRssMb = rssMb(worker.child.pid!).peak;
    const cpu1 = cpuAt();
    const drainCpu = cpuSplit(cpu0, cpu1);
    // Stop the worker before the limit runs, so the two do not share the machine.
    await stopWorker(worker);

    const rows = await prisma.notification.findMany({
      where: { channel: 'email' },
      select: {
        messageId: true,
        status: true,
        sentAt: true,
        recipient: true,
        subject: true,
        body: true,
        html: true,
        attempts: true,
        createdAt: true,
      },
    });
    const delays = rows
      .filter((r) => r.status === 'sent' && r.sentAt)
      .map((r) => r.sentAt!.getTime() - burstAt.getTime())
      .sort((a, b) => a - b);
    let duplicates = 0;
    let lost = N - rows.length;
    for (const row of rows) {
      const n = smtp.counts.get(row.messageId) ?? 0;
      if (n === 0 || row.status !== 'sent') lost++;
      duplicates += Math.max(0, n - 1);
    }
    const drainMs = delays[delays.length - 1] ?? NaN;
    // Diagnostic for a slow tail: sends that took more than one attempt, and when the last one's row was created
    // (near the instant: its first attempt hung; late: the activity itself started late).
    const retriedSends = rows.filter((r) => r.attempts > 1).length;
    const last = rows.reduce<(typeof rows)[number] | undefined>(
      (a, r) => ((r.sentAt?.getTime() ?? 0) > (a?.sentAt?.getTime() ?? 0) ? r : a),
      undefined,
    );
    const lastCreatedMs = last ? last.createdAt.getTime() - burstAt.getTime() : NaN;
    // Diagnostic: instant → the send activity's scheduling (timer, workflow task; the `scheduledAt` its event row
    // keeps); the rest of a reminder's delay is the activity (its wait for a slot, database, templates, SMTP).
    const reminderEvents = await prisma.assignmentEvent.findMany({
      where: { type: 'reminder' },
      select: { detail: true },
    });
    const scheduledDelays = reminderEvents
      .map((e) => Date.parse((e.detail as { scheduledAt?: string } | null)?.scheduledAt ?? '') - burstAt.getTime())
      .filter((d) => Number.isFinite(d))
      .sort((a, b) => a - b);
    const perSec = Math.round((delays.length / drainMs) * 1000);

    // The limit (issue 16's): N minimal workflows that sleep to one instant and run one no-op activity, on the same
    // server, with a worker of the same settings. BENCH_TIMER_LIMIT=0 leaves it out (the long form takes longer).
    let limit: { drainMs: number; delays: number[] } | null = null;
    let limitCpu: Record<string, number> = {};
    if (process.env.BENCH_TIMER_LIMIT !== '0') {
      const emptyCode = await bundleWorkflowCode({
        workflowsPath: require.resolve('./empty-workflow'),
        logger: quietLogger,
      });
      const emptyBundle = path.join(dataDir, 'empty-bundle.js');
      fs.writeFileSync(emptyBundle, emptyCode.code);
      const emptyWorker = await startWorker({
        mode: 'empty',
        address: temporal.address,
        taskQueue: 'bench-empty',
        bundlePath: emptyBundle,
        options: workerOptions,
      });
      closers.push(() => stopWorker(emptyWorker));
      const limitAt = Math.ceil((Date.now() + (20 + Math.ceil(N * 0.02)) * 1000) / 1000) * 1000;
      const limitCpuAt = () => ({
        worker: threadCpu(emptyWorker.child.pid!),
        server: treeCpu(temporal.process.pid!),
        all: treeCpu(process.pid),
        bench: Object.values(threadCpu(process.pid)).reduce((a, b) => a + b, 0),
      });
      progress(`limit: ${N} minimal workflows due at ${new Date(limitAt).toISOString()}`);
      const ids = Array.from({ length: N }, (_, i) => `limit-${i}`);
      await pool(ids, 32, (workflowId) =>
        client.workflow.start('burstLimitWorkflow', { workflowId, taskQueue: 'bench-empty', args: [limitAt] }),
      );
      if (Date.now() >= limitAt) progress('limit: the starts ended after its instant; the figure includes that');
      while (Date.now() < limitAt) await sleep(50);
      const limitCpu0 = limitCpuAt();
      while (Date.now() < limitAt + 12 * 60_000) {
        const { count: running } = await client.workflow.count(
          `WorkflowType = "burstLimitWorkflow" AND ExecutionStatus = "Running"`,
        );
        if (running === 0 && Date.now() >= limitAt) break;
        await sleep(250);
      }
      limitCpu = cpuSplit(limitCpu0, limitCpuAt());
      await stopWorker(emptyWorker);
      // Each workflow returns the instant its no-op ran (the worker's clock, as `sentAt` is for the product).
      const ran: number[] = [];
      await pool(ids, 32, async (id) => {
        const at: unknown = await client.workflow.getHandle(id).result();
        if (typeof at === 'number') ran.push(at - limitAt);
      });
      ran.sort((x, y) => x - y);
      if (ran.length < N) progress(`limit: only ${ran.length} of ${N} minimal workflows completed`);
      limit = { drainMs: ran[ran.length - 1] ?? NaN, delays: ran };
    }
    const limitPerSec = limit ? Math.round((limit.delays.length / limit.drainMs) * 1000) : null;

    // Diagnostic, not the limit: the very same messages through a bare nodemailer loop, the worker's mailer settings
    // and as many in flight as it runs activities (what SMTP alone would allow).
    progress(`SMTP loop: the same ${rows.length} messages through a bare nodemailer loop`);
    const concurrency = workerOptions.maxConcurrentActivityTaskExecutions ?? WORKER_ACTIVITY_CONCURRENCY;
    const bare = createMailer(smtp.url, 'Nhắc Hạn <nhac-han@bench.local>');
    closers.push(() => bare.close());
    const sendBare = (r: (typeof rows)[number], id: string) =>
      bare.send({ to: r.recipient, subject: r.subject ?? '', text: r.body, html: r.html ?? undefined, messageId: id });
    await pool(rows.slice(0, 50), concurrency, (r, i) => sendBare(r, `<warm-${i}@bench.local>`));
    const t0 = performance.now();
    await pool(rows, concurrency, (r, i) => sendBare(r, `<smtp-limit-${i}@bench.local>`));
    const smtpLimitPerSec = Math.round((rows.length / (performance.now() - t0)) * 1000);
    const round2 = (x: number) => Math.round(x * 100) / 100;

    printFigures('burst', {
      obligations: N,
      limitPerSec,
      perSec,
      ratio: limitPerSec ? round2(perSec / limitPerSec) : null,
      drainMs,
      delayMedianMs: quantile(delays, 0.5),
      delayP99Ms: quantile(delays, 0.99),
      delayMaxMs: drainMs,
      duplicates,
      lost,
      workerRssMb,
      server: 'dev',
      delayMinMs: delays[0] ?? NaN,
      retriedSends,
      lastCreatedMs,
      lastAttempts: last?.attempts ?? NaN,
      scheduledDelayMedianMs: quantile(scheduledDelays, 0.5),
      scheduledDelayP99Ms: quantile(scheduledDelays, 0.99),
      limitDrainMs: limit ? limit.drainMs : null,
      limitDelayMedianMs: limit ? quantile(limit.delays, 0.5) : null,
      limitDelayP99Ms: limit ? quantile(limit.delays, 0.99) : null,
      smtpLimitPerSec,
      smtpRatio: round2(perSec / smtpLimitPerSec),
      workerOpenRssMb: idle.rss,
      workerPeakRssMb,
      workerHeapMb,
      workerGcHeapMb: worker.gcHeapMb(),
      drainCpuS: drainCpu,
      limitCpuS: limitCpu,
      applyMs: Math.round(applyMs),
      openedBeforeBurst: openedBeforeBurst ? 1 : 0,
      concurrency,
      maxCachedWorkflows: tuning.maxCachedWorkflows,
    });
  } finally {
    await cleanup();
  }
}

run().catch((err) => {
  console.error(err);
  process.exit(1);
});
