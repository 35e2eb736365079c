/**
 * Account management: `nhac-han user passwd` and `user disable` against a real database, their effect on a real
 * web app (the account's sessions end; a disabled account cannot sign in), "sign out everywhere", and the audit
 * rows they leave: the CLI as `cli:<os user>`, the account by its row id, never its email.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { createUser } from '../../src/services/user-service';
import { startLightWebApp, type LightWebApp } from '../support/light-web-app';

const ROOT = path.join(__dirname, '..', '..');
const EMAIL = 'dieu-phoi@snv.gov.vn';
const PASSWORD = 'mat-khau-du-dai-123';
let w: LightWebApp;
let userId: number;

beforeAll(async () => {
  w = await startLightWebApp({
    rateLimits: { signInPerMinute: 1000, signInPerIpPerMinute: 1000, linkPerMinute: 1000 },
  });
  userId = (await createUser(w.db.prisma, { email: EMAIL, role: 'coordinator', password: PASSWORD })).id;
}, 120_000);
afterAll(async () => {
  await w?.close();
});

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/nhac-han.js', 'user', ...args],
      { cwd: ROOT, timeout: 90_000, env: { ...process.env, DATABASE_URL: w.db.url } },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}

async function signIn(password = PASSWORD): Promise<{ status: number; cookie: string; csrf: string }> {
  const res = await fetch(`${w.url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: EMAIL, password }),
  });
  const body = (await res.json()) as { user?: { csrfToken: string } };
  return {
    status: res.status,
    cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]!,
    csrf: body.user?.csrfToken ?? '',
  };
}

const sessionStatus = async (cookie: string) => (await fetch(`${w.url}/api/session`, { headers: { cookie } })).status;

test('user passwd: the new password works, the old one not, and every session of the account has ended', async () => {
  const a = await signIn();
  const b = await signIn();
  expect([await sessionStatus(a.cookie), await sessionStatus(b.cookie)]).toEqual([200, 200]);
  const r = await cli('passwd', '--email', EMAIL, '--password', 'mat-khau-moi-hon-456');
  expect(r).toMatchObject({ code: 0 });
  expect(r.stdout).toContain(`#${userId}, 2 phiên`);
  expect([await sessionStatus(a.cookie), await sessionStatus(b.cookie)]).toEqual([401, 401]);
  expect((await signIn()).status).toBe(401);
  expect((await signIn('mat-khau-moi-hon-456')).status).toBe(200);
  const audit = await w.db.prisma.auditLog.findFirst({ where: { action: 'user.passwd' } });
  expect(audit).toMatchObject({ target: `user:${userId}` });
  expect(audit!.actor).toMatch(/^cli:/);
  expect(JSON.stringify(audit)).not.toContain(EMAIL);
}, 180_000);

test('sign out everywhere ends the other sessions too, with the client IP audited', async () => {
  const a = await signIn('mat-khau-moi-hon-456');
  const b = await signIn('mat-khau-moi-hon-456');
  const res = await fetch(`${w.url}/api/session/everywhere`, {
    method: 'DELETE',
    headers: { cookie: a.cookie, 'x-csrf-token': a.csrf },
  });
  expect(res.status).toBe(204);
  expect([await sessionStatus(a.cookie), await sessionStatus(b.cookie)]).toEqual([401, 401]);
  const audit = await w.db.prisma.auditLog.findFirst({ where: { action: 'user.sign-out-everywhere' } });
  expect(audit).toMatchObject({ actor: `user:${userId}`, target: `user:${userId}`, detail: { ip: '127.0.0.1' } });
});

test('user disable: sessions end, sign-in is refused like a wrong password; an unknown account is named by option, not echoed', async () => {
  const a = await signIn('mat-khau-moi-hon-456');
  const r = await cli('disable', '--email', EMAIL);
  expect(r).toMatchObject({ code: 0 });
  expect(await sessionStatus(a.cookie)).toBe(401);
  expect((await signIn('mat-khau-moi-hon-456')).status).toBe(401);
  const unknown = await cli('disable', '--email', 'khong-co@so.gov.vn');
  expect(unknown.code).toBe(1);
  expect(unknown.stderr.trim()).toBe('--email: không có tài khoản này / no such account');
  const bad = await cli('passwd', '--email', 'x', '--password', 'short');
  expect(bad.code).toBe(1);
  expect(
    bad.stderr
      .split('\n')
      .filter((l) => l.startsWith('--'))
      .map((l) => l.split(':')[0]),
  ).toEqual(['--email', '--password']);
}, 180_000);
