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
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Figures read from the product's database at each scrape (./store-figures.ts builds the reader). */
export interface StoreFigures {
  /** Messages waiting in the outbox (`pending` or `sending`), by channel. */
  outboxWaiting: Record<string, number>;
  /** Seconds since the oldest waiting message was created; 0 when none waits. */
  oldestWaitingAgeSeconds: number;
  /** Obligations not closed yet, by state (`pending`, `overdue`, `escalated`). */
  openObligations: Record<string, number>;
}

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
  /**
   * How late a workflow's timer fired (a reminder's or an escalation's wait run out), in seconds, by `workflow_type`:
   * the server's and the worker's share of a message's delay, before any sending.
   */
  timerLateness: Histogram<'workflow_type'>;
  /** The exposition text: this registry, then the Temporal Core exporter's when one is attached. */
  text(): Promise<string>;
  readonly contentType: string;
  /** Where the Temporal Core runtime of this process serves its metrics (see ./temporal-telemetry.ts). */
  attachCoreExporter(url: string): void;
}

export function createMetrics(
  options: {
    processMetrics?: boolean;
    /**
     * Reads the database-wide figures (outbox backlog, open obligations) at each scrape. Give it to one kind of
     * process only, the web app, so that worker replicas do not report the same figures again. (Default: none.)
     */
    store?: () => Promise<StoreFigures>;
  } = {},
): Metrics {
  const registry = new Registry();
  // Memory, CPU and event-loop lag of this process (`nhac_han_process_resident_memory_bytes`, …). (Default: on.)
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'nhac_han_' });
  const registers = [registry];
  let coreUrl: string | null = null;
  const store = options.store ? storeGauges(registry) : null;
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
    timerLateness: new Histogram({
      name: 'nhac_han_timer_lateness_seconds',
      help: "Seconds from a timer's due instant to the workflow task that saw it fire, by workflow type",
      labelNames: ['workflow_type'],
      // From a busy second to a worker that was down for an hour.
      buckets: [0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600],
      registers,
    }),
    contentType: registry.contentType,
    attachCoreExporter(url) {
      coreUrl = url;
    },
    async text() {
      let gap = '';
      if (store && options.store) {
        try {
          store.set(await options.store());
        } catch (err) {
          // No stale figures: the gauges go empty and the page says why.
          store.clear();
          gap = `# Nhac Han store figures unavailable: ${(err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ')}\n`;
        }
      }
      const own = (await registry.metrics()) + gap;
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

/** The database-wide gauges, set from one read per scrape. */
function storeGauges(registry: Registry) {
  const registers = [registry];
  const waiting = new Gauge({
    name: 'nhac_han_outbox_waiting',
    help: 'Messages waiting in the outbox (pending, or claimed by an attempt still sending), by channel',
    labelNames: ['channel'],
    registers,
  });
  const oldest = new Gauge({
    name: 'nhac_han_outbox_oldest_waiting_age_seconds',
    help: 'Seconds since the oldest waiting message of the outbox was created (0 when none waits)',
    registers,
  });
  const open = new Gauge({
    name: 'nhac_han_obligations_open',
    help: 'Obligations not closed yet (not submitted, late or excused), by state',
    labelNames: ['state'],
    registers,
  });
  return {
    set(f: StoreFigures) {
      waiting.reset();
      open.reset();
      for (const [channel, n] of Object.entries(f.outboxWaiting)) waiting.set({ channel }, n);
      oldest.set(f.oldestWaitingAgeSeconds);
      for (const [state, n] of Object.entries(f.openObligations)) open.set({ state }, n);
    },
    clear() {
      waiting.reset();
      open.reset();
      // Not 0, which would read as "nothing waits".
      oldest.set(NaN);
    },
  };
}
