/**
 * The authorisation matrix: every route the app registers × every role (none, viewer, coordinator of another plan,
 * coordinator of this plan, admin) × with and without the CSRF token. The routes come from the app itself (every
 * route passes the onRoute hook with its access declaration); each must be listed below with the access it is meant
 * to have, so a new route fails here until someone decides who may call it, and a route whose check is loosened (its
 * declaration or its preHandler) fails the calls.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startMailbox, type Mailbox } from '../../src/embedded/mailbox';
import { createUser, setCoordinatorPlans, type Role } from '../../src/services/user-service';
import type { AccessConfig } from '../../src/web/access';
import { createMetrics } from '../../src/runtime/metrics';
import { SESSION_COOKIE } from '../../src/web/auth';
import { startLightWebApp, type LightWebApp } from '../support/light-web-app';

type Kind = 'public' | 'link' | 'reader' | 'plan' | 'staff' | 'admin' | 'metrics';

/** Who may call each route: decided here, by a person, for every route. */
const EXPECTED: Record<string, Kind> = {
  'GET /': 'public',
  'GET /healthz': 'public',
  'GET /openapi.json': 'public',
  'GET /sign-in': 'public',
  'POST /sign-in': 'public',
  'POST /api/session': 'public',
  'GET /api/session': 'reader',
  'DELETE /api/session': 'reader',
  'DELETE /api/session/everywhere': 'reader',
  'POST /sign-out': 'reader',
  'GET /s/:token': 'link',
  'POST /s/:token': 'link',
  'GET /api/plans': 'reader',
  'GET /api/plans/:code': 'reader',
  'POST /api/plans': 'admin',
  'GET /plans': 'reader',
  'POST /plans/upload': 'admin',
  'GET /plans/import': 'admin',
  'POST /plans/import': 'admin',
  'POST /plans/import/review': 'admin',
  'GET /plans/new': 'admin',
  'POST /plans/new': 'admin',
  'GET /plans/:code/edit': 'plan',
  'POST /plans/:code/edit': 'plan',
  'GET /plans/:code/versions': 'plan',
  'POST /plans/:code/versions/:version/apply': 'plan',
  'GET /plans/:code/jobs/:id': 'plan',
  'GET /plans/:code': 'reader',
  'GET /plans/:code/years/:year/calendar': 'reader',
  'GET /plans/:code/years/:year/charts': 'reader',
  'GET /plans/:code/years/:year': 'reader',
  'POST /plans/:code/years/:year/reports': 'plan',
  'GET /api/plans/:code/years/:year/assignments': 'reader',
  'GET /api/plans/:code/years/:year/reports': 'reader',
  'POST /api/plans/:code/years/:year/reports': 'plan',
  'GET /api/reports/:id': 'reader',
  'GET /api/reports/:id/:format': 'reader',
  'GET /reports/:id': 'reader',
  'GET /submissions/:id/file': 'reader',
  'GET /api/assignments/:plan/:year/:obligation/:agency': 'reader',
  'GET /assignments/:plan/:year/:obligation/:agency': 'reader',
  'GET /api/dev/mailbox': 'admin',
  'GET /mailbox': 'admin',
  'GET /api/plans/:code/years/:year/reminder-letter': 'reader',
  'GET /l/:code': 'link',
  'POST /webhooks/zalo': 'public',
  'GET /webhooks/esms/:token': 'public',
  'POST /webhooks/bounce/:token': 'public',
  'GET /calendar/:file': 'link',
  'GET /calendar/mine.ics': 'reader',
  'GET /api/calendar/personal': 'reader',
  'GET /api/holidays': 'reader',
  'GET /api/holidays/changes': 'admin',
  'POST /api/holidays': 'admin',
  'DELETE /api/holidays/:date': 'admin',
  'POST /api/holidays/import': 'admin',
  'POST /api/holidays/retarget': 'admin',
  'GET /admin/holidays': 'admin',
  'POST /admin/holidays/:action': 'admin',
  'GET /api/directory': 'staff',
  'POST /api/directory/import/preview': 'admin',
  'POST /api/directory/import': 'admin',
  'GET /api/directory/export': 'staff',
  'GET /api/directory/template': 'reader',
  'POST /api/directory/agencies/:agency': 'staff',
  'POST /api/directory/agencies/:agency/contacts': 'admin',
  'POST /api/directory/agencies/:agency/contacts/:id': 'admin',
  'DELETE /api/directory/agencies/:agency/contacts/:id': 'admin',
  'POST /api/directory/reorganisations/preview': 'staff',
  'POST /api/directory/reorganisations': 'staff',
  'GET /directory': 'staff',
  'POST /directory/import': 'admin',
  'POST /directory/import/confirm': 'admin',
  'GET /directory/jobs/:id': 'admin',
  'POST /directory/agencies/:agency': 'staff',
  'POST /directory/agencies/:agency/contacts/:id': 'admin',
  'GET /directory/reorganisations': 'staff',
  'POST /directory/reorganisations/preview': 'staff',
  'POST /directory/reorganisations': 'staff',
  'GET /api/users': 'admin',
  'POST /api/users': 'admin',
  'POST /api/users/:id/password': 'admin',
  'POST /api/users/:id/disable': 'admin',
  'POST /api/users/:id/enable': 'admin',
  'DELETE /api/users/:id/sessions': 'admin',
  'POST /api/session/password': 'reader',
  'GET /api/account/digest': 'reader',
  'PUT /api/account/digest': 'reader',
  'GET /admin/users': 'admin',
  'POST /admin/users': 'admin',
  'POST /admin/users/:id/:action': 'admin',
  'GET /account': 'reader',
  'POST /account/password': 'reader',
  'POST /account/digest': 'reader',
  'POST /account/sign-out-everywhere': 'reader',
  // A scraper's: the bearer METRICS_TOKEN, which no session carries.
  'GET /metrics': 'metrics',
};
/** The coordinator's actions on one assignment, under the API and the page. */
for (const action of ['remind', 'extend', 'excuse', 'submissions', 'revoke-link']) {
  EXPECTED[`POST /api/assignments/:plan/:year/:obligation/:agency/${action}`] = 'plan';
  EXPECTED[`POST /assignments/:plan/:year/:obligation/:agency/${action}`] = 'plan';
}

const METRICS_TOKEN = randomBytes(24).toString('base64url');
const THIS = 'THIS-PLAN';
const OTHER = 'OTHER-PLAN';
const ROLES = ['none', 'viewer', 'coordinator of another plan', 'coordinator of this plan', 'admin'] as const;
type Who = (typeof ROLES)[number];

let w: LightWebApp;
let mailbox: Mailbox;
let mailDir: string;
const routes: { method: string; url: string; guard?: AccessConfig }[] = [];
const users = new Map<Who, number>();

beforeAll(async () => {
  mailDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nhac-han-matrix-mail-'));
  mailbox = await startMailbox({ dir: mailDir, port: 0 });
  w = await startLightWebApp(
    { rateLimits: { signInPerMinute: 10_000, signInPerIpPerMinute: 10_000, linkPerMinute: 10_000 } },
    {
      mailbox,
      metrics: { metrics: createMetrics({ processMetrics: false }), token: METRICS_TOKEN },
      onRoute: (r) => {
        for (const method of [r.method].flat())
          if (method !== 'HEAD') routes.push({ method, url: r.url, guard: r.guard });
      },
    },
  );
  for (const code of [THIS, OTHER])
    await w.db.prisma.plan.create({ data: { code, title: code, years: [2026], definition: {}, sourceHash: code } });
  const accounts: [Who, Role, string[]][] = [
    ['viewer', 'viewer', []],
    ['coordinator of another plan', 'coordinator', [OTHER]],
    ['coordinator of this plan', 'coordinator', [THIS]],
    ['admin', 'admin', []],
  ];
  for (const [who, role, plans] of accounts) {
    const u = await createUser(w.db.prisma, {
      email: `${role}-${randomBytes(3).toString('hex')}@so.gov.vn`,
      role,
      password: 'mat-khau-du-dai-123',
    });
    await setCoordinatorPlans(w.db.prisma, u.id, plans);
    users.set(who, u.id);
  }
}, 120_000);
afterAll(async () => {
  await w?.close();
  await mailbox?.stop();
  fs.rmSync(mailDir, { recursive: true, force: true });
});

/** A fresh session for each call (signing out with one must not end the next call's). */
async function session(who: Who): Promise<{ cookie: string; csrf: string } | null> {
  const userId = users.get(who);
  if (userId === undefined) return null;
  const token = randomBytes(32).toString('base64url');
  const csrf = randomBytes(24).toString('base64url');
  await w.db.prisma.session.create({
    data: {
      id: createHash('sha256').update(token).digest('hex'),
      userId,
      csrfToken: csrf,
      expiresAt: new Date(Date.now() + 3600_000),
    },
  });
  return { cookie: `${SESSION_COOKIE}=${token}`, csrf };
}

const PARAMS: Record<string, string> = {
  code: THIS,
  plan: THIS,
  year: '2026',
  obligation: 'bao-cao',
  agency: 'DV01',
  id: 'r-1',
  format: 'csv',
  token: 'x',
};

async function callRoute(r: { method: string; url: string; guard?: AccessConfig }, who: Who, withCsrf: boolean) {
  const url = r.url.replace(/:([A-Za-z]+)/g, (_m, p: string) => PARAMS[p] ?? 'x');
  const s = await session(who);
  const headers: Record<string, string> = {};
  if (s) headers.cookie = s.cookie;
  let body: FormData | string | undefined;
  if (r.method !== 'GET') {
    if (r.guard?.csrf === 'handler') {
      const form = new FormData();
      if (s && withCsrf) form.append('_csrf', s.csrf);
      form.append('content', 'x');
      body = form;
    } else {
      if (s && withCsrf) headers['x-csrf-token'] = s.csrf;
      headers['content-type'] = 'application/json';
      body = '{}';
    }
  } else if (s && withCsrf) headers['x-csrf-token'] = s.csrf;
  const res = await fetch(`${w.url}${url}`, { method: r.method, headers, body, redirect: 'manual' });
  await res.arrayBuffer();
  const location = res.headers.get('location') ?? '';
  return {
    status: res.status,
    refused:
      res.status === 401 ||
      res.status === 403 ||
      (r.method === 'GET' && res.status === 303 && location.startsWith('/sign-in')),
  };
}

function allowed(kind: Kind, who: Who, method: string, withCsrf: boolean): boolean | 'unknown' {
  if (kind === 'public') return true;
  // No session, role or CSRF token opens the metrics: only the bearer token does (called below).
  if (kind === 'metrics') return false;
  // The portal's credential is the link; this one is no link, so it is refused whoever calls.
  if (kind === 'link') return 'unknown';
  if (who === 'none') return false;
  if (method !== 'GET' && !withCsrf) return false;
  if (kind === 'reader') return true;
  if (kind === 'admin') return who === 'admin';
  if (kind === 'staff') return who !== 'viewer';
  return who === 'admin' || who === 'coordinator of this plan';
}

test('every registered route is listed with its access, and declares that access', () => {
  const registered = routes.map((r) => `${r.method} ${r.url}`).sort();
  expect(registered).toEqual(Object.keys(EXPECTED).sort());
  for (const r of routes)
    expect([`${r.method} ${r.url}`, r.guard?.access.kind]).toEqual([
      `${r.method} ${r.url}`,
      EXPECTED[`${r.method} ${r.url}`],
    ]);
});

test('every route × every role × with and without CSRF answers as its access says', async () => {
  const wrong: string[] = [];
  let calls = 0;
  for (const r of routes) {
    const kind = EXPECTED[`${r.method} ${r.url}`];
    if (!kind) continue;
    for (const who of ROLES)
      for (const withCsrf of [true, false]) {
        const expected = allowed(kind, who, r.method, withCsrf);
        const got = await callRoute(r, who, withCsrf);
        calls++;
        if (expected === 'unknown') {
          if (got.status === 401 || got.status === 303)
            wrong.push(`${r.method} ${r.url} as ${who}: ${got.status} for a link`);
        } else if (expected === got.refused) {
          wrong.push(
            `${r.method} ${r.url} as ${who}${withCsrf ? '' : ' without CSRF'}: ${got.status}, expected ${expected ? 'allowed' : 'refused'}`,
          );
        }
      }
  }
  expect(calls).toBe(Object.keys(EXPECTED).length * ROLES.length * 2);
  expect(wrong).toEqual([]);
  // Refusals are audited, with the client's IP.
  const refusals = await w.db.prisma.auditLog.findMany({ where: { action: 'refused' }, take: 1 });
  expect(refusals[0]?.detail).toMatchObject({ ip: '127.0.0.1' });
}, 300_000);

test('the metrics open with the bearer token alone', async () => {
  const ok = await fetch(`${w.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(ok.status).toBe(200);
  expect(await ok.text()).toContain('nhac_han_http_requests_total');
});
