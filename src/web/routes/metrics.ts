/**
 * `GET /metrics`: the process's Prometheus text (src/runtime/metrics.ts): the product's counters and, where the
 * worker runs in this process (the embedded default), the Temporal worker's. Also counts every HTTP answer by route
 * pattern and status. Access: `METRICS_TOKEN` as a bearer token, else only from this machine (../access.ts).
 */
import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../../runtime/metrics';
import type { WebContext } from '../context';

export interface MetricsEndpoint {
  metrics: Metrics;
  /** `METRICS_TOKEN`; unset: only clients on this machine may scrape. */
  token: string | undefined;
}

/** Counts every answer; call before any route is registered. Unmatched URLs share one label (no URL cardinality). */
export function countHttpRequests(app: FastifyInstance, metrics: Metrics): void {
  app.addHook('onResponse', async (req, reply) => {
    metrics.httpRequests.inc({
      method: req.method,
      route: req.routeOptions.url ?? 'unmatched',
      status: String(reply.statusCode),
    });
  });
}

export function registerMetricsRoute(app: FastifyInstance, ctx: WebContext, m: MetricsEndpoint): void {
  app.get('/metrics', ctx.guard({ access: { kind: 'metrics', token: m.token } }), async (_req, reply) =>
    reply.type(m.metrics.contentType).send(await m.metrics.text()),
  );
}
