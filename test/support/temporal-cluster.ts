/**
 * The cluster suite's harness: the two-node Temporal cluster on embedded PostgreSQL (src/embedded/temporal-cluster.ts,
 * server built on demand by scripts/setup-temporal-server.js), the product's database migrated beside Temporal's,
 * a real SMTP mailbox, and the product's own processes (`nhac-han worker`, `nhac-han web`) spawned as operators run
 * them: configured only by environment.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { startMailbox, type Mailbox } from '../../src/embedded/mailbox';
import type { EmbeddedPostgres } from '../../src/embedded/postgres';
import { applyMigrations } from '../../src/embedded/migrate';
import { freePort } from '../../src/embedded/ports';
import { startTemporalCluster, type TemporalCluster } from '../../src/embedded/temporal-cluster';
import { ensureTemporalServer } from '../../src/embedded/temporal-schemas';
import { waitFor } from './wait';

export const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'nhac-han.js');

export interface ProductProcess {
  kind: 'worker' | 'web';
  name: string;
  process: ChildProcess;
  url: string | null;
  output(): string;
  killHard(): Promise<void>;
  stop(): Promise<void>;
}

export interface ClusterStack {
  cluster: TemporalCluster;
  mailbox: Mailbox;
  dataDir: string;
  /** The environment every product process gets (plus its own DATA_DIR, PORT). */
  env: NodeJS.ProcessEnv;
  startMs: number;
  spawnProduct(kind: 'worker' | 'web', name: string): Promise<ProductProcess>;
  cli(args: string[]): string;
  close(): Promise<void>;
}

export async function startClusterStack(dataDir: string, log: (l: string) => void): Promise<ClusterStack> {
  const serverDir = ensureTemporalServer(ROOT);
  const t0 = Date.now();
  const cluster = await startTemporalCluster({
    serverDir,
    dataDir: path.join(dataDir, 'cluster'),
    log,
    startPostgres: startPostgresChild,
  });
  const startMs = Date.now() - t0;
  const processes: ProductProcess[] = [];
  let mailbox: Mailbox | undefined;
  try {
    await applyMigrations(cluster.productDatabaseUrl);
    mailbox = await startMailbox({ dir: path.join(dataDir, 'mailbox'), port: await freePort() });
    // Bundled once: each worker process then starts without webpack (NHAC_HAN_WORKFLOW_BUNDLE).
    const bundle = path.join(dataDir, 'workflow-bundle.js');
    const { code } = await bundleWorkflowCode({
      workflowsPath: require.resolve('../../src/workflows'),
      logger: { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} },
    });
    fs.writeFileSync(bundle, code);
    const env: NodeJS.ProcessEnv = {};
    for (const k of ['PATH', 'HOME', 'LANG']) if (process.env[k] !== undefined) env[k] = process.env[k];
    Object.assign(env, {
      DATABASE_URL: cluster.productDatabaseUrl,
      // The clients talk to node 1; the failover test kills node 2, which owns half the shards and queues.
      TEMPORAL_ADDRESS: cluster.addresses[0],
      SMTP_URL: mailbox.url,
      APP_SECRET: 'cluster-suite-secret-0123456789',
      NHAC_HAN_WORKFLOW_BUNDLE: bundle,
    });
    const mb = mailbox;
    return {
      cluster,
      mailbox: mb,
      dataDir,
      env,
      startMs,
      async spawnProduct(kind, name) {
        const p = await spawnProduct(kind, name, env, dataDir);
        processes.push(p);
        return p;
      },
      cli(args) {
        const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...env, DATA_DIR: dataDir } });
        if (r.status !== 0) throw new Error(`nhac-han ${args.join(' ')}: ${r.stderr.toString()}`);
        return r.stdout.toString();
      },
      async close() {
        for (const p of processes) await p.stop();
        await mb.stop();
        await cluster.stop();
      },
    };
  } catch (err) {
    await mailbox?.stop();
    await cluster.stop();
    throw err;
  }
}

/** Embedded PostgreSQL in a child process (./postgres-child.ts); stop() ends it with SIGTERM. */
export async function startPostgresChild(o: {
  dataDir: string;
  port: number;
  database: string;
}): Promise<EmbeddedPostgres> {
  const child = spawn(
    process.execPath,
    ['--require', 'tsx/cjs', path.join(__dirname, 'postgres-child.ts'), JSON.stringify(o)],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await waitFor(
    'PostgreSQL to start',
    async () => {
      if (child.exitCode !== null) throw new Error(`PostgreSQL child exited: ${out}`);
      return /^READY (\S+)$/m.exec(out)?.[1];
    },
    120_000,
    100,
  );
  return {
    url,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function spawnProduct(
  kind: 'worker' | 'web',
  name: string,
  baseEnv: NodeJS.ProcessEnv,
  dataDir: string,
): Promise<ProductProcess> {
  const own = path.join(dataDir, name);
  fs.mkdirSync(own, { recursive: true });
  const port = kind === 'web' ? await freePort() : null;
  const env = { ...baseEnv, DATA_DIR: own };
  if (port !== null) Object.assign(env, { PORT: String(port), APP_BASE_URL: `http://127.0.0.1:${port}` });
  const child = spawn(process.execPath, [BIN, kind], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const keep = (b: Buffer) => (out = (out + b.toString()).slice(-20_000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const alive = () => child.exitCode === null && child.signalCode === null;
  const url = port === null ? null : `http://127.0.0.1:${port}`;
  await waitFor(
    `${name} to be ready`,
    async () => {
      if (!alive()) throw new Error(`${name} exited: ${out.slice(-2000)}`);
      if (url === null) return out.includes('worker đang chạy') ? true : undefined;
      const res = await fetch(`${url}/healthz`);
      return res.status === 200 ? true : undefined;
    },
    180_000,
    500,
  );
  return {
    kind,
    name,
    process: child,
    url,
    output: () => out,
    async killHard() {
      if (!alive()) return;
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (!alive()) return;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(t);
    },
  };
}
