/**
 * `nhac-han web` as operators run it (the compose file's `web` service): a child process configured only by
 * environment, with no SMTP or SMS settings at all, serving for a minute, then stopped by SIGTERM: every request it
 * accepted is answered, and it exits with status 0.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../src/embedded/ports';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { devServerAddress } from '../support/temporal';
import { waitFor } from '../support/wait';

const root = path.join(__dirname, '..', '..');
let db: TestDatabase;
let child: ChildProcess | undefined;
let dataDir: string;

beforeAll(async () => {
  db = await createTestDatabase();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nhac-han-web-process-'));
});

afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await db?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('nhac-han web starts without SMTP or SMS settings, serves for a minute, and stops cleanly on SIGTERM', async () => {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {};
  // Only what the web process needs: no SMTP_URL, MAIL_FROM, SMS_* variables, nor anything else of the parent's.
  for (const k of ['PATH', 'HOME', 'LANG']) if (process.env[k] !== undefined) env[k] = process.env[k];
  Object.assign(env, {
    DATABASE_URL: db.url,
    TEMPORAL_ADDRESS: devServerAddress(),
    PORT: String(port),
    APP_BASE_URL: `http://127.0.0.1:${port}`,
    APP_SECRET: 'web-process-test-secret-0123456789',
    DATA_DIR: dataDir,
  });
  const proc = spawn(process.execPath, [path.join(root, 'bin', 'nhac-han.js'), 'web'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = proc;
  let output = '';
  proc.stdout?.on('data', (c: Buffer) => (output += c.toString('utf8')));
  proc.stderr?.on('data', (c: Buffer) => (output += c.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;

  // A loaded machine takes a while to start tsx and connect; the minute is counted from the first answer.
  const health = await waitFor(
    'the web process to answer /healthz',
    async () => {
      if (proc.exitCode !== null) throw new Error(`exited with ${proc.exitCode}: ${output}`);
      const res = await fetch(`${url}/healthz`);
      return res.status === 200 ? ((await res.json()) as { dependencies: Record<string, unknown> }) : undefined;
    },
    90_000,
  );
  expect(Object.keys(health.dependencies).sort()).toEqual(['database', 'temporal']);
  // The web process, and only it, reports the database-wide gauges (src/runtime/store-figures.ts).
  const page = await (await fetch(`${url}/metrics`)).text();
  expect(page).toMatch(/^nhac_han_outbox_waiting\{channel="email"\} \d+$/m);
  expect(page).toMatch(/^nhac_han_outbox_oldest_waiting_age_seconds \d+(\.\d+)?$/m);
  expect(page).toMatch(/^nhac_han_obligations_open\{state="pending"\} \d+$/m);

  const servingUntil = Date.now() + 60_000;
  let answered = 0;
  while (Date.now() < servingUntil) {
    const res = await fetch(`${url}/openapi.json`);
    expect(res.status).toBe(200);
    answered++;
    expect(proc.exitCode).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  expect(answered).toBeGreaterThan(20);

  // Requests in flight when SIGTERM arrives: each one the server has accepted is answered before it exits.
  const incoming = () => output.split('\n').filter((l) => l.includes('"incoming request"')).length;
  const before = incoming();
  const inFlight = Array.from({ length: 8 }, () => fetch(`${url}/healthz`).then((r) => r.status));
  await waitFor('the server to accept the last requests', async () => (incoming() >= before + 8 ? true : undefined));
  proc.kill('SIGTERM');
  expect(await Promise.all(inFlight)).toEqual(Array(8).fill(200));
  expect(await exited).toBe(0);
  expect(output).toMatch(/đang dừng \/ stopping/);
}, 240_000);
