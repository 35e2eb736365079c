/**
 * Every route of the app's route table under fast-check, called over real HTTP as an admin with a valid CSRF token
 * (so that the input reaches validation): random query strings (the route's declared parameters and others),
 * random JSON bodies (the declared fields with values of any type, and any JSON at all), broken JSON, form posts.
 * No answer is a 5xx; every JSON 422 lists `{ path, message }` entries; no answer carries a stack trace; and a
 * refusal stores nothing (every table but the audit log and the sessions has the same rows before and after).
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import fc from 'fast-check';
import { startMailbox, type Mailbox } from '../../src/embedded/mailbox';
import { createUser } from '../../src/services/user-service';
import { SESSION_COOKIE } from '../../src/web/auth';
import { startLightWebApp, type LightWebApp } from '../support/light-web-app';
import { devServerAddress } from '../support/temporal';

const RUNS = Number(process.env.NHAC_HAN_FUZZ_RUNS ?? 12);
/** Tables a refusal may write to: the audit log (refusals are audited) and the sign-in state. */
const MAY_CHANGE = new Set(['AuditLog', 'Session', '_prisma_migrations']);

let w: LightWebApp;
let mailbox: Mailbox;
let mailDir: string;
let connection: Connection;
let cookie = '';
let csrf = '';
const routes: { method: string; url: string; csrfInForm: boolean }[] = [];
let doc: { paths: Record<string, Record<string, OpenApiOp>> };

interface OpenApiOp {
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> };
}

beforeAll(async () => {
  mailDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nhac-han-fuzz-mail-'));
  mailbox = await startMailbox({ dir: mailDir, port: 0 });
  connection = await Connection.connect({ address: devServerAddress() });
  w = await startLightWebApp(
    {
      rateLimits: { signInPerMinute: 100_000, signInPerIpPerMinute: 100_000, linkPerMinute: 100_000 },
      // A real Temporal client on a queue no worker polls: a route that reaches Temporal meets real answers.
      temporal: new Client({ connection }),
      taskQueue: `fuzz-${randomBytes(4).toString('hex')}`,
    },
    {
      mailbox,
      onRoute: (r) => {
        for (const method of [r.method].flat())
          if (method !== 'HEAD') routes.push({ method, url: r.url, csrfInForm: r.guard?.csrf === 'handler' });
      },
    },
  );
  await w.db.prisma.plan.create({
    data: { code: 'FUZZ', title: 'FUZZ', years: [2026], definition: {}, sourceHash: 'x' },
  });
  const admin = await createUser(w.db.prisma, {
    email: 'admin@so.gov.vn',
    role: 'admin',
    password: 'mat-khau-du-dai-123',
  });
  const token = randomBytes(32).toString('base64url');
  csrf = randomBytes(24).toString('base64url');
  await w.db.prisma.session.create({
    data: {
      id: createHash('sha256').update(token).digest('hex'),
      userId: admin.id,
      csrfToken: csrf,
      expiresAt: new Date(Date.now() + 3600_000),
    },
  });
  cookie = `${SESSION_COOKIE}=${token}`;
  doc = (await (await fetch(`${w.url}/openapi.json`)).json()) as typeof doc;
}, 120_000);

afterAll(async () => {
  await w?.close();
  await connection?.close();
  await mailbox?.stop();
  fs.rmSync(mailDir, { recursive: true, force: true });
});

async function tableCounts(): Promise<Record<string, number>> {
  const tables = await w.db.prisma.$queryRawUnsafe<{ t: string }[]>(
    `SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public'`,
  );
  const out: Record<string, number> = {};
  for (const { t } of tables) {
    if (MAY_CHANGE.has(t)) continue;
    const [row] = await w.db.prisma.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM "${t}"`);
    out[t] = Number(row!.n);
  }
  return out;
}

const value = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(
    '',
    ' ',
    '0',
    '-1',
    '2026',
    '99999999999999999999',
    'FUZZ',
    '../..',
    '%00',
    '<script>',
    'a'.repeat(5000),
  ),
);
const queryValue = fc.oneof(
  fc.string(),
  fc.constantFrom('', '0', '-1', '2026', '1e9', 'NaN', 'true', 'FUZZ', '//evil.com', '/.//evil.com', 'x'.repeat(3000)),
);
const paramValue = fc.oneof(
  fc.constantFrom('FUZZ', '2026', 'x', '0', '-1', '99999', 'bao-cao', 'DV01', 'csv', 'xlsx', '2026-01-01', 'remind'),
  fc.string({ minLength: 1, maxLength: 40 }),
);

/** A request for one route: params filled, a query, and a body of one of several kinds. */
function requestFor(route: { method: string; url: string }) {
  const op = doc.paths[route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}')]?.[route.method.toLowerCase()];
  const declaredQuery = (op?.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
  const bodySchema = Object.values(op?.requestBody?.content ?? {})[0]?.schema;
  const declaredBody = Object.keys(bodySchema?.properties ?? {});
  const key = fc.oneof(
    fc.constantFrom(...declaredQuery, 'next', 'year', 'page', '__proto__'),
    fc.string({ maxLength: 10 }),
  );
  const bodyKey = fc.oneof(
    fc.constantFrom(...declaredBody, 'content', '_csrf', '__proto__'),
    fc.string({ maxLength: 10 }),
  );
  return fc.record({
    params: fc.array(paramValue, { minLength: 6, maxLength: 6 }),
    query: fc.array(fc.tuple(key, queryValue), { maxLength: 4 }),
    body: fc.oneof(
      fc.dictionary(bodyKey, value, { maxKeys: 6 }).map((o) => ({ kind: 'json' as const, text: JSON.stringify(o) })),
      fc.jsonValue().map((v) => ({ kind: 'json' as const, text: JSON.stringify(v) })),
      fc.string().map((text) => ({ kind: 'json' as const, text })),
      fc.dictionary(bodyKey, fc.string(), { maxKeys: 6 }).map((o) => ({ kind: 'form' as const, fields: o })),
      fc.dictionary(bodyKey, fc.string(), { maxKeys: 4 }).map((o) => ({ kind: 'multipart' as const, fields: o })),
    ),
  });
}

test('every route: no 5xx, 422s as path: message, no stack, nothing stored by a refusal', async () => {
  expect(routes.length).toBeGreaterThan(40);
  const findings: string[] = [];
  for (const route of routes) {
    await fc.assert(
      fc.asyncProperty(requestFor(route), async (req) => {
        let n = 0;
        const url =
          route.url.replace(/:([A-Za-z0-9_]+)/g, () => encodeURIComponent(req.params[n++ % 6]!)) +
          (req.query.length > 0
            ? `?${new URLSearchParams(req.query.map(([k, v]): [string, string] => [k, v])).toString()}`
            : '');
        const headers: Record<string, string> = { cookie, 'x-csrf-token': csrf, accept: 'application/json' };
        let body: string | FormData | undefined;
        if (route.method !== 'GET') {
          const b = req.body;
          if (b.kind === 'json') {
            headers['content-type'] = 'application/json';
            body = b.text;
          } else if (b.kind === 'form') {
            headers['content-type'] = 'application/x-www-form-urlencoded';
            body = new URLSearchParams({ ...b.fields, _csrf: csrf }).toString();
          } else {
            const form = new FormData();
            form.append('_csrf', csrf);
            for (const [k, v] of Object.entries(b.fields)) form.append(k, v);
            body = form;
          }
        }
        const before = await tableCounts();
        const res = await fetch(`${w.url}${url}`, { method: route.method, headers, body, redirect: 'manual' });
        const text = await res.text();
        const what = `${route.method} ${url} ${JSON.stringify(req.body).slice(0, 200)} → ${res.status} ${text.slice(0, 300)}`;
        if (res.status >= 500) findings.push(`5xx: ${what}`);
        if (/\n\s+at .+:\d+:\d+/.test(text)) findings.push(`stack: ${what}`);
        if (res.status === 422 && (res.headers.get('content-type') ?? '').includes('json')) {
          const parsed = JSON.parse(text) as { errors?: { path?: unknown; message?: unknown }[] };
          const ok =
            Array.isArray(parsed.errors) &&
            parsed.errors.length > 0 &&
            parsed.errors.every((e) => typeof e.path === 'string' && typeof e.message === 'string' && e.message !== '');
          if (!ok) findings.push(`422 not path: message: ${what}`);
        }
        if (res.status >= 400) {
          const after = await tableCounts();
          if (JSON.stringify(after) !== JSON.stringify(before))
            findings.push(`stored on refusal: ${what} ${JSON.stringify(before)} → ${JSON.stringify(after)}`);
        }
      }),
      { numRuns: RUNS },
    );
  }
  expect([...new Set(findings)]).toEqual([]);
}, 900_000);
