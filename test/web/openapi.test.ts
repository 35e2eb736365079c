/**
 * /openapi.json against what the app serves: every API route (`/api/*`, `/s/*`, `/l/*`, `/calendar/*`, `/healthz`)
 * registered with Fastify is described with the same method, and nothing is described that is not served. The app
 * is built with stand-in dependencies: registering routes touches neither the database nor Temporal, and no request
 * reaches them here.
 */
import type { Client } from '@temporalio/client';
import type { PrismaClient } from '../../src/db/prisma';
import type { Mailbox } from '../../src/embedded/mailbox';
import { buildApp } from '../../src/web/app';
import { openApiPath } from '../../src/web/route-registry';

/** HTML pages and the document itself: served to browsers, not part of the API description. */
const PAGES = new Set([
  // The providers' delivery callbacks: their shape is the provider's (README, "Delivery truth"), not our API's.
  'POST /webhooks/zalo',
  'GET /webhooks/esms/{token}',
  'POST /webhooks/bounce/{token}',
  'GET /',
  'GET /openapi.json',
  'GET /mailbox',
  'GET /sign-in',
  'POST /sign-in',
  'POST /sign-out',
  'GET /plans',
  'POST /plans/upload',
  'GET /plans/new',
  'POST /plans/new',
  'GET /plans/{code}/edit',
  'POST /plans/{code}/edit',
  'GET /plans/{code}/versions',
  'POST /plans/{code}/versions/{version}/apply',
  'GET /plans/import',
  'POST /plans/import',
  'POST /plans/import/review',
  'GET /plans/{code}',
  'GET /plans/{code}/years/{year}/charts',
  'GET /plans/{code}/jobs/{id}',
  'GET /plans/{code}/years/{year}/calendar',
  'GET /plans/{code}/years/{year}',
  'POST /plans/{code}/years/{year}/reports',
  'GET /reports/{id}',
  'GET /admin/holidays',
  'POST /admin/holidays/{action}',
  'GET /directory',
  'POST /directory/import',
  'POST /directory/import/confirm',
  'GET /directory/jobs/{id}',
  'POST /directory/agencies/{agency}',
  'POST /directory/agencies/{agency}/contacts/{id}',
  'GET /directory/reorganisations',
  'POST /directory/reorganisations/preview',
  'POST /directory/reorganisations',
  'GET /admin/users',
  'POST /admin/users',
  'POST /admin/users/{id}/{action}',
  'GET /account',
  'POST /account/password',
  'POST /account/digest',
  'POST /account/sign-out-everywhere',
  'GET /assignments/{plan}/{year}/{obligation}/{agency}',
  ...['remind', 'extend', 'excuse', 'submissions', 'revoke-link'].map(
    (a) => `POST /assignments/{plan}/{year}/{obligation}/{agency}/${a}`,
  ),
]);

const isApi = (path: string) =>
  ['/api/', '/s/', '/l/', '/calendar/', '/submissions/'].some((prefix) => path.startsWith(prefix)) ||
  path === '/healthz';

async function servedAndDescribed(opts: { web: boolean; mailbox: boolean }) {
  const served = new Set<string>();
  const app = await buildApp({
    health: { database: async () => undefined },
    mailbox: opts.mailbox ? ({ list: async () => [] } as unknown as Mailbox) : undefined,
    web: opts.web
      ? {
          prisma: {} as unknown as PrismaClient,
          temporal: {} as unknown as Client,
          links: { baseUrl: 'http://127.0.0.1', secret: 'x'.repeat(32) },
          taskQueue: 'nhac-han',
          namespace: 'default',
          dataDir: '/nonexistent',
        }
      : undefined,
    onRoute: (r) => {
      // Fastify adds HEAD for every GET by itself.
      for (const m of [r.method].flat()) if (m !== 'HEAD') served.add(`${m} ${openApiPath(r.url)}`);
    },
  });
  // Over real HTTP: light-my-request (app.inject) needs an ES module jest's CommonJS runtime cannot load.
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const res = await fetch(`${url}/openapi.json`).finally(() => app.close());
  const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
  const described = new Set(
    Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)),
  );
  return { doc, served, described };
}

test.each([
  { web: true, mailbox: true },
  { web: true, mailbox: false },
  { web: false, mailbox: true },
])('every API route is described and every description is served (%o)', async (opts) => {
  const { doc, served, described } = await servedAndDescribed(opts);
  expect(doc.openapi).toMatch(/^3\./);
  const api = [...served].filter((r) => isApi(r.split(' ')[1]!));
  expect([...described].sort()).toEqual(api.sort());
  if (opts.web) {
    expect(api).toEqual(
      expect.arrayContaining([
        'GET /api/holidays',
        'POST /api/holidays',
        'DELETE /api/holidays/{date}',
        'POST /api/holidays/import',
        'GET /api/holidays/changes',
      ]),
    );
  }
  // Whatever is neither API nor a known page was added without a decision on whether to describe it.
  expect([...served].filter((r) => !isApi(r.split(' ')[1]!) && !PAGES.has(r))).toEqual([]);
});

test('the contract paths are there, with request and answer schemas from the zod schemas', async () => {
  const { doc } = await servedAndDescribed({ web: true, mailbox: true });
  expect(Object.keys(doc.paths)).toEqual(
    expect.arrayContaining([
      '/api/session',
      '/api/directory',
      '/api/directory/import/preview',
      '/api/directory/import',
      '/api/directory/export',
      '/api/directory/template',
      '/api/directory/reorganisations/preview',
      '/api/directory/reorganisations',
      '/api/plans',
      '/api/plans/{code}',
      '/api/plans/{code}/years/{year}/assignments',
      '/s/{token}',
      '/healthz',
      '/api/dev/mailbox',
    ]),
  );
  const remind = doc.paths['/api/assignments/{plan}/{year}/{obligation}/{agency}/remind']!.post as {
    responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
  };
  expect(Object.keys(remind.responses)).toEqual(expect.arrayContaining(['202', '404', '409', '422']));
  const extend = doc.paths['/api/assignments/{plan}/{year}/{obligation}/{agency}/extend']!.post as {
    requestBody: { content: Record<string, { schema: { required?: string[] } }> };
    parameters: { name: string; in: string }[];
  };
  expect(extend.requestBody.content['application/json']!.schema.required).toEqual(['newDueDate', 'reason']);
  expect(extend.parameters.map((p) => `${p.in}:${p.name}`)).toEqual([
    'path:plan',
    'path:year',
    'path:obligation',
    'path:agency',
  ]);
  // A plan file's apply may also write its inline agencies into the directory (admins).
  const apply = doc.paths['/api/plans']!.post as {
    requestBody: { content: Record<string, { schema: { properties: Record<string, { type?: string }> } }> };
  };
  expect(apply.requestBody.content['application/json']!.schema.properties.updateDirectory).toMatchObject({
    type: 'boolean',
  });
});
