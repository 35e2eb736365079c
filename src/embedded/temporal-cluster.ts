/**
 * A Temporal cluster as production runs it, on loopback: Temporal's own server (built from its Go module by
 * scripts/setup-temporal-server.js) on PostgreSQL, with SQL visibility carrying the project's search attributes,
 * schemas set up and upgraded by temporal-sql-tool, and several server nodes, each running all four services
 * (frontend, history, matching, worker) on its own ports and finding the others through the membership table in
 * PostgreSQL (ringpop over 127.0.0.1). Used by `npm run cluster` and the cluster test suite.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { Client as PgClient } from 'pg';
import YAML from 'yaml';
import { SEARCH_ATTRIBUTE_DEFINITIONS } from '../domain/search-attributes';
import { freePort } from './ports';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './postgres';
import { ensureDatabase, setupTemporalSchemas } from './temporal-schemas';

/** Fixed for the life of a cluster: history shards are how work is split between nodes (docker-compose.yml: the same). */
export const HISTORY_SHARDS = 4;
/** temporal.api.enums.v1.IndexedValueType (KEYWORD, INT, DATETIME), without a dependency on the proto package. */
const INDEXED_VALUE_TYPE = { Keyword: 2, Int: 3, Datetime: 6 } as const;

interface NodePorts {
  frontend: number;
  frontendHttp: number;
  frontendMembership: number;
  history: number;
  historyMembership: number;
  matching: number;
  matchingMembership: number;
  worker: number;
  workerMembership: number;
  metrics: number;
}

export interface TemporalNode {
  index: number;
  address: string;
  metricsUrl: string;
  configFile: string;
  process: ChildProcess | null;
  /** SIGKILL (the point of the failover tests) or SIGTERM; resolves once the process has exited. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts the node again with the same configuration and waits until its frontend answers. */
  restart(): Promise<void>;
}

export interface TemporalCluster {
  namespace: string;
  nodes: TemporalNode[];
  /** Every frontend, `host:port,host:port` (for a client that should try each). */
  addresses: string[];
  postgres(): EmbeddedPostgres;
  /** A database for the product beside Temporal's, on the same PostgreSQL (created if missing). */
  productDatabaseUrl: string;
  restartPostgres(): Promise<number>;
  /** Live members by role, read from Temporal's `cluster_membership` table. */
  members(): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

export interface ClusterOptions {
  serverDir: string;
  dataDir: string;
  nodes?: number;
  postgresPort?: number;
  namespace?: string;
  log?: (line: string) => void;
  /** How PostgreSQL is started (and started again by restartPostgres); default: embedded, in this process. */
  startPostgres?: (o: { dataDir: string; port: number; database: string }) => Promise<EmbeddedPostgres>;
}

function nodeConfig(ports: NodePorts, seedFrontend: number, pgUrl: string, dynamicConfig: string): string {
  const u = new URL(pgUrl);
  const store = (databaseName: string, maxConns: number) => ({
    sql: {
      pluginName: 'postgres12',
      databaseName,
      connectAddr: `${u.hostname}:${u.port}`,
      connectProtocol: 'tcp',
      user: decodeURIComponent(u.username),
      password: decodeURIComponent(u.password),
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
    },
  });
  const rpc = (grpcPort: number, membershipPort: number, httpPort?: number) => ({
    rpc: { grpcPort, membershipPort, bindOnLocalHost: true, ...(httpPort ? { httpPort } : {}) },
  });
  return YAML.stringify({
    log: { stdout: true, level: 'warn' },
    persistence: {
      defaultStore: 'default',
      visibilityStore: 'visibility',
      numHistoryShards: HISTORY_SHARDS,
      datastores: { default: store('temporal', 20), visibility: store('temporal_visibility', 5) },
    },
    global: {
      membership: { maxJoinDuration: '30s', broadcastAddress: '127.0.0.1' },
      metrics: {
        prometheus: { framework: 'tally', timerType: 'histogram', listenAddress: `127.0.0.1:${ports.metrics}` },
      },
    },
    services: {
      frontend: rpc(ports.frontend, ports.frontendMembership, ports.frontendHttp),
      history: rpc(ports.history, ports.historyMembership),
      matching: rpc(ports.matching, ports.matchingMembership),
      worker: rpc(ports.worker, ports.workerMembership),
    },
    // No publicClient: the internal worker service finds a live frontend through membership, not a fixed address.
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: {
        active: {
          enabled: true,
          initialFailoverVersion: 1,
          rpcName: 'frontend',
          rpcAddress: `127.0.0.1:${seedFrontend}`,
        },
      },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    archival: { history: { state: 'disabled' }, visibility: { state: 'disabled' } },
    namespaceDefaults: { archival: { history: { state: 'disabled' }, visibility: { state: 'disabled' } } },
    dynamicConfigClient: { filepath: dynamicConfig, pollInterval: '10s' },
  });
}

/** Dynamic config of every node (ops/temporal/dynamicconfig.yaml, for docker-compose.yml, holds the same). */
export const DYNAMIC_CONFIG = {
  // Search attributes added a moment ago are usable at once (as the dev server does).
  'system.forceSearchAttributesCacheRefreshOnRead': [{ value: true }],
  'frontend.enableUpdateWorkflowExecution': [{ value: true }],
  'frontend.enableUpdateWorkflowExecutionAsyncAccepted': [{ value: true }],
  'limit.maxIDLength': [{ value: 255 }],
};

/**
 * Ports below 32768 for every node: Temporal's `cluster_membership.rpc_port` is a PostgreSQL smallint, so a node
 * on an OS-chosen (ephemeral, 32768+) port dies at start with "value … is out of range for type smallint".
 */
async function allocatePorts(taken: Set<number>): Promise<NodePorts> {
  const names: Array<keyof NodePorts> = [
    'frontend',
    'frontendHttp',
    'frontendMembership',
    'history',
    'historyMembership',
    'matching',
    'matchingMembership',
    'worker',
    'workerMembership',
    'metrics',
  ];
  const ports = {} as NodePorts;
  for (const n of names) {
    for (;;) {
      const candidate = 20_000 + Math.floor(Math.random() * 12_000);
      if (!taken.has(candidate) && (await isFree(candidate))) {
        taken.add(candidate);
        ports[n] = candidate;
        break;
      }
    }
  }
  return ports;
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** Resolves once `address` answers GetSystemInfo (and, given a namespace, DescribeNamespace). */
export async function waitForFrontend(
  address: string,
  opts: { namespace?: string; timeoutMs: number; exited?: () => string | null },
): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  let last = '';
  for (;;) {
    const gone = opts.exited?.();
    if (gone) throw new Error(`Temporal node ${address} exited: ${gone}`);
    try {
      const conn = await Connection.connect({ address, connectTimeout: 2000 });
      try {
        await conn.workflowService.getSystemInfo({});
        if (opts.namespace) await conn.workflowService.describeNamespace({ namespace: opts.namespace });
        return;
      } finally {
        await conn.close();
      }
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    if (Date.now() > deadline)
      throw new Error(`Temporal node ${address} not ready within ${opts.timeoutMs} ms: ${last}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

function spawnNode(
  serverDir: string,
  configFile: string,
  logFile: string,
): { child: ChildProcess; tail: () => string } {
  const out = fs.openSync(logFile, 'a');
  const child = spawn(
    path.join(serverDir, 'bin', 'temporal-server'),
    ['--config-file', configFile, '--allow-no-auth', 'start'],
    { stdio: ['ignore', out, out] },
  );
  fs.closeSync(out);
  const tail = () => fs.readFileSync(logFile, 'utf8').trim().split('\n').slice(-5).join(' | ');
  return { child, tail };
}

async function registerNamespace(address: string, namespace: string, timeoutMs: number): Promise<void> {
  const conn = await Connection.connect({ address });
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        await conn.workflowService.registerNamespace({
          namespace,
          workflowExecutionRetentionPeriod: msToTs('7 days'),
        });
        break;
      } catch (err) {
        const msg = err instanceof Error ? err.message : String(err);
        if (/already exists|AlreadyExists/i.test(msg)) break;
        if (Date.now() > deadline) throw new Error(`register namespace ${namespace}: ${msg}`);
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
    const { customAttributes } = await conn.operatorService.listSearchAttributes({ namespace });
    const missing = SEARCH_ATTRIBUTE_DEFINITIONS.filter(([name]) => !(name in (customAttributes ?? {})));
    await waitForFrontend(address, { namespace, timeoutMs });
    if (missing.length > 0) {
      await conn.operatorService.addSearchAttributes({
        namespace,
        searchAttributes: Object.fromEntries(missing.map(([name, type]) => [name, INDEXED_VALUE_TYPE[type]])),
      });
    }
  } finally {
    await conn.close();
  }
}

export async function startTemporalCluster(opts: ClusterOptions): Promise<TemporalCluster> {
  const log = opts.log ?? (() => undefined);
  const namespace = opts.namespace ?? 'default';
  const count = opts.nodes ?? 2;
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const pgPort = opts.postgresPort ?? (await freePort());
  const startPg = () =>
    (opts.startPostgres ?? startEmbeddedPostgres)({ dataDir: opts.dataDir, port: pgPort, database: 'nhac_han' });
  let pg = await startPg();
  await setupTemporalSchemas(opts.serverDir, pg.url, log);

  const dynamicConfig = path.join(opts.dataDir, 'dynamicconfig.yaml');
  fs.writeFileSync(dynamicConfig, YAML.stringify(DYNAMIC_CONFIG));
  const allPorts: NodePorts[] = [];
  const taken = new Set<number>();
  for (let i = 0; i < count; i++) allPorts.push(await allocatePorts(taken));
  const seed = allPorts[0]!.frontend;

  const nodes: TemporalNode[] = allPorts.map((ports, index) => {
    const configFile = path.join(opts.dataDir, `temporal-node-${index + 1}.yaml`);
    fs.writeFileSync(configFile, nodeConfig(ports, seed, pg.url, dynamicConfig));
    const logFile = path.join(opts.dataDir, `temporal-node-${index + 1}.log`);
    const node: TemporalNode = {
      index,
      address: `127.0.0.1:${ports.frontend}`,
      metricsUrl: `http://127.0.0.1:${ports.metrics}/metrics`,
      configFile,
      process: null,
      async kill(signal = 'SIGKILL') {
        const child = node.process;
        if (!child || child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((r) => child.once('exit', r));
        child.kill(signal);
        await exited;
      },
      async restart() {
        await node.kill('SIGTERM');
        const { child, tail } = spawnNode(opts.serverDir, configFile, logFile);
        node.process = child;
        await waitForFrontend(node.address, {
          timeoutMs: 180_000,
          exited: () => (child.exitCode !== null || child.signalCode !== null ? tail() : null),
        });
      },
    };
    return node;
  });

  const stopAll = async () => {
    await Promise.all(nodes.map((n) => n.kill('SIGTERM')));
    await pg.stop();
  };
  try {
    // Node 1 first: it writes the cluster metadata; the others join its ring.
    for (const node of nodes) {
      await node.restart();
      log(`node ${node.index + 1}: frontend ${node.address}, metrics ${node.metricsUrl}`);
    }
    await registerNamespace(nodes[0]!.address, namespace, 120_000);
    for (const node of nodes) await waitForFrontend(node.address, { namespace, timeoutMs: 120_000 });
    await ensureDatabase(pg.url, 'nhac_han');
  } catch (err) {
    await stopAll();
    throw err;
  }

  const temporalDbUrl = () => {
    const u = new URL(pg.url);
    u.pathname = '/temporal';
    return u.toString();
  };
  return {
    namespace,
    nodes,
    addresses: nodes.map((n) => n.address),
    postgres: () => pg,
    productDatabaseUrl: pg.url,
    async restartPostgres() {
      const t0 = Date.now();
      await pg.stop();
      pg = await startPg();
      return Date.now() - t0;
    },
    async members() {
      const c = new PgClient({ connectionString: temporalDbUrl() });
      await c.connect();
      try {
        const r = await c.query<{ role: number; n: string }>(
          // Temporal's own rule for a healthy host: a heartbeat (every 10–15 s) within the last 20 s. Rows stay 48 h.
          "SELECT role, count(DISTINCT rpc_port) AS n FROM cluster_membership WHERE last_heartbeat > now() - interval '20 seconds' GROUP BY role",
        );
        const roles: Record<number, string> = { 1: 'frontend', 2: 'history', 3: 'matching', 4: 'worker' };
        return Object.fromEntries(r.rows.map((row) => [roles[row.role] ?? String(row.role), Number(row.n)]));
      } finally {
        await c.end();
      }
    },
    stop: stopAll,
  };
}
