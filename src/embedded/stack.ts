/**
 * The embedded default (`nhac-han start`): PostgreSQL, the Temporal dev server with its Web UI, a local SMTP
 * mailbox, the worker and the web app in one process tree, with data under DATA_DIR. Each embedded service gives way
 * to its environment variable (DATABASE_URL, TEMPORAL_ADDRESS, SMTP_URL) when set.
 */
import { startCalendarUpkeep } from '../services/calendar-upkeep';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import type { Worker } from '@temporalio/worker';
import type { Logger } from '../runtime/logger';
import { createActivityRuntime } from '../runtime/activity-deps';
import { healthChecks } from '../runtime/health';
import { createMetrics } from '../runtime/metrics';
import { storeFigures } from '../runtime/store-figures';
import { installTemporalTelemetry } from '../runtime/temporal-telemetry';
import { StartupError } from '../runtime/startup-error';
import { ENV, type Config } from '../config';
import { createPrisma, type PrismaClient } from '../db/prisma';
import { createBounceProcessor } from '../services/bounce-reports';
import { ensureFirstAdmin } from '../services/user-service';
import { listenWeb } from '../server';
import { createWorker } from '../worker';
import { startMailbox, type Mailbox } from './mailbox';
import { applyMigrations } from './migrate';
import { assertPortFree } from './ports';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './postgres';
import { reapOrphans } from './orphans';
import { claimDataDir, readLastRunState, writeRunState, type RunState } from './run-state';
import { startTemporalDevServer, type DevServer } from './temporal-dev-server';

export interface Stack {
  state: RunState;
  prisma: PrismaClient;
  temporal: Client;
  mailbox: Mailbox | null;
  /** The first admin's password, only on the start that created the account (printed once). */
  firstAdmin: { email: string; password: string } | null;
  stop(): Promise<void>;
}

export async function startStack(config: Config, log: Logger, progress: (msg: string) => void): Promise<Stack> {
  const lastRun = readLastRunState(config.dataDir);
  const release = claimDataDir(config.dataDir);
  const stops: Array<() => Promise<void> | void> = [release];
  const stopAll = async () => {
    for (const stop of stops.reverse()) {
      try {
        // Bounded: one stuck service must not keep the others (and the terminal) waiting.
        await Promise.race([
          stop(),
          new Promise((_, reject) => setTimeout(() => reject(new Error('did not stop within 15 s')), 15_000).unref()),
        ]);
      } catch (err) {
        log.warn('stop failed', { error: err instanceof Error ? err.message : String(err) });
      }
    }
    stops.length = 0;
  };
  try {
    const leftovers = await reapOrphans(config.dataDir, lastRun?.temporalPid);
    if (leftovers.length > 0)
      progress(`Dừng tiến trình còn sót từ lần chạy trước / stopped leftovers: ${leftovers.join(', ')}`);
    const e = config.embedded;
    const checks: Promise<void>[] = [assertPortFree(config.port, 'web', ENV.PORT)];
    if (!config.databaseUrl) checks.push(assertPortFree(e.postgresPort, 'PostgreSQL', ENV.POSTGRES_PORT));
    if (!config.temporal.address) {
      checks.push(assertPortFree(e.temporalPort, 'Temporal', ENV.TEMPORAL_PORT));
      checks.push(assertPortFree(e.temporalUiPort, 'Temporal Web UI', ENV.TEMPORAL_UI_PORT));
    }
    if (!config.smtpUrl) checks.push(assertPortFree(e.smtpPort, 'SMTP', ENV.SMTP_PORT));
    await Promise.all(checks);

    let databaseUrl = config.databaseUrl;
    if (!databaseUrl) {
      progress(`PostgreSQL (nhúng) trên cổng ${e.postgresPort} …`);
      const pg: EmbeddedPostgres = await startEmbeddedPostgres({ dataDir: config.dataDir, port: e.postgresPort });
      stops.push(() => pg.stop());
      databaseUrl = pg.url;
    }
    progress('Áp dụng migration cơ sở dữ liệu …');
    try {
      await applyMigrations(databaseUrl);
    } catch (err) {
      throw new StartupError(`${ENV.DATABASE_URL}: ${err instanceof Error ? err.message : String(err)}`);
    }
    const prisma = createPrisma(databaseUrl);
    stops.push(() => prisma.$disconnect());
    const firstAdmin = await ensureFirstAdmin(prisma);

    let temporalAddress = config.temporal.address;
    let uiUrl = config.temporal.uiUrl ?? null;
    let temporalPid: number | undefined;
    if (!temporalAddress) {
      progress(`Temporal dev server trên cổng ${e.temporalPort}, Web UI ${e.temporalUiPort} …`);
      const dev: DevServer = await startTemporalDevServer({
        toolsDir: config.toolsDir,
        port: e.temporalPort,
        uiPort: e.temporalUiPort,
        dbFile: path.join(config.dataDir, 'temporal', 'temporal.db'),
        namespace: config.temporal.namespace,
      });
      stops.push(() => dev.stop());
      temporalAddress = dev.address;
      uiUrl = uiUrl ?? dev.uiUrl;
      temporalPid = dev.process.pid;
    }
    let connection: Connection;
    try {
      connection = await Connection.connect({ address: temporalAddress, connectTimeout: 5000 });
    } catch (err) {
      throw new StartupError(
        `${ENV.TEMPORAL_ADDRESS}: không kết nối được ${temporalAddress} / unreachable (${err instanceof Error ? err.message : String(err)})`,
      );
    }
    stops.push(() => connection.close());
    const temporal = new Client({ connection, namespace: config.temporal.namespace });

    let smtpUrl = config.smtpUrl;
    let mailbox: Mailbox | null = null;
    if (!smtpUrl) {
      progress(`Hộp thư SMTP (nhúng) trên cổng ${e.smtpPort} …`);
      // The embedded mailbox is also the return path: a delivery status notification arriving here is applied.
      const mb = await startMailbox({
        dir: path.join(config.dataDir, 'mailbox'),
        port: e.smtpPort,
        onMessage: createBounceProcessor(prisma),
      });
      stops.push(() => mb.stop());
      mailbox = mb;
      smtpUrl = mb.url;
    }
    const runtime = await createActivityRuntime(config, { prisma, smtpUrl, log });
    stops.push(() => runtime.close());
    progress('Worker …');
    // One registry for the worker and the web app of this process: /metrics shows both (and Temporal's worker's).
    const metrics = createMetrics({ store: storeFigures(prisma) });
    await installTemporalTelemetry(metrics, log);
    const { worker, connection: workerConnection }: { worker: Worker; connection: { close(): Promise<void> } } =
      await createWorker({
        address: temporalAddress,
        namespace: config.temporal.namespace,
        taskQueue: config.temporal.taskQueue,
        deps: runtime.deps,
        tuning: config.worker,
        metrics,
      });
    const running = worker.run();
    stops.push(async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running.catch(() => undefined);
      await workerConnection.close();
    });

    progress(`Ứng dụng web trên cổng ${config.port} …`);
    const app: FastifyInstance = await listenWeb({
      config,
      prisma,
      temporal: { client: temporal, connection },
      taskQueue: config.temporal.taskQueue,
      namespace: config.temporal.namespace,
      temporalUiUrl: uiUrl,
      host: '127.0.0.1',
      health: healthChecks({ prisma, temporal: connection, mailer: runtime.mailer, worker }),
      mailbox: mailbox ?? undefined,
      metrics,
    });
    stops.push(() => app.close());
    await startCalendarUpkeep({ prisma, temporal, taskQueue: config.temporal.taskQueue, log });

    const state: RunState = {
      pid: process.pid,
      startedAt: new Date().toISOString(),
      databaseUrl,
      temporalAddress,
      temporalNamespace: config.temporal.namespace,
      temporalUiUrl: uiUrl,
      smtpUrl,
      webUrl: `http://127.0.0.1:${config.port}`,
      taskQueue: config.temporal.taskQueue,
      temporalPid,
    };
    writeRunState(config.dataDir, state);
    return { state, prisma, temporal, mailbox, firstAdmin, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
