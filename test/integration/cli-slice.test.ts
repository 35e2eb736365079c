/**
 * The thin slice end to end, as a user runs it: `nhac-han start` (embedded PostgreSQL, Temporal dev server with
 * Web UI, SMTP mailbox, worker, web app) on free ports with its own DATA_DIR; then `plan demo | plan apply`,
 * reminders in the mailbox at their instants, `submit` for one agency, escalation of the other, `status --json`;
 * a second `start` refused; Ctrl-C; and a restart that keeps the data.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../src/embedded/ports';
import { waitFor } from '../support/wait';

const run = promisify(execFile);
const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'nhac-han.js');

let dataDir: string;
let env: NodeJS.ProcessEnv;
let webUrl: string;
let server: ChildProcess | undefined;
let serverOutput = '';

function startServer(): Promise<ChildProcess> {
  const child = spawn(process.execPath, [BIN, 'start'], { env, cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  serverOutput = '';
  child.stdout.on('data', (b: Buffer) => (serverOutput += b.toString()));
  child.stderr.on('data', (b: Buffer) => (serverOutput += b.toString()));
  return waitFor(
    'nhac-han start to be ready',
    async () => {
      if (child.exitCode !== null) throw new Error(`start exited ${child.exitCode}: ${serverOutput}`);
      return /sẵn sàng/.test(serverOutput) ? child : undefined;
    },
    120_000,
  );
}

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env, cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

async function stopServer(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  child.kill('SIGINT');
  return exited;
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nhac-han-e2e-'));
  const port = await freePort();
  env = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(port),
    NHAC_HAN_POSTGRES_PORT: String(await freePort()),
    NHAC_HAN_TEMPORAL_PORT: String(await freePort()),
    NHAC_HAN_TEMPORAL_UI_PORT: String(await freePort()),
    NHAC_HAN_SMTP_PORT: String(await freePort()),
  };
  for (const k of ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'SMTP_URL', 'TEMPORAL_UI_URL']) delete env[k];
  webUrl = `http://127.0.0.1:${port}`;
  server = await startServer();
  const email = /Email\s+(\S+@\S+)/.exec(serverOutput)?.[1];
  const password = /Mật khẩu\s+(\S+)/.exec(serverOutput)?.[1];
  const res = await fetch(`${webUrl}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`first admin sign-in failed: ${res.status} ${await res.text()}`);
  adminCookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}, 180_000);

afterAll(async () => {
  if (server && server.exitCode === null) await stopServer(server);
  fs.rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

interface Mail {
  to: string;
  subject: string;
  date: string;
  text: string;
  messageId: string;
}
/** The dev mailbox is an admin's: signed in as the first admin, whose password the first start printed once. */
let adminCookie = '';
const mailbox = async (): Promise<Mail[]> =>
  (await (await fetch(`${webUrl}/api/dev/mailbox`, { headers: { cookie: adminCookie } })).json()) as Mail[];

test('start → plan demo → apply → reminders → submit → escalation → status; restart keeps everything', async () => {
  const health = await fetch(`${webUrl}/healthz`);
  expect(health.status).toBe(200);
  expect(await health.json()).toEqual({
    status: 'ok',
    dependencies: {
      database: { state: 'up' },
      temporal: { state: 'up' },
      smtp: { state: 'up' },
      worker: { state: 'up' },
    },
  });

  const second = await cli('start');
  expect(second.code).toBe(1);
  expect(second.stderr).toContain('đang chạy');
  expect(second.stderr).not.toContain('    at ');

  const demo = await cli(
    'plan',
    'demo',
    '--agencies',
    '2',
    '--due-in',
    'PT50S',
    '--reminders',
    'PT45S,PT10S',
    '--escalate-after',
    'PT3S',
    '--code',
    'E2E',
  );
  expect(demo.code).toBe(0);
  const planFile = path.join(dataDir, 'e2e-plan.json');
  fs.writeFileSync(planFile, demo.stdout);
  const e2e = JSON.parse(demo.stdout) as { title: string; obligations: [{ due: { at: string } }] };
  const dueAt = Date.parse(e2e.obligations[0].due.at);
  // The embedded DEMO plan mails the same demo addresses (its first reminder is due a minute after the first start,
  // inside this test on a slow machine), so only mails that name this plan's title are counted.
  const ofE2e = (m: Mail) => m.text.includes(e2e.title);
  const applied = await cli('plan', 'apply', planFile);
  expect(applied.stderr).toBe('');
  expect(applied.stdout).toContain('2 workflow mới');

  // The first reminder (due − 45 s) reaches both focal points, not before its instant.
  const first = await waitFor('first reminders', async () => {
    const m = (await mailbox()).filter((x) => ofE2e(x) && x.to.startsWith('dau-moi'));
    return m.length >= 2 ? m : undefined;
  });
  expect(first.map((m) => m.to).sort()).toEqual(['dau-moi-01@demo.nhac-han.test', 'dau-moi-02@demo.nhac-han.test']);
  for (const m of first) expect(Date.parse(m.date)).toBeGreaterThanOrEqual(dueAt - 45_000 - 1000);

  // DV01 answers the first reminder; 35 s remain before the second (room for a loaded machine's CLI start).
  const submitted = await cli(
    'submit',
    '--plan',
    'E2E',
    '--year',
    String(new Date(dueAt).getFullYear()),
    '--obligation',
    'bao-cao-thu',
    '--agency',
    'DV01',
  );
  expect(submitted).toMatchObject({ code: 0 });

  const status = await waitFor(
    'DV02 escalated',
    async () => {
      const s = await cli('status', '--plan', 'E2E', '--json');
      const items = (JSON.parse(s.stdout) as { items: Array<{ agency: string; state: string }> }).items;
      return items.find((i) => i.agency === 'DV02')?.state === 'escalated' ? items : undefined;
    },
    60_000,
  );
  expect(status.map((i) => [i.agency, i.state])).toEqual([
    ['DV01', 'submitted'],
    ['DV02', 'escalated'],
  ]);
  const mails = (await mailbox()).filter(ofE2e);
  const to = (a: string) => mails.filter((m) => m.to === a).length;
  expect(to('dau-moi-01@demo.nhac-han.test')).toBe(1); // silence after the submission
  expect(to('dau-moi-02@demo.nhac-han.test')).toBe(3); // two reminders and the overdue notice
  expect(to('thu-truong-02@demo.nhac-han.test')).toBe(1);

  // Ctrl-C stops everything; a restart on the same DATA_DIR keeps plans, states and mail.
  expect(await stopServer(server!)).toBe(0);
  const notRunning = await cli('status', '--plan', 'E2E');
  expect(notRunning.code).toBe(1);
  expect(notRunning.stderr).toContain('npm start');
  server = await startServer();
  const after = JSON.parse((await cli('status', '--plan', 'E2E', '--json')).stdout) as {
    items: Array<{ state: string }>;
  };
  expect(after.items.map((i) => i.state)).toEqual(['submitted', 'escalated']);
  const afterRestart = await mailbox();
  expect(
    afterRestart
      .filter(ofE2e)
      .map((m) => m.messageId)
      .sort(),
  ).toEqual(mails.map((m) => m.messageId).sort());
  const ids = afterRestart.map((m) => m.messageId);
  expect(new Set(ids).size).toBe(ids.length); // nothing of either plan was sent twice across the restart
  expect(serverOutput).not.toContain('Nạp kế hoạch thử nghiệm'); // the demo plan is loaded once, not on every start
}, 300_000);
