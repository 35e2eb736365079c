/**
 * The security review's concrete findings, each pinned: a placeholder or short APP_SECRET refused (the compose
 * file's too), compose ports on 127.0.0.1 only, the sign-in redirect checked after normalisation, the header set on
 * every answer, CSV cells that would run as formulas neutralised, DATA_DIR private, and the embedded PostgreSQL's
 * password generated (an old install's fixed one replaced).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import YAML from 'yaml';
import { ConfigError, loadConfig } from '../../src/config';
import type { CompiledReportData } from '../../src/domain/report-compile';
import { freePort } from '../../src/embedded/ports';
import { PASSWORD_FILE } from '../../src/embedded/postgres';
import { exportCsvText } from '../../src/reports/csv-export';
import { tightenDataDir, writePrivateFile } from '../../src/runtime/private-files';
import { buildApp } from '../../src/web/app';
import { safeLocalPath } from '../../src/web/auth';

const ROOT = path.join(__dirname, '..', '..');
const CHILD = path.join(__dirname, '..', 'support', 'embedded-postgres-child.ts');
const secretProblems = (secret: string): string[] => {
  try {
    loadConfig({ APP_SECRET: secret }, '/srv');
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
};
const mode = (p: string) => fs.statSync(p).mode & 0o777;

async function sql(port: number, password: string, text: string): Promise<void> {
  const c = new Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}

async function connects(port: number, password: string): Promise<boolean> {
  return sql(port, password, 'SELECT 1').then(
    () => true,
    () => false,
  );
}

/** The embedded PostgreSQL in a child process (see test/support/embedded-postgres-child.ts). */
async function startPostgresChild(dataDir: string, port: number): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', CHILD, dataDir, String(port)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^URL (\S+)$/m.exec(out);
      if (m) resolve(m[1]!);
    });
    void exited.then((code) => reject(new Error(`embedded PostgreSQL child exited ${code}: ${out}`)));
  });
  return {
    url,
    stop: async () => {
      child.stdin.end();
      await exited;
    },
  };
}

describe('APP_SECRET', () => {
  test('a placeholder or a short secret stops the start, naming the variable', () => {
    expect(secretProblems('change-me-to-a-long-random-string')).toEqual([
      'APP_SECRET: APP_SECRET là giá trị mẫu, hãy đặt một chuỗi ngẫu nhiên (openssl rand -base64 48) / is a placeholder, set a random string',
    ]);
    for (const s of ['replace-me-with-something-long-enough', 'x'.repeat(40), '01234567890123456789012345678901'])
      expect(secretProblems(s)).toHaveLength(1);
    expect(secretProblems('kT3p9QwZ-short')).toEqual([
      'APP_SECRET: APP_SECRET phải dài ít nhất 32 ký tự / must be at least 32 characters',
    ]);
    expect(secretProblems('Jx8rV2mQ9tLw4ZkP7nB3cY6hF1sD5gA0eR')).toEqual([]);
  });

  test('docker-compose.yml carries no secret: it requires APP_SECRET from the environment', () => {
    const text = fs.readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8');
    const compose = YAML.parse(text, { merge: true }) as { services: Record<string, { environment?: object }> };
    const secrets = Object.values(compose.services)
      .map((s) => (s.environment as Record<string, string> | undefined)?.APP_SECRET)
      .filter((v): v is string => v !== undefined);
    expect(secrets.length).toBeGreaterThan(0);
    for (const s of secrets) {
      // `${VAR:?message}`: compose refuses to start without it; a literal value would be a shared placeholder.
      if (/^\$\{APP_SECRET:\?[^}]+\}$/.test(s)) continue;
      expect(secretProblems(s)).not.toEqual([]);
    }
  });

  test('docker-compose.yml publishes every port on 127.0.0.1 only', () => {
    const compose = YAML.parse(fs.readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
      services: Record<string, { ports?: string[] }>;
    };
    const ports = Object.values(compose.services).flatMap((s) => s.ports ?? []);
    expect(ports.length).toBeGreaterThanOrEqual(5);
    for (const p of ports) expect(p).toMatch(/^127\.0\.0\.1:\d+:\d+$/);
  });
});

test('safeLocalPath checks the path after normalisation: no //host comes out of it', () => {
  for (const bad of ['/.//evil.com', '/./\\evil.com', '/a/..//evil.com', '/%2e//evil.com', '/.//evil.com/x?y'])
    expect(safeLocalPath(bad)).toBeNull();
  expect(safeLocalPath('/plans/./X/../Y?a=1')).toBe('/plans/Y?a=1');
});

describe('headers on every answer', () => {
  test('CSP with frame-ancestors, Referrer-Policy, nosniff, no-store; HSTS only over https', async () => {
    const app = await buildApp({ health: {} });
    const port = await freePort();
    await app.listen({ port, host: '127.0.0.1' });
    try {
      for (const url of ['/healthz', '/', '/openapi.json', '/nothing-here']) {
        const res = await fetch(`http://127.0.0.1:${port}${url}`);
        const h = (n: string) => res.headers.get(n);
        expect(h('content-security-policy')).toContain("frame-ancestors 'none'");
        expect(h('content-security-policy')).toContain("default-src 'none'");
        expect(h('x-frame-options')).toBe('DENY');
        expect(h('referrer-policy')).toBe('no-referrer');
        expect(h('x-content-type-options')).toBe('nosniff');
        expect(h('cache-control')).toBe('no-store');
        expect(h('strict-transport-security')).toBeNull();
        await res.arrayBuffer();
      }
    } finally {
      await app.close();
    }
  });
});

test('CSV cells starting with =, +, -, @ are written as text; negative numbers stay numbers', () => {
  const row = (agencyName: string) => ({ agencyCode: 'DV01', agencyName, obligationTitle: '@SUM(A1)' });
  const report = {
    year: 2026,
    indicators: [],
    agencies: [row('=HYPERLINK("http://evil.test","Bấm")'), row('+cmd|" /C calc"!A0'), row('-2+3'), row('Sở Y tế')].map(
      (r) => ({ ...r, dueDate: '2026-06-10', submittedDate: null, state: 'pending', daysLate: null }),
    ),
  } as unknown as CompiledReportData;
  const lines = exportCsvText(report).split('\r\n');
  expect(lines.slice(-5, -1)).toEqual([
    `DV01,"'=HYPERLINK(""http://evil.test"",""Bấm"")",'@SUM(A1),10/6/2026,,Chưa đến hạn,`,
    `DV01,"'+cmd|"" /C calc""!A0",'@SUM(A1),10/6/2026,,Chưa đến hạn,`,
    `DV01,'-2+3,'@SUM(A1),10/6/2026,,Chưa đến hạn,`,
    `DV01,Sở Y tế,'@SUM(A1),10/6/2026,,Chưa đến hạn,`,
  ]);
});

describe('DATA_DIR is private', () => {
  test('an existing world-readable DATA_DIR is made 0700 with its files 0600', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nhac-han-perm-'));
    try {
      fs.chmodSync(dir, 0o755);
      fs.mkdirSync(path.join(dir, 'mailbox'), { mode: 0o755 });
      fs.writeFileSync(path.join(dir, 'mailbox', 'a.eml'), 'x', { mode: 0o644 });
      fs.writeFileSync(path.join(dir, 'nhac-han.run.json'), '{}', { mode: 0o644 });
      tightenDataDir(dir);
      const isRoot = process.getuid?.() === 0;
      expect(mode(dir)).toBe(isRoot ? 0o711 : 0o700);
      expect(mode(path.join(dir, 'mailbox'))).toBe(0o700);
      expect(mode(path.join(dir, 'mailbox', 'a.eml'))).toBe(0o600);
      expect(mode(path.join(dir, 'nhac-han.run.json'))).toBe(0o600);
      writePrivateFile(path.join(dir, 'app-secret'), 's');
      expect(mode(path.join(dir, 'app-secret'))).toBe(0o600);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the embedded PostgreSQL gets a generated password, kept 0600; an old fixed one is replaced', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nhac-han-pg-'));
    const port = await freePort();
    const isRoot = process.getuid?.() === 0;
    try {
      const first = await startPostgresChild(dir, port);
      const file = path.join(dir, PASSWORD_FILE);
      const password = fs.readFileSync(file, 'utf8').trim();
      try {
        expect(password).toMatch(/^[A-Za-z0-9_-]{32}$/);
        expect(mode(file)).toBe(0o600);
        expect(first.url).toBe(`postgresql://postgres:${password}@127.0.0.1:${port}/nhac_han`);
        expect(mode(dir)).toBe(isRoot ? 0o711 : 0o700);
        expect(await connects(port, password)).toBe(true);
        // Made into an install from before the generated password: the fixed one, and no password file.
        await sql(port, password, `ALTER ROLE postgres WITH PASSWORD 'nhac-han-embedded'`);
      } finally {
        await first.stop();
      }
      fs.rmSync(file);
      const second = await startPostgresChild(dir, port);
      try {
        const renewed = fs.readFileSync(file, 'utf8').trim();
        expect(renewed).not.toBe(password);
        expect(second.url).toContain(`postgres:${renewed}@`);
        expect(await connects(port, renewed)).toBe(true);
        expect(await connects(port, 'nhac-han-embedded')).toBe(false);
      } finally {
        await second.stop();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
