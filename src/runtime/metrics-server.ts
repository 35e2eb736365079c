/**
 * `nhac-han worker`'s own `/metrics` (on `WORKER_METRICS_PORT`): the worker process has no web app, so its counters
 * (messages, retries, workflows started, submissions) and the Temporal worker's are served here, with the same
 * access rule as the web app's route (./metrics-access.ts).
 */
import http from 'node:http';
import { metricsRefusal } from './metrics-access';
import type { Metrics } from './metrics';

export interface MetricsServer {
  port: number;
  close(): Promise<void>;
}

export async function startMetricsServer(
  metrics: Metrics,
  o: { port: number; host: string; token: string | undefined },
): Promise<MetricsServer> {
  const server = http.createServer((req, res) => {
    const send = (status: number, type: string, body: string) =>
      res.writeHead(status, { 'content-type': type }).end(body);
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics')
      return send(404, 'text/plain', 'not found\n');
    const why = metricsRefusal(o.token, {
      remoteAddress: req.socket.remoteAddress,
      authorization: req.headers.authorization,
    });
    if (why === 'token')
      return send(403, 'text/plain; charset=utf-8', 'Thiếu hoặc sai METRICS_TOKEN / missing or wrong token\n');
    if (why) return send(403, 'text/plain; charset=utf-8', 'Chỉ mở được từ máy này / local access only\n');
    metrics.text().then(
      (text) => send(200, metrics.contentType, text),
      () => send(500, 'text/plain', 'metrics unavailable\n'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => resolve());
  });
  const addr = server.address();
  return {
    port: typeof addr === 'object' && addr ? addr.port : o.port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
