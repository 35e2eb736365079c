/**
 * The Temporal worker's own metrics (poll latencies, task slots, sticky cache, activity and workflow task counts,
 * schedule-to-start latency), exported by the SDK's Core runtime in Prometheus format. The Core exporter listens on
 * a loopback port of its own that nobody scrapes directly: the process's `/metrics` (src/web/routes/metrics.ts, or
 * ./metrics-server.ts for `nhac-han worker`) appends its text to the product's, behind the same access rule.
 *
 * The runtime is a process-wide singleton: this must run before the first NativeConnection of the process.
 */
import { Runtime, type RuntimeOptions } from '@temporalio/worker';
import { freePort } from '../embedded/ports';
import type { Logger } from './logger';
import type { Metrics } from './metrics';

/**
 * Installs the runtime with its Prometheus exporter and attaches it to `metrics`; false if a runtime already runs.
 * `sdkLogger`: the SDK's own log lines. (Default: the SDK's, INFO and above on stderr.)
 */
export async function installTemporalTelemetry(
  metrics: Metrics,
  log: Logger,
  sdkLogger?: RuntimeOptions['logger'],
): Promise<boolean> {
  const bindAddress = `127.0.0.1:${await freePort()}`;
  try {
    Runtime.install({
      ...(sdkLogger ? { logger: sdkLogger } : {}),
      telemetryOptions: { metrics: { prometheus: { bindAddress, countersTotalSuffix: true } } },
    });
  } catch (err) {
    // Another part of this process created the runtime first: the product's metrics still answer.
    log.warn('Temporal worker metrics not exported', { error: err instanceof Error ? err.message : String(err) });
    return false;
  }
  metrics.attachCoreExporter(`http://${bindAddress}/metrics`);
  return true;
}
