/**
 * ops/grafana/nhac-han.json cannot drift from the product: every `nhac_han_*` name a panel queries is one the
 * product's registry (src/runtime/metrics.ts) exposes, read from its exposition text, each of the product's own
 * metrics has a panel, and every `temporal_*` name of the worker is one the SDK's Core defines.
 * ops/prometheus/prometheus.yml scrapes the ports docker-compose.yml opens for metrics.
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { createMetrics } from '../../src/runtime/metrics';

const ROOT = path.join(__dirname, '..', '..');

interface Target {
  expr: string;
  datasource?: { uid?: string };
}
interface Panel {
  id: number;
  type: string;
  title: string;
  datasource?: { uid?: string };
  targets?: Target[];
  panels?: Panel[];
}
interface Dashboard {
  uid: string;
  panels: Panel[];
}

const readDashboard = (): Dashboard =>
  JSON.parse(fs.readFileSync(path.join(ROOT, 'ops', 'grafana', 'nhac-han.json'), 'utf8')) as Dashboard;
const allPanels = (panels: Panel[]): Panel[] => panels.flatMap((p) => [p, ...allPanels(p.panels ?? [])]);

/** Every series name the product's registry exposes (a histogram's `_bucket`, `_sum`, `_count` included). */
async function registeredNames(): Promise<{ names: Set<string>; ownCounters: string[] }> {
  // With a store, as the web process builds it: the database-wide gauges are registered too.
  const store = async () => ({
    outboxWaiting: { email: 0 },
    oldestWaitingAgeSeconds: 0,
    openObligations: { pending: 0 },
  });
  const text = await createMetrics({ store }).text();
  const names = new Set<string>();
  const ownCounters: string[] = [];
  for (const m of text.matchAll(/^# TYPE (\S+) (\w+)$/gm)) {
    const [, name, type] = m as unknown as [string, string, string];
    names.add(name);
    if (type === 'histogram' || type === 'summary') for (const s of ['_bucket', '_sum', '_count']) names.add(name + s);
    if (!/^nhac_han_(process|nodejs)_/.test(name)) ownCounters.push(name);
  }
  return { names, ownCounters };
}

/**
 * The metric names of the Temporal SDK's Core (`temporal_` + name), read from the Rust sources the npm package ships:
 * `name: "…"` in its metric definitions and the `…_NAME` constants.
 */
function coreMetricNames(): Set<string> {
  // The bridge is @temporalio/worker's dependency, installed beside it.
  const worker = path.dirname(require.resolve('@temporalio/worker/package.json'));
  const crates = path.join(worker, '..', 'core-bridge', 'sdk-core', 'crates');
  const files = [
    path.join(crates, 'sdk-core', 'src', 'telemetry', 'metrics.rs'),
    path.join(crates, 'common', 'src', 'telemetry', 'metrics.rs'),
    path.join(crates, 'client', 'src', 'metrics.rs'),
  ];
  const names = new Set<string>();
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    for (const m of text.matchAll(/name: "([a-z_]+)"\.into\(\)|_NAME: &str =\s*"([a-z_]+)"/g)) names.add(m[1] ?? m[2]!);
  }
  return names;
}

async function dashboardProblems(dashboard: Dashboard): Promise<string[]> {
  const core = coreMetricNames();
  const { names, ownCounters } = await registeredNames();
  const problems: string[] = [];
  const panels = allPanels(dashboard.panels);
  const ids = panels.map((p) => p.id);
  if (new Set(ids).size !== ids.length) problems.push('panel ids repeat');
  const used = new Set<string>();
  for (const p of panels.filter((q) => q.type !== 'row')) {
    if (!p.targets?.length) problems.push(`${p.title}: no query`);
    if (p.datasource?.uid !== '${DS_PROMETHEUS}') problems.push(`${p.title}: datasource is not the import input`);
    for (const t of p.targets ?? []) {
      for (const [name] of t.expr.matchAll(/\bnhac_han_[a-z0-9_]+/g)) {
        // A histogram is shown through its series: `_bucket` counts as the histogram.
        used.add(name).add(name.replace(/_(bucket|sum|count)$/, ''));
        if (!names.has(name)) problems.push(`${p.title}: ${name} is not a metric of src/runtime/metrics.ts`);
      }
      // The worker's Temporal metrics (counters end in `_total`: countersTotalSuffix in src/runtime/temporal-telemetry.ts).
      for (const [name] of t.expr.matchAll(/\btemporal_[a-z0-9_]+/g)) {
        if (!core.has(name.replace(/^temporal_/, '').replace(/_(total|bucket|sum|count)$/, '')))
          problems.push(`${p.title}: ${name} is not a metric of the Temporal SDK's Core`);
      }
    }
  }
  for (const name of ownCounters) if (!used.has(name)) problems.push(`no panel shows ${name}`);
  return problems;
}

test('every nhac_han_* name in the dashboard is registered by the product, and each own counter has a panel', async () => {
  expect(await dashboardProblems(readDashboard())).toEqual([]);
});

test('a panel querying a metric the product does not register is caught', async () => {
  const d = readDashboard();
  const panel = allPanels(d.panels).find((p) => p.targets?.length)!;
  panel.targets![0]!.expr = 'sum(nhac_han_outbox_backlog)';
  expect(await dashboardProblems(d)).toContain(
    `${panel.title}: nhac_han_outbox_backlog is not a metric of src/runtime/metrics.ts`,
  );
  const none = readDashboard();
  for (const p of allPanels(none.panels))
    for (const t of p.targets ?? []) t.expr = t.expr.replace(/nhac_han_submissions_total/g, 'up');
  expect(await dashboardProblems(none)).toContain('no panel shows nhac_han_submissions_total');
  const sdk = readDashboard();
  const sdkPanel = allPanels(sdk.panels).find((p) => p.targets?.some((t) => t.expr.includes('temporal_sticky')))!;
  sdkPanel.targets![0]!.expr = 'temporal_sticky_cache_bytes';
  expect(await dashboardProblems(sdk)).toContain(
    `${sdkPanel.title}: temporal_sticky_cache_bytes is not a metric of the Temporal SDK's Core`,
  );
});

test('ops/prometheus/prometheus.yml scrapes the metrics ports docker-compose.yml opens', () => {
  const compose = YAML.parse(fs.readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
    services: Record<string, { environment?: Record<string, string | number>; image?: string }>;
  };
  const prometheus = YAML.parse(fs.readFileSync(path.join(ROOT, 'ops', 'prometheus', 'prometheus.yml'), 'utf8')) as {
    scrape_configs: Array<{
      job_name: string;
      static_configs?: Array<{ targets: string[] }>;
      dns_sd_configs?: Array<{ names: string[]; port: number }>;
    }>;
  };
  const job = (name: string) => prometheus.scrape_configs.find((j) => j.job_name === name);
  const web = compose.services.web?.environment ?? {};
  expect(job('nhac-han-web')?.static_configs?.[0]?.targets).toEqual([`web:${String(web.PORT ?? 3000)}`]);
  const workerSd = job('nhac-han-worker')?.dns_sd_configs?.[0];
  expect(workerSd?.names).toEqual(['worker']);
  expect(String(workerSd?.port)).toBe(String(compose.services.worker?.environment?.WORKER_METRICS_PORT));
  const servers = Object.entries(compose.services).filter(([, s]) => s.image?.startsWith('temporalio/server:'));
  expect(job('temporal-server')?.static_configs?.[0]?.targets).toEqual(
    servers.map(([name, s]) => `${name}:${String(s.environment?.PROMETHEUS_ENDPOINT).split(':')[1]}`),
  );
});
