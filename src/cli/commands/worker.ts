import { loadConfig } from '../../config';
import { readRunState } from '../../embedded/run-state';
import { createActivityRuntime } from '../../runtime/activity-deps';
import { connectPrisma, firstLine, resolveEndpoints } from '../../runtime/endpoints';
import { consoleLogger } from '../../runtime/logger';
import { createMetrics } from '../../runtime/metrics';
import { startMetricsServer, type MetricsServer } from '../../runtime/metrics-server';
import { installTemporalTelemetry } from '../../runtime/temporal-telemetry';
import { StartupError } from '../../runtime/startup-error';
import { untilStopSignal } from '../../runtime/stop-signal';
import { createWorker } from '../../worker';
import { ENV } from '../../config';

/**
 * `nhac-han worker`: the worker alone, against DATABASE_URL, TEMPORAL_ADDRESS and SMTP_URL; runs until SIGTERM or
 * SIGINT, then lets the activities in flight finish. With WORKER_METRICS_PORT, serves its `/metrics` there.
 */
export async function workerCommand(): Promise<void> {
  const config = loadConfig();
  const ep = resolveEndpoints(config, { database: true, temporal: true });
  const smtpUrl = config.smtpUrl ?? readRunState(config.dataDir)?.smtpUrl;
  if (!smtpUrl) throw new StartupError(`${ENV.SMTP_URL}: cần đặt cho worker / is required by the worker`);
  const metrics = createMetrics();
  // Before the worker's first connection: the Temporal runtime is installed once per process.
  await installTemporalTelemetry(metrics, consoleLogger);
  let metricsServer: MetricsServer | undefined;
  if (config.metrics.workerPort !== undefined) {
    metricsServer = await startMetricsServer(metrics, {
      port: config.metrics.workerPort,
      host: '0.0.0.0',
      token: config.metrics.token,
    }).catch((err: unknown) => {
      throw new StartupError(`${ENV.WORKER_METRICS_PORT}: ${firstLine(err)}`);
    });
    console.log(`[nhac-han] metrics: http://0.0.0.0:${metricsServer.port}/metrics`);
  }
  const prisma = await connectPrisma(ep.databaseUrl, 10);
  try {
    const runtime = await createActivityRuntime(config, { prisma, smtpUrl, log: consoleLogger });
    try {
      const { worker, connection } = await createWorker({
        address: ep.temporalAddress,
        namespace: ep.namespace,
        taskQueue: ep.taskQueue,
        workflowBundlePath: config.workflowBundle,
        deps: runtime.deps,
        tuning: config.worker,
        metrics,
      }).catch((err: unknown) => {
        throw new StartupError(`${ENV.TEMPORAL_ADDRESS}: ${firstLine(err)}`);
      });
      try {
        console.log(`[nhac-han] worker đang chạy / running: ${ep.temporalAddress}, task queue ${ep.taskQueue}`);
        const running = worker.run();
        const stopped = untilStopSignal().then((signal) => {
          console.log(`[nhac-han] ${signal}: worker đang dừng / stopping …`);
          if (worker.getState() === 'RUNNING') worker.shutdown();
        });
        await Promise.race([running, stopped.then(() => running)]);
      } finally {
        await connection.close();
      }
    } finally {
      runtime.close();
    }
  } finally {
    await prisma.$disconnect();
    await metricsServer?.close();
  }
}
