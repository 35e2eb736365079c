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

describe('accounts over the API (admins) and one own account', () => {
  const ADMIN_EMAIL = 'quan-tri@snv.gov.vn';
  let adminId: number;
  let admin: { cookie: string; csrf: string };

  async function signInAs(email: string, password: string) {
    const res = await fetch(`${w.url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    const body = (await res.json()) as { user?: { csrfToken: string } };
    return {
      status: res.status,
      cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]!,
      csrf: body.user?.csrfToken ?? '',
    };
  }
  const call = async (method: string, url: string, s: { cookie: string; csrf: string }, body?: unknown) => {
    const res = await fetch(`${w.url}${url}`, {
      method,
      headers: {
        cookie: s.cookie,
        'x-csrf-token': s.csrf,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json().catch(() => null)) as Record<string, unknown> };
  };

  beforeAll(async () => {
    adminId = (await createUser(w.db.prisma, { email: ADMIN_EMAIL, role: 'admin', password: PASSWORD })).id;
    admin = await signInAs(ADMIN_EMAIL, PASSWORD);
  }, 60_000);

  test('an admin adds an account (password generated once), lists it, ends its sessions, disables and enables it; each audited with the admin, the account id and the IP', async () => {
    const created = await call('POST', '/api/users', admin, {
      email: 'Moi@SYT.gov.vn',
      role: 'coordinator',
      plans: ['KH-01'],
    });
    expect(created.status).toBe(201);
    const user = created.body.user as { id: number; email: string };
    const password = created.body.generatedPassword as string;
    expect(user).toMatchObject({ email: 'moi@syt.gov.vn' });
    expect(password).toMatch(/^[A-Za-z2-9]{20}$/);
    const session = await signInAs('moi@syt.gov.vn', password);
    expect(session.status).toBe(200);

    const list = await call('GET', '/api/users', admin);
    const row = (list.body.users as { id: number; lastSignInAt: string | null }[]).find((u) => u.id === user.id);
    expect(row).toMatchObject({ role: 'coordinator', plans: ['KH-01'], disabledAt: null, sessions: 1 });
    expect(row?.lastSignInAt).not.toBeNull();

    expect(await call('DELETE', `/api/users/${user.id}/sessions`, admin)).toMatchObject({
      status: 200,
      body: { sessionsEnded: 1 },
    });
    expect(await sessionStatus(session.cookie)).toBe(401);
    const again = await signInAs('moi@syt.gov.vn', password);
    expect((await call('POST', `/api/users/${user.id}/disable`, admin)).status).toBe(200);
    expect(await sessionStatus(again.cookie)).toBe(401);
    expect((await signInAs('moi@syt.gov.vn', password)).status).toBe(401);
    expect((await call('POST', `/api/users/${user.id}/enable`, admin)).status).toBe(200);
    expect((await signInAs('moi@syt.gov.vn', password)).status).toBe(200);

    const audit = await w.db.prisma.auditLog.findMany({ where: { target: `user:${user.id}` }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => [a.action, a.actor, (a.detail as { ip?: string }).ip])).toEqual([
      ['user.add', `user:${adminId}`, '127.0.0.1'],
      ['user.sign-out-everywhere', `user:${adminId}`, '127.0.0.1'],
      ['user.disable', `user:${adminId}`, '127.0.0.1'],
      ['user.enable', `user:${adminId}`, '127.0.0.1'],
    ]);
    expect(JSON.stringify(audit)).not.toContain('moi@syt.gov.vn');
  }, 120_000);

  test('refusals name the field: a duplicate email, a short password, an unknown account, disabling oneself; nothing changes', async () => {
    const before = await w.db.prisma.user.count();
    expect(await call('POST', '/api/users', admin, { email: ADMIN_EMAIL, role: 'viewer' })).toEqual({
      status: 422,
      body: { errors: [{ path: 'email', message: 'đã có tài khoản với email này / account already exists' }] },
    });
    expect(await call('POST', '/api/users', admin, { email: 'x', role: 'boss', password: 'short' })).toMatchObject({
      status: 422,
      body: { errors: [{ path: 'email' }, { path: 'role' }, { path: 'password' }] },
    });
    expect((await call('POST', '/api/users/999999/password', admin, {})).status).toBe(404);
    expect(await call('POST', `/api/users/${adminId}/disable`, admin)).toEqual({
      status: 422,
      body: {
        errors: [{ path: 'id', message: 'không thể tự khóa tài khoản của mình / you cannot disable your own account' }],
      },
    });
    expect(await w.db.prisma.user.count()).toBe(before);
    expect(await sessionStatus(admin.cookie)).toBe(200);
  }, 60_000);

  test('an admin sets a password: generated once, the account signed out; a viewer may not', async () => {
    const target = await createUser(w.db.prisma, { email: 'xem@snv.gov.vn', role: 'viewer', password: PASSWORD });
    const viewer = await signInAs('xem@snv.gov.vn', PASSWORD);
    expect((await call('POST', `/api/users/${target.id}/password`, viewer, {})).status).toBe(403);
    const r = await call('POST', `/api/users/${target.id}/password`, admin, {});
    expect(r).toMatchObject({ status: 200, body: { userId: target.id, sessionsEnded: 1 } });
    expect(await sessionStatus(viewer.cookie)).toBe(401);
    expect((await signInAs('xem@snv.gov.vn', r.body.generatedPassword as string)).status).toBe(200);
  }, 60_000);

  test('one changes their own password: the current one required; the other sessions end, this one stays', async () => {
    await createUser(w.db.prisma, { email: 'tu-doi@snv.gov.vn', role: 'viewer', password: PASSWORD });
    const a = await signInAs('tu-doi@snv.gov.vn', PASSWORD);
    const b = await signInAs('tu-doi@snv.gov.vn', PASSWORD);
    expect(
      await call('POST', '/api/session/password', a, {
        currentPassword: 'sai-mat-khau-roi',
        password: 'mat-khau-moi-123456',
      }),
    ).toEqual({
      status: 422,
      body: { errors: [{ path: 'currentPassword', message: 'mật khẩu hiện tại không đúng / wrong current password' }] },
    });
    expect(await sessionStatus(b.cookie)).toBe(200);
    expect(
      await call('POST', '/api/session/password', a, { currentPassword: PASSWORD, password: 'mat-khau-moi-123456' }),
    ).toEqual({ status: 200, body: { sessionsEnded: 1 } });
    expect([await sessionStatus(a.cookie), await sessionStatus(b.cookie)]).toEqual([200, 401]);
    expect((await signInAs('tu-doi@snv.gov.vn', 'mat-khau-moi-123456')).status).toBe(200);
  }, 60_000);
});
