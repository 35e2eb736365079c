/**
 * The fault suite's stack, every part its own so that it can be broken: embedded PostgreSQL in a child process
 * (stopped and started again on the same data), a Temporal dev server on a SQLite file (restarted on the same port
 * and file), the SMTP mailbox of ./fault-mailbox.ts, the eSMS gateway stand-in over real HTTP, and the product's
 * worker in a child process (test/support/fault-worker-child.ts) that is killed with SIGKILL and replaced, each
 * replacement with a clock skewed as asked. Every fault is recorded with its start and end.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import { createPrisma, type PrismaClient } from '../../src/db/prisma';
import type { EmbeddedPostgres } from '../../src/embedded/postgres';
import { applyMigrations } from '../../src/embedded/migrate';
import { freePort } from '../../src/embedded/ports';
import { startTemporalDevServer, type DevServer } from '../../src/embedded/temporal-dev-server';
import { startEsmsGateway, type EsmsGateway } from '../support/esms-gateway';
import type { FaultWorkerArgs } from '../support/fault-worker-child';
import { startPostgresChild } from '../support/temporal-cluster';
import { startFaultMailbox, type FaultMailbox } from './fault-mailbox';

const ROOT = path.join(__dirname, '..', '..');
const WORKER_CHILD = path.join(ROOT, 'test', 'support', 'fault-worker-child.ts');
/** A worker under tsx on a loaded 2-core machine took 5–20 s to poll; a minute and a half is generous. */
const WORKER_START_MS = 90_000;

export type FaultKind = 'worker-kill' | 'temporal-restart' | 'smtp-outage' | 'postgres-stop' | 'gateway-fault';

export interface FaultEvent {
  kind: FaultKind;
  /** When the fault began and when the broken part was back (ms since the epoch). */
  at: number;
  until: number;
  detail?: string;
}

export interface FaultStack {
  prisma: PrismaClient;
  client: Client;
  taskQueue: string;
  mailbox: FaultMailbox;
  gateway: EsmsGateway;
  faults: FaultEvent[];
  /** Workers that exited without being killed by the suite (a crash would count against the product). */
  unexpectedWorkerExits: string[];
  startWorker(skewMs: number): Promise<void>;
  /** kill -9 of the running worker, then a replacement with `nextSkewMs`. */
  killWorker(nextSkewMs: number, detail?: string): Promise<FaultEvent>;
  restartTemporal(): Promise<FaultEvent>;
  smtpOutage(ms: number): Promise<FaultEvent>;
  stopPostgres(ms: number): Promise<FaultEvent>;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const ESMS = { apiKey: 'fault-key', secretKey: 'fault-secret', brandname: 'NHACHAN' };

export async function startFaultStack(log: (line: string) => void): Promise<FaultStack> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nhac-han-faults-'));
  fs.chmodSync(dir, 0o755);
  const closers: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const c of closers.reverse()) await c().catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    const pgPort = await freePort();
    const pgOpts = { dataDir: path.join(dir, 'pg'), port: pgPort, database: 'nhac_han' };
    let pg: EmbeddedPostgres | undefined = await startPostgresChild(pgOpts);
    closers.push(() => pg?.stop() ?? Promise.resolve());
    await applyMigrations(pg.url);
    const dbUrl = pg.url;
    const prisma = createPrisma(dbUrl, { max: 4 });
    closers.push(() => prisma.$disconnect());

    const temporalOpts = {
      toolsDir: path.join(ROOT, '.tools'),
      port: await freePort(),
      uiPort: null,
      dbFile: path.join(dir, 'temporal.sqlite'),
    };
    let temporal: DevServer | undefined = await startTemporalDevServer(temporalOpts);
    closers.push(() => temporal?.stop() ?? Promise.resolve());
    const connection = await Connection.connect({ address: temporal.address });
    closers.push(() => connection.close());
    const client = new Client({ connection });

    const mailbox = await startFaultMailbox(await freePort());
    closers.push(() => mailbox.close());
    const gateway = await startEsmsGateway({ apiKey: ESMS.apiKey, secretKey: ESMS.secretKey });
    closers.push(() => gateway.close());

    const bundlePath = path.join(dir, 'workflows.js');
    const { code } = await bundleWorkflowCode({
      workflowsPath: require.resolve('../../src/workflows'),
      logger: { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} },
    });
    fs.writeFileSync(bundlePath, code);

    const taskQueue = `faults-${randomBytes(4).toString('hex')}`;
    const faults: FaultEvent[] = [];
    const unexpectedWorkerExits: string[] = [];
    let worker: { child: ChildProcess; exited: Promise<void>; killing: boolean } | undefined;
    closers.push(async () => {
      if (worker && worker.child.exitCode === null && worker.child.signalCode === null) {
        worker.killing = true;
        worker.child.kill('SIGKILL');
        await worker.exited;
      }
    });

    const startWorker = async (skewMs: number) => {
      const args: FaultWorkerArgs = {
        address: temporal!.address,
        taskQueue,
        databaseUrl: dbUrl,
        smtpUrl: mailbox.url,
        esms: { baseUrl: gateway.baseUrl, ...ESMS, timeoutMs: 2_000 },
        bundlePath,
        skewMs,
      };
      const child = spawn(process.execPath, ['--require', 'tsx/cjs', WORKER_CHILD, JSON.stringify(args)], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      const keep = (b: Buffer) => (out = (out + b.toString()).slice(-4000));
      child.stdout.on('data', keep);
      child.stderr.on('data', keep);
      const w = { child, killing: false, exited: new Promise<void>((r) => child.once('exit', () => r())) };
      void w.exited.then(() => {
        if (!w.killing) unexpectedWorkerExits.push(out.slice(-1000));
      });
      worker = w;
      const deadline = Date.now() + WORKER_START_MS;
      while (!out.includes('READY')) {
        if (child.exitCode !== null) throw new Error(`the worker exited at start: ${out}`);
        if (Date.now() > deadline) throw new Error(`the worker did not poll within ${WORKER_START_MS} ms: ${out}`);
        await sleep(50);
      }
    };

    const record = (e: FaultEvent) => {
      faults.push(e);
      log(`${e.kind}${e.detail ? ` (${e.detail})` : ''}: back after ${e.until - e.at} ms`);
      return e;
    };

    return {
      prisma,
      client,
      taskQueue,
      mailbox,
      gateway,
      faults,
      unexpectedWorkerExits,
      startWorker,
      async killWorker(nextSkewMs, detail) {
        const at = Date.now();
        if (worker) {
          worker.killing = true;
          worker.child.kill('SIGKILL');
          await worker.exited;
        }
        await startWorker(nextSkewMs);
        return record({
          kind: 'worker-kill',
          at,
          until: Date.now(),
          detail: `${detail ?? 'random'}, skew ${nextSkewMs} ms`,
        });
      },
      async restartTemporal() {
        const at = Date.now();
        await temporal?.stop();
        temporal = undefined;
        temporal = await startTemporalDevServer(temporalOpts);
        return record({ kind: 'temporal-restart', at, until: Date.now() });
      },
      async smtpOutage(ms) {
        const at = Date.now();
        await mailbox.stop();
        await sleep(ms);
        await mailbox.start();
        return record({ kind: 'smtp-outage', at, until: Date.now() });
      },
      async stopPostgres(ms) {
        const at = Date.now();
        await pg?.stop();
        pg = undefined;
        await sleep(ms);
        pg = await startPostgresChild(pgOpts);
        return record({ kind: 'postgres-stop', at, until: Date.now() });
      },
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
