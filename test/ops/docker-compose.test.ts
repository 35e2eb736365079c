/**
 * docker-compose.yml stays what the cluster harness runs (issue 16): Temporal's server image at the version
 * scripts/setup-temporal-server.js builds, its schemas set up by a one-shot admin-tools job before any server starts,
 * no `auto-setup`, every image pinned, every published port on 127.0.0.1, workers in replicas, the servers' settings
 * and the search attributes equal to the harness's. Docker cannot run here, so the file is read, not run; each rule is
 * also shown to fire on a copy broken on purpose.
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { SEARCH_ATTRIBUTE_DEFINITIONS } from '../../src/domain/search-attributes';
import { DYNAMIC_CONFIG, HISTORY_SHARDS } from '../../src/embedded/temporal-cluster';

const ROOT = path.join(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS script, read where the version is defined
const { SERVER_VERSION } = require('../../scripts/setup-temporal-server.js') as { SERVER_VERSION: string };

interface Service {
  image?: string;
  build?: unknown;
  ports?: string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  environment?: Record<string, string | number>;
  command?: string[] | string;
  deploy?: { replicas?: number };
  volumes?: string[];
}
interface Compose {
  services: Record<string, Service>;
}

const readCompose = (): Compose =>
  YAML.parse(fs.readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as Compose;

const imageName = (s: Service) => s.image?.split(':')[0];
const dependencies = (s: Service): Record<string, string | undefined> =>
  Array.isArray(s.depends_on)
    ? Object.fromEntries(s.depends_on.map((d) => [d, undefined]))
    : Object.fromEntries(Object.entries(s.depends_on ?? {}).map(([d, o]) => [d, o.condition]));
const commandText = (s: Service) => (Array.isArray(s.command) ? s.command.join('\n') : (s.command ?? ''));

/** A tag that names a release: digits with at least one dot (`18.4`, `v1.22.3`, `1.32.1`), never `latest`. */
const PINNED = /^[a-z0-9][a-z0-9._/-]*:v?\d+\.\d+(\.\d+)?(-[A-Za-z0-9._-]+)?$/;

/** Every rule the issue sets for the compose file; one line per broken rule, none when the file keeps them all. */
function composeProblems(compose: Compose): string[] {
  const problems: string[] = [];
  const services = Object.entries(compose.services);
  const byImage = (name: string) => services.filter(([, s]) => imageName(s) === name);

  for (const [name, s] of services) {
    if (s.image?.includes('auto-setup')) problems.push(`${name}: uses ${s.image}`);
    if (s.image === undefined && s.build === undefined) problems.push(`${name}: neither image nor build`);
    if (s.image !== undefined && !PINNED.test(s.image)) problems.push(`${name}: image ${s.image} is not pinned`);
    for (const p of s.ports ?? []) if (!/^127\.0\.0\.1:\d+:\d+$/.test(p)) problems.push(`${name}: port ${p}`);
  }

  const servers = byImage('temporalio/server');
  if (servers.length < 2) problems.push(`${servers.length} Temporal server node(s), the harness runs 2`);
  const schemaJobs = byImage('temporalio/admin-tools').filter(([, s]) => commandText(s).includes('update-schema'));
  if (schemaJobs.length !== 1) problems.push(`${schemaJobs.length} schema jobs`);
  const [schemaName, schemaJob] = schemaJobs[0] ?? ['', {}];
  const schemaText = commandText(schemaJob);
  for (const part of ['temporal:temporal', 'temporal_visibility:visibility', '/etc/temporal/schema/postgresql/v12/'])
    if (!schemaText.includes(part)) problems.push(`schema job: no ${part}`);
  for (const step of ['create-database', 'setup-schema -v 0.0', 'update-schema -d'])
    if (!schemaText.includes(step)) problems.push(`schema job: no ${step}`);
  if (schemaJob.environment?.SQL_PLUGIN !== 'postgres12') problems.push('schema job: SQL_PLUGIN is not postgres12');
  if (dependencies(schemaJob).postgresql !== 'service_healthy') problems.push('schema job: runs before PostgreSQL');

  for (const [name, s] of [...servers, ...byImage('temporalio/admin-tools')]) {
    const version = s.image?.split(':')[1];
    if (version !== SERVER_VERSION) problems.push(`${name}: ${s.image}, the harness builds ${SERVER_VERSION}`);
  }
  for (const [name, s] of servers) {
    if (dependencies(s)[schemaName] !== 'service_completed_successfully')
      problems.push(`${name}: starts before the schema job has finished`);
    const env = s.environment ?? {};
    if (env.DB !== 'postgres12') problems.push(`${name}: DB=${String(env.DB)}`);
    if (String(env.NUM_HISTORY_SHARDS) !== String(HISTORY_SHARDS))
      problems.push(`${name}: NUM_HISTORY_SHARDS=${String(env.NUM_HISTORY_SHARDS)}, the harness has ${HISTORY_SHARDS}`);
    if (env.ENABLE_ES !== undefined) problems.push(`${name}: Elasticsearch visibility, the harness has SQL`);
    if (!env.PROMETHEUS_ENDPOINT) problems.push(`${name}: no Prometheus metrics`);
    const dynamic = (s.volumes ?? []).find((v) => v.startsWith('./ops/temporal/dynamicconfig.yaml:'));
    if (!dynamic || dynamic.split(':')[1] !== env.DYNAMIC_CONFIG_FILE_PATH)
      problems.push(`${name}: the dynamic config is not mounted where DYNAMIC_CONFIG_FILE_PATH says`);
  }

  const setupJobs = byImage('temporalio/admin-tools').filter(([, s]) =>
    commandText(s).includes('search-attribute create'),
  );
  const [setupName, setupJob] = setupJobs[0] ?? ['', {}];
  for (const [name] of servers)
    if (dependencies(setupJob)[name] !== 'service_healthy') problems.push(`search attributes: before ${name} is up`);
  const attributes = [...commandText(setupJob).matchAll(/(NhacHan\w+)=(\w+)/g)].map((m) => [m[1], m[2]]);
  if (JSON.stringify(attributes) !== JSON.stringify(SEARCH_ATTRIBUTE_DEFINITIONS))
    problems.push(`search attributes ${JSON.stringify(attributes)} differ from src/domain/search-attributes.ts`);

  const worker = compose.services.worker;
  if ((worker?.deploy?.replicas ?? 1) < 2) problems.push(`worker: ${worker?.deploy?.replicas ?? 1} replica(s)`);
  if (worker?.command?.[0] !== 'worker' || compose.services.web?.command?.[0] !== 'web')
    problems.push('worker and web are not separate services');
  for (const name of ['worker', 'web'])
    if (dependencies(compose.services[name] ?? {})[setupName] !== 'service_completed_successfully')
      problems.push(`${name}: starts before the namespace and search attributes exist`);
  return problems;
}

test('docker-compose.yml keeps every rule: pinned images, the harness server version and settings, the order', () => {
  expect(composeProblems(readCompose())).toEqual([]);
});

test('the dynamic config mounted in the servers is the harness one', () => {
  const mounted = YAML.parse(
    fs.readFileSync(path.join(ROOT, 'ops', 'temporal', 'dynamicconfig.yaml'), 'utf8'),
  ) as unknown;
  expect(mounted).toEqual(DYNAMIC_CONFIG);
});

describe('each rule fires on a copy broken on purpose', () => {
  const broken = (edit: (c: Compose) => void): string[] => {
    const c = readCompose();
    edit(c);
    return composeProblems(c);
  };
  const s = (c: Compose, name: string) => c.services[name]!;

  test.each<[string, (c: Compose) => void, string]>([
    ['auto-setup', (c) => (s(c, 'temporal-1').image = 'temporalio/auto-setup:1.32.1'), 'temporal-1: uses'],
    ['an unpinned image', (c) => (s(c, 'mailpit').image = 'axllent/mailpit:latest'), 'mailpit: image'],
    ['a major-only tag', (c) => (s(c, 'postgresql').image = 'postgres:18'), 'postgresql: image postgres:18'],
    ['a port on every interface', (c) => (s(c, 'web').ports = ['3000:3000']), 'web: port 3000:3000'],
    [
      'another server version',
      (c) => (s(c, 'temporal-2').image = 'temporalio/server:1.29.1'),
      `temporal-2: temporalio/server:1.29.1, the harness builds ${SERVER_VERSION}`,
    ],
    ['one worker', (c) => (s(c, 'worker').deploy = { replicas: 1 }), 'worker: 1 replica(s)'],
    [
      'a server that does not wait for the schema job',
      (c) => (s(c, 'temporal-1').depends_on = { postgresql: { condition: 'service_healthy' } }),
      'temporal-1: starts before the schema job has finished',
    ],
    [
      'a schema job that skips the visibility store',
      (c) =>
        (s(c, 'temporal-schema').command = [
          commandText(s(c, 'temporal-schema')).replace(/ temporal_visibility:visibility/, ''),
        ]),
      'schema job: no temporal_visibility:visibility',
    ],
    ['one server node', (c) => delete c.services['temporal-2'], '1 Temporal server node(s)'],
    [
      'another shard count',
      (c) => (s(c, 'temporal-1').environment = { ...s(c, 'temporal-1').environment, NUM_HISTORY_SHARDS: 8 }),
      'temporal-1: NUM_HISTORY_SHARDS=8',
    ],
    [
      'a search attribute missing',
      (c) =>
        (s(c, 'temporal-setup').command = [commandText(s(c, 'temporal-setup')).replace(' NhacHanState=Keyword', '')]),
      'search attributes',
    ],
  ])('%s', (_what, edit, expected) => {
    const problems = broken(edit);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.some((p) => p.startsWith(expected))).toBe(true);
  });
});
