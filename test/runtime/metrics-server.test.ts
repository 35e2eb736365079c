/**
 * `nhac-han worker`'s own metrics port (WORKER_METRICS_PORT) over real HTTP, and the access rule it shares with the
 * web app's `/metrics`: the bearer token when METRICS_TOKEN is set, else this machine only.
 */
import { metricsRefusal } from '../../src/runtime/metrics-access';
import { createMetrics } from '../../src/runtime/metrics';
import { startMetricsServer, type MetricsServer } from '../../src/runtime/metrics-server';

const TOKEN = 'un-jeton-de-test-assez-long';
let servers: MetricsServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

test("the worker's port serves its counters to the token's bearer, and nothing else", async () => {
  const metrics = createMetrics({ processMetrics: false });
  metrics.messages.inc({ kind: 'overdue', channel: 'email', outcome: 'failed' });
  metrics.outboxRetries.inc({ kind: 'overdue', channel: 'email' });
  const s = await startMetricsServer(metrics, { port: 0, host: '127.0.0.1', token: TOKEN });
  servers.push(s);
  const base = `http://127.0.0.1:${s.port}`;

  const ok = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(ok.status).toBe(200);
  expect(ok.headers.get('content-type')).toContain('text/plain');
  const text = await ok.text();
  expect(text).toContain('nhac_han_messages_total{kind="overdue",channel="email",outcome="failed"} 1');
  expect(text).toContain('nhac_han_outbox_retries_total{kind="overdue",channel="email"} 1');

  const none = await fetch(`${base}/metrics`);
  expect([none.status, await none.text()]).toEqual([403, 'Thiếu hoặc sai METRICS_TOKEN / missing or wrong token\n']);
  const wrong = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}x` } });
  expect(wrong.status).toBe(403);
  expect((await fetch(`${base}/other`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
});

test('a Temporal exporter that does not answer leaves the product figures and a comment saying why', async () => {
  const metrics = createMetrics({ processMetrics: false });
  metrics.workflowsStarted.inc({ type: 'obligationWorkflow' });
  metrics.attachCoreExporter('http://127.0.0.1:1/metrics');
  const s = await startMetricsServer(metrics, { port: 0, host: '127.0.0.1', token: undefined });
  servers.push(s);
  // No token set: a client on this machine may scrape.
  const res = await fetch(`http://127.0.0.1:${s.port}/metrics`);
  expect(res.status).toBe(200);
  const text = await res.text();
  expect(text).toContain('nhac_han_workflows_started_total{type="obligationWorkflow"} 1');
  expect(text).toMatch(/^# Temporal worker metrics unavailable: /m);
});

test('without a token only loopback clients may scrape; with one, only its bearer', () => {
  const from = (remoteAddress: string, authorization?: string) => ({ remoteAddress, authorization });
  expect(metricsRefusal(undefined, from('127.0.0.1'))).toBeNull();
  expect(metricsRefusal(undefined, from('::ffff:127.0.0.1'))).toBeNull();
  expect(metricsRefusal(undefined, from('::1'))).toBeNull();
  expect(metricsRefusal(undefined, from('10.1.2.3'))).toBe('remote');
  expect(metricsRefusal(undefined, from('::ffff:10.1.2.3'))).toBe('remote');
  expect(metricsRefusal(TOKEN, from('10.1.2.3', `Bearer ${TOKEN}`))).toBeNull();
  expect(metricsRefusal(TOKEN, from('127.0.0.1'))).toBe('token');
  expect(metricsRefusal(TOKEN, from('127.0.0.1', TOKEN))).toBe('token');
  expect(metricsRefusal(TOKEN, from('127.0.0.1', `Bearer ${TOKEN.slice(1)}`))).toBe('token');
});
