/**
 * Who may read `/metrics` (the web app's route and the worker's own port): with `METRICS_TOKEN` set, a request
 * carrying `Authorization: Bearer <token>`; without it, only a client on this machine (the connection's address,
 * not a Host header a client may forge). Metrics name routes and counts, never people, but they tell an outsider
 * how busy each plan is.
 */
import { timingSafeEqual } from 'node:crypto';

export type MetricsRefusal = 'token' | 'remote';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

export function metricsRefusal(
  token: string | undefined,
  req: { remoteAddress: string | undefined; authorization: string | undefined },
): MetricsRefusal | null {
  if (!token) return req.remoteAddress && LOOPBACK.test(req.remoteAddress) ? null : 'remote';
  const given = Buffer.from(/^Bearer (.+)$/.exec(req.authorization ?? '')?.[1] ?? '');
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted) ? null : 'token';
}
