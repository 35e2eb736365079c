/**
 * What one obligation costs in storage and in Temporal Cloud Actions, measured on a real run (README "Capacity
 * plan"): a demo plan of `--agencies=N` agencies (default 20) and one obligation with the default policy's shape
 * (3 reminders, 3 escalation steps, email and SMS), on the Temporal dev server (its SQLite file, as `npm start` runs
 * it), the product's worker in a child process, real PostgreSQL and a real SMTP mailbox. Half the agencies submit
 * after their third reminder (on time), half after the third escalation (late). Once every obligation workflow has
 * closed it reads:
 *
 * - per obligation workflow: history events, the history's encoded size (what Temporal's SQL store keeps in
 *   `history_node`), and its Temporal Cloud Actions counted from the history after docs.temporal.io/cloud/actions
 *   (start, each activity scheduled and each retry, timer, signal received, search-attribute upsert, update accepted,
 *   local-activity markers once per workflow task, a child start as two);
 * - the plan-year's cycle workflow: its events, bytes and Actions, divided by the obligations (each obligation
 *   signals its cycle when its state changes);
 * - the product's PostgreSQL: rows and bytes per table that the run added (`pg_column_size` of the rows, and
 *   `pg_total_relation_size`, which counts 8 kB pages, indexes and TOAST), divided by the obligations;
 * - the dev server's SQLite file (and its WAL) growth, divided by the obligations.
 *
 * Progress goes to stderr; the last stdout line is the JSON.
 */
import { startWorker, stopWorker } from './worker-process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { bundleWorkflowCode } from '@temporalio/worker';
import { createPrisma, type PrismaClient } from '../src/db/prisma';
import { cycleWorkflowId } from '../src/domain/cycle-start';
import { demoPlan } from '../src/domain/demo-plan';
import { planCalendar } from '../src/domain/plan-calendar';
import { PlanSchema } from '../src/domain/plan-schema';
import { startMailbox } from '../src/embedded/mailbox';
import { applyMigrations } from '../src/embedded/migrate';
import { freePort } from '../src/embedded/ports';
import { startEmbeddedPostgres } from '../src/embedded/postgres';
import { startTemporalDevServer } from '../src/embedded/temporal-dev-server';
import { recordSubmission } from '../src/services/assignment-service';
import { applyPlan } from '../src/services/plan-service';
import { printFigures } from './report-line';

const ROOT = path.join(__dirname, '..');
const option = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const AGENCIES = Number(option('agencies') ?? 20);
/** The default policy's shape (P7D, P3D, P1D; 1, 3 and 7 working days), in seconds so that a run takes minutes. */
const DUE_IN = 'PT3M';
const REMINDERS = ['PT120S', 'PT80S', 'PT40S'];
const ESCALATE_AFTER = ['PT15S', 'PT30S', 'PT45S'];
const EventType = temporal.api.enums.v1.EventType;

const progress = (m: string) => process.stderr.write(`[bench capacity] ${m}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitUntil(what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(500);
  }
}

interface TableFigures {
  rows: number;
  /** The rows' own bytes (`pg_column_size` of each row). */
  rowBytes: number;
  /** Table, indexes and TOAST on disk, in 8 kB pages. */
  relationBytes: number;
}

async function tableFigures(prisma: PrismaClient): Promise<Record<string, TableFigures>> {
  const tables = await prisma.$queryRawUnsafe<{ name: string }[]>(
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`,
  );
  const out: Record<string, TableFigures> = {};
  for (const { name } of tables) {
    const [r] = await prisma.$queryRawUnsafe<{ rows: bigint; bytes: bigint | null; rel: bigint }[]>(
      `SELECT count(*) AS rows, sum(pg_column_size(t.*)) AS bytes, pg_total_relation_size('public."${name}"') AS rel FROM "${name}" t`,
    );
    out[name] = { rows: Number(r!.rows), rowBytes: Number(r!.bytes ?? 0), relationBytes: Number(r!.rel) };
  }
  return out;
}

const fileBytes = (...files: string[]) => files.reduce((n, f) => n + (fs.existsSync(f) ? fs.statSync(f).size : 0), 0);

interface HistoryFigures {
  events: number;
  bytes: number;
  actions: number;
  byType: Record<string, number>;
}

/** Events, encoded bytes and Temporal Cloud Actions of one workflow's history (docs.temporal.io/cloud/actions). */
async function historyFigures(client: Client, workflowId: string): Promise<HistoryFigures> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const events = history.events ?? [];
  const byType: Record<string, number> = {};
  let actions = 0;
  const markerTasks = new Set<string>();
  for (const e of events) {
    const type = EventType[e.eventType ?? 0] ?? String(e.eventType);
    const short = type.replace(/^EVENT_TYPE_/, '');
    byType[short] = (byType[short] ?? 0) + 1;
    switch (e.eventType) {
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED:
        // A child's start is counted on its parent (START_CHILD_WORKFLOW_EXECUTION_INITIATED, two Actions).
        if (!e.workflowExecutionStartedEventAttributes?.parentWorkflowExecution) actions += 1;
        break;
      case EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED:
        actions += 2;
        break;
      case EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
      case EventType.EVENT_TYPE_TIMER_STARTED:
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED:
      case EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES:
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED:
        actions += 1;
        break;
      case EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED:
        // Retries: the attempt of the start that completed, less the first.
        actions += Math.max(0, (e.activityTaskStartedEventAttributes?.attempt ?? 1) - 1);
        break;
      case EventType.EVENT_TYPE_MARKER_RECORDED: {
        const a = e.markerRecordedEventAttributes;
        // Local activities: one Action per workflow task, whatever their number; patch markers are not Actions.
        if (a?.markerName === 'core_local_activity') markerTasks.add(String(a.workflowTaskCompletedEventId));
        break;
      }
      default:
        break;
    }
  }
  actions += markerTasks.size;
  const bytes = temporal.api.history.v1.History.encode(history).finish().length;
  return { events: events.length, bytes, actions, byType };
}

async function run(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nhac-han-bench-capacity-'));
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
    // Beside, not inside, PostgreSQL's folder: its start tightens the permissions of everything under it while
    // SQLite creates and removes its journal.
    const temporalDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nhac-han-bench-capacity-temporal-'));
    closers.push(() => fs.rmSync(temporalDir, { recursive: true, force: true }));
    const temporalDb = path.join(temporalDir, 'temporal.db');
    progress(`starting PostgreSQL, the Temporal dev server (SQLite file) and the SMTP mailbox under ${dataDir}`);
    const [pg, devServer] = await Promise.all([
      startEmbeddedPostgres({ dataDir, port: await freePort(), database: 'bench' }),
      startTemporalDevServer({
        toolsDir: process.env.NHAC_HAN_TOOLS_DIR ?? path.join(ROOT, '.tools'),
        port: await freePort(),
        uiPort: null,
        dbFile: temporalDb,
      }),
    ]);
    closers.push(
      () => pg.stop(),
      () => devServer.stop(),
    );
    await applyMigrations(pg.url);
    const mailbox = await startMailbox({ dir: path.join(dataDir, 'mailbox'), port: 0 });
    closers.push(() => mailbox.stop());
    const prisma = createPrisma(pg.url);
    closers.push(() => prisma.$disconnect());
    const connection = await Connection.connect({ address: devServer.address });
    closers.push(() => connection.close());
    const client = new Client({ connection });

    progress('bundling the workflows (as npm run build:workflow does for production)');
    const quietLogger = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} };
    const { code } = await bundleWorkflowCode({
      workflowsPath: require.resolve('../src/workflows'),
      logger: quietLogger,
    });
    const bundlePath = path.join(dataDir, 'product-bundle.js');
    fs.writeFileSync(bundlePath, code);
    const worker = await startWorker({
      mode: 'product',
      address: devServer.address,
      taskQueue: 'nhac-han',
      databaseUrl: pg.url,
      smtpUrl: mailbox.url,
      bundlePath,
    });
    closers.push(() => stopWorker(worker));

    const before = await tableFigures(prisma);
    const temporalBefore = fileBytes(temporalDb, `${temporalDb}-wal`);
    const plan = PlanSchema.parse(
      demoPlan({
        agencies: AGENCIES,
        dueIn: DUE_IN,
        reminders: REMINDERS,
        escalateAfter: ESCALATE_AFTER,
        now: new Date(),
        code: 'CAPACITY',
      }),
    );
    const items = planCalendar(plan);
    progress(`applying ${items.length} obligations, due ${items[0]?.dueAt}`);
    await applyPlan({ prisma, temporal: client, taskQueue: 'nhac-han' }, plan);

    const eventsOf = async (assignmentId: string, type: string) =>
      prisma.assignmentEvent.count({ where: { assignmentId, type } });
    const onTime = items.slice(0, Math.ceil(items.length / 2));
    const late = items.slice(onTime.length);
    const submit = (i: (typeof items)[number]) =>
      recordSubmission(
        { prisma, temporal: client },
        { plan: plan.code, year: i.year, obligation: i.obligation, agency: i.agency, channel: 'cli' },
      );
    const dueMs = Date.parse(items[0]!.dueAt);
    await waitUntil(
      'the third reminder of every agency',
      async () => (await Promise.all(items.map((i) => eventsOf(i.id, 'reminder')))).every((n) => n >= 3),
      dueMs - Date.now() + 60_000,
    );
    progress(`third reminders sent; ${onTime.length} agencies submit on time`);
    for (const i of onTime) await submit(i);
    await waitUntil(
      'the third escalation of the late agencies',
      async () => (await Promise.all(late.map((i) => eventsOf(i.id, 'escalation')))).every((n) => n >= 3),
      dueMs - Date.now() + 180_000,
    );
    progress(`third escalations sent; ${late.length} agencies submit late`);
    for (const i of late) await submit(i);
    await waitUntil(
      'every obligation workflow closed',
      async () => {
        const states = await Promise.all(
          items.map(async (i) => (await client.workflow.getHandle(i.id).describe()).status.name),
        );
        return states.every((s) => s === 'COMPLETED');
      },
      120_000,
    );
    await waitUntil(
      'no message pending',
      async () => (await prisma.notification.count({ where: { status: { in: ['pending', 'sending'] } } })) === 0,
      60_000,
    );

    const perGroup = async (group: typeof items) => {
      const figures = await Promise.all(group.map((i) => historyFigures(client, i.id)));
      const mean = (f: (h: HistoryFigures) => number) =>
        Math.round((figures.reduce((n, h) => n + f(h), 0) / figures.length) * 10) / 10;
      return {
        events: mean((h) => h.events),
        bytes: mean((h) => h.bytes),
        actions: mean((h) => h.actions),
        byType: figures[0]!.byType,
      };
    };
    const onTimeFigures = await perGroup(onTime);
    const lateFigures = await perGroup(late);
    const cycle = await historyFigures(client, cycleWorkflowId(plan.code, items[0]!.year));

    const after = await tableFigures(prisma);
    const temporalAfter = fileBytes(temporalDb, `${temporalDb}-wal`);
    const n = items.length;
    const tables: Record<string, { rows: number; rowBytes: number; relationBytes: number }> = {};
    for (const [name, a] of Object.entries(after)) {
      const b = before[name] ?? { rows: 0, rowBytes: 0, relationBytes: 0 };
      if (a.rows === b.rows && a.relationBytes === b.relationBytes) continue;
      tables[name] = {
        rows: a.rows - b.rows,
        rowBytes: a.rowBytes - b.rowBytes,
        relationBytes: a.relationBytes - b.relationBytes,
      };
    }
    const sum = (f: (t: { rows: number; rowBytes: number; relationBytes: number }) => number) =>
      Object.values(tables).reduce((s, t) => s + f(t), 0);
    const messages = await prisma.notification.groupBy({ by: ['channel', 'status'], _count: true });
    progress(`tables: ${JSON.stringify(tables)}`);
    progress(`on time: ${JSON.stringify(onTimeFigures)}`);
    progress(`late: ${JSON.stringify(lateFigures)}`);
    progress(`cycle: ${JSON.stringify(cycle)}`);
    progress(`messages: ${JSON.stringify(messages)}`);

    printFigures('capacity', {
      obligations: n,
      onTimeEvents: onTimeFigures.events,
      onTimeHistoryBytes: onTimeFigures.bytes,
      onTimeActions: onTimeFigures.actions,
      lateEvents: lateFigures.events,
      lateHistoryBytes: lateFigures.bytes,
      lateActions: lateFigures.actions,
      cycleEvents: cycle.events,
      cycleHistoryBytes: cycle.bytes,
      cycleActions: cycle.actions,
      dbRowsPerObligation: Math.round((sum((t) => t.rows) / n) * 10) / 10,
      dbRowBytesPerObligation: Math.round(sum((t) => t.rowBytes) / n),
      dbRelationBytesPerObligation: Math.round(sum((t) => t.relationBytes) / n),
      temporalSqliteBytesPerObligation: Math.round((temporalAfter - temporalBefore) / n),
      messagesSent: messages.filter((m) => m.status === 'sent').reduce((s, m) => s + m._count, 0),
      messagesNotSent: messages.filter((m) => m.status !== 'sent').reduce((s, m) => s + m._count, 0),
      tables: Object.fromEntries(Object.entries(tables).map(([k, t]) => [k, t.rows])),
      tableRowBytes: Object.fromEntries(Object.entries(tables).map(([k, t]) => [k, t.rowBytes])),
    });
  } finally {
    await cleanup();
  }
}

run().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
