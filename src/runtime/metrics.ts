/**
 * The product's Prometheus metrics (prom-client), one registry per process, handed to the worker's activities and
 * to the web app by whoever builds them (the embedded stack, `nhac-han worker`, `nhac-han web`, tests). The
 * Temporal worker's own metrics come from its Core runtime's exporter (./temporal-telemetry.ts); `text()` appends
 * them, so one scrape of `/metrics` shows both where the worker runs in the same process.
 *
 * @example
 * const metrics = createMetrics();
 * metrics.messages.inc({ kind: 'reminder', channel: 'email', outcome: 'sent' });
 * const body = await metrics.text();
 */
import { collectDefaultMetrics, Counter, Registry } from 'prom-client';

export interface Metrics {
  /** Every outcome of an attempt at a message: `kind` (reminder, escalation, …), `channel`, `outcome`. */
  messages: Counter<'kind' | 'channel' | 'outcome'>;
  /** Transient failures after which the outbox put a message back for Temporal to retry. */
  outboxRetries: Counter<'kind' | 'channel'>;
  /** Workflow executions this worker began (first run; replays and continue-as-new not counted), by type. */
  workflowsStarted: Counter<'type'>;
  /** Submissions the obligation workflows took in (any source: portal, CLI, paper), by `state` (submitted, late). */
  submissions: Counter<'state'>;
  /** HTTP answers of the web app, by route pattern (never the URL: tokens stay out) and status. */
  httpRequests: Counter<'method' | 'route' | 'status'>;
  /** The exposition text: this registry, then the Temporal Core exporter's when one is attached. */
  text(): Promise<string>;
  readonly contentType: string;
  /** Where the Temporal Core runtime of this process serves its metrics (see ./temporal-telemetry.ts). */
  attachCoreExporter(url: string): void;
}

export function createMetrics(options: { processMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  // Memory, CPU and event-loop lag of this process (`nhac_han_process_resident_memory_bytes`, …). (Default: on.)
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'nhac_han_' });
  const registers = [registry];
  let coreUrl: string | null = null;
  return {
    messages: new Counter({
      name: 'nhac_han_messages_total',
      help: 'Attempts at a message by kind, channel and outcome (sent, failed, retry, already-sent, in-flight)',
      labelNames: ['kind', 'channel', 'outcome'],
      registers,
    }),
    outboxRetries: new Counter({
      name: 'nhac_han_outbox_retries_total',
      help: 'Messages put back by the outbox after a transient failure, for Temporal to retry',
      labelNames: ['kind', 'channel'],
      registers,
    }),
    workflowsStarted: new Counter({
      name: 'nhac_han_workflows_started_total',
      help: 'Workflow executions begun on this worker, by workflow type',
      labelNames: ['type'],
      registers,
    }),
    submissions: new Counter({
      name: 'nhac_han_submissions_total',
      help: 'Submissions taken in by the obligation workflows, on time (submitted) or late',
      labelNames: ['state'],
      registers,
    }),
    httpRequests: new Counter({
      name: 'nhac_han_http_requests_total',
      help: 'HTTP answers of the web app, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      registers,
    }),
    contentType: registry.contentType,
    attachCoreExporter(url) {
      coreUrl = url;
    },
    async text() {
      const own = await registry.metrics();
      if (!coreUrl) return own;
      try {
        const res = await fetch(coreUrl, { signal: AbortSignal.timeout(3000) });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        return `${own}\n${await res.text()}`;
      } catch (err) {
        // The product's figures still answer; the gap says why the worker's are missing.
        const why = err instanceof Error ? err.message : String(err);
        return `${own}\n# Temporal worker metrics unavailable: ${why.replace(/\s+/g, ' ')}\n`;
      }
    },
  };
}
