/**
 * The only module that makes the web app listen: `nhac-han web` (the web app alone, against DATABASE_URL and
 * TEMPORAL_ADDRESS) and the embedded default both call {@link listenWeb}. The app itself is importable without
 * listening (src/web/app.ts). The web process sends nothing: it needs no SMTP or SMS settings.
 */
import { startCalendarUpkeep } from './services/calendar-upkeep';
import type { Client, Connection } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config } from './config';
import type { PrismaClient } from './db/prisma';
import type { Mailbox } from './embedded/mailbox';
import { webLinks } from './runtime/activity-deps';
import { connectPrisma, connectTemporal, resolveEndpoints } from './runtime/endpoints';
import { healthChecks, type HealthChecks } from './runtime/health';
import { prefixedLogger } from './runtime/logger';
import { createMetrics, type Metrics } from './runtime/metrics';
import { storeFigures } from './runtime/store-figures';
import { untilStopSignal } from './runtime/stop-signal';
import { buildApp } from './web/app';

export interface WebServerSetup {
  config: Config;
  prisma: PrismaClient;
  temporal: { client: Client; connection: Connection };
  taskQueue: string;
  namespace: string;
  temporalUiUrl: string | null;
  /** `0.0.0.0` for the production process; the embedded default stays on loopback. */
  host: string;
  health: HealthChecks;
  mailbox?: Mailbox;
  logger?: boolean;
  /** This process's metrics, served at `/metrics` (with the worker's, in the embedded default). */
  metrics: Metrics;
}

export async function listenWeb(s: WebServerSetup): Promise<FastifyInstance> {
  const app = await buildApp({
    health: s.health,
    mailbox: s.mailbox,
    temporalUiUrl: s.temporalUiUrl,
    logger: s.logger,
    metrics: { metrics: s.metrics, token: s.config.metrics.token },
    web: {
      prisma: s.prisma,
      links: webLinks(s.config),
      temporal: s.temporal.client,
      taskQueue: s.taskQueue,
      namespace: s.namespace,
      startsPerSecond: s.config.temporal.startsPerSecond,
      dataDir: s.config.dataDir,
      prices: s.config.prices,
      zaloWebhook:
        s.config.zalo.appId && s.config.zalo.oaSecretKey
          ? { appId: s.config.zalo.appId, oaSecretKey: s.config.zalo.oaSecretKey }
          : undefined,
    },
  });
  try {
    await app.listen({ port: s.config.port, host: s.host });
  } catch (err) {
    await app.close();
    throw err;
  }
  return app;
}

/** `nhac-han web`: serves until SIGTERM or SIGINT, then lets requests in flight finish and closes in order. */
export async function runServer(): Promise<void> {
  const config = loadConfig();
  const log = prefixedLogger('web');
  const ep = resolveEndpoints(config, { database: true, temporal: true });
  const prisma = await connectPrisma(ep.databaseUrl, 10);
  try {
    const temporal = await connectTemporal(ep.temporalAddress, ep.namespace);
    try {
      const app = await listenWeb({
        config,
        prisma,
        temporal,
        taskQueue: ep.taskQueue,
        namespace: ep.namespace,
        temporalUiUrl: ep.temporalUiUrl,
        host: '0.0.0.0',
        health: healthChecks({ prisma, temporal: temporal.connection }),
        logger: true,
        // The database-wide gauges are the web process's alone: worker replicas would repeat them.
        metrics: createMetrics({ store: storeFigures(prisma) }),
      });
      log.info('đang phục vụ / serving', { port: config.port });
      await startCalendarUpkeep({ prisma, temporal: temporal.client, taskQueue: ep.taskQueue, log });
      const signal = await untilStopSignal();
      log.info('đang dừng / stopping', { signal });
      // Fastify stops accepting connections and answers the requests already in flight before it resolves.
      await app.close();
    } finally {
      await temporal.connection.close();
    }
  } finally {
    await prisma.$disconnect();
  }
}
