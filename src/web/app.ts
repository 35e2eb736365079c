/**
 * The web app, importable without listening (src/server.ts and `nhac-han start` listen). One error policy: 4xx
 * answers carry their message, 5xx answers a generic sentence while the full error is logged.
 */
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Mailbox } from '../embedded/mailbox';
import { registerAssignmentApi } from './api-assignments';
import { registerPlanApi } from './api-plans';
import {
  registerAuth,
  safeLocalPath,
  signIn,
  signInRateLimit,
  signOut,
  requireRole,
  READERS,
  type AuthOptions,
} from './auth';
import type { WebContext, WebDeps } from './context';
import { HttpError } from './http-errors';
import { openApiDocument } from './openapi';
import { registerPages } from './pages';
import { registerPortal } from './portal';
import { registerReportApi } from './api-reports';
import { loadViews, type Render } from './views';
import { mailboxPage } from './pages/mailbox-page';
import { homePage } from './pages/home-page';

export type DependencyState = { state: 'up' } | { state: 'down'; error: string };

export interface AppDeps {
  /** Named dependency checks for /healthz, e.g. database, temporal, smtp. Each resolves or throws. */
  health: Record<string, () => Promise<void>>;
  /** Present only in the embedded default. */
  mailbox?: Mailbox;
  temporalUiUrl?: string | null;
  logger?: boolean;
  /** The coordinators' app and the agency portal; without it only health, OpenAPI and the mailbox are served. */
  web?: WebDeps;
}

/** JSON for the API and machine endpoints, Vietnamese pages for everything a person opens in a browser. */
function wantsJson(req: FastifyRequest): boolean {
  return req.url.startsWith('/api/') || req.url === '/healthz' || req.url.startsWith('/openapi.json');
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  // Signed-link tokens are longer than fastify's default 100-character path parameter.
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: 2 * 1024 * 1024,
    routerOptions: { maxParamLength: 2000 },
  });
  let render: Render | null = null;
  const page = (status: number, heading: string, message: string, errors?: unknown) =>
    render ? render('error', { heading, message, errors }) : `<!doctype html><title>${status}</title><p>${status}</p>`;

  app.setErrorHandler((err: Error & { statusCode?: number; errors?: unknown }, req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
    if (status >= 500) {
      req.log.error({ err, url: req.url, method: req.method }, 'request failed');
      const message = 'Lỗi máy chủ, vui lòng thử lại sau / internal error';
      if (wantsJson(req)) return reply.status(status).send({ error: message });
      return reply
        .status(status)
        .type('text/html; charset=utf-8')
        .send(page(status, 'Lỗi máy chủ', message));
    }
    if (wantsJson(req)) {
      if (err instanceof HttpError && err.errors) return reply.status(status).send({ errors: err.errors });
      return reply.status(status).send({ error: err.message });
    }
    if (status === 401 && req.method === 'GET') {
      // Back to the page asked for once signed in (the emailed report link, a bookmarked dashboard).
      const next = safeLocalPath(req.url);
      return reply.redirect(
        next && next !== '/sign-in' ? `/sign-in?next=${encodeURIComponent(next)}` : '/sign-in',
        303,
      );
    }
    const heading = status === 403 ? 'Không có quyền' : status === 404 ? 'Không tìm thấy' : 'Không thực hiện được';
    return reply
      .status(status)
      .type('text/html; charset=utf-8')
      .send(page(status, heading, err.message, err instanceof HttpError ? err.errors : undefined));
  });
  app.setNotFoundHandler((req, reply) =>
    wantsJson(req)
      ? reply.status(404).send({ error: `Không tìm thấy ${req.url} / not found` })
      : reply
          .status(404)
          .type('text/html; charset=utf-8')
          .send(page(404, 'Không tìm thấy', 'Trang này không tồn tại.')),
  );

  if (deps.web) {
    const web = deps.web;
    const prisma = web.prisma;
    render = loadViews();
    const now = web.now ?? (() => new Date());
    const auth: AuthOptions = {
      prisma,
      secureCookies: web.secureCookies ?? web.links.baseUrl.startsWith('https:'),
      now,
    };
    const ctx: WebContext = {
      deps: web,
      prisma,
      actions: { prisma, temporal: web.temporal, now },
      auth,
      render,
      temporalUiUrl: deps.temporalUiUrl ?? null,
      mailbox: !!deps.mailbox,
      now,
    };
    await app.register(formbody);
    await app.register(multipart, { limits: { fileSize: web.maxUploadBytes ?? 20 * 1024 * 1024, files: 1 } });
    // Limits apply only to the routes that name one (sign-in, signed links); counted after the body is parsed, so
    // sign-in can be keyed by IP and email.
    await app.register(rateLimit, {
      global: false,
      hook: 'preHandler',
      errorResponseBuilder: () =>
        Object.assign(new Error('Quá nhiều yêu cầu, vui lòng thử lại sau ít phút / too many requests'), {
          statusCode: 429,
        }),
    });
    registerAuth(app, auth);
    const signInLimit = signInRateLimit(web.rateLimits?.signInPerMinute ?? 10);
    app.post('/api/session', { config: { rateLimit: signInLimit } }, async (req, r) => ({
      user: await signIn(auth, r, req.body),
    }));
    app.delete('/api/session', { preHandler: requireRole(READERS) }, async (req, r) => {
      await signOut(auth, req, r);
      return r.status(204).send();
    });
    app.get('/api/session', { preHandler: requireRole(READERS) }, async (req) => ({
      user: { email: req.auth?.email, role: req.auth?.role, csrfToken: req.auth?.csrfToken },
    }));
    registerPlanApi(app, ctx);
    registerAssignmentApi(app, ctx);
    registerReportApi(app, ctx);
    registerPortal(app, ctx);
    registerPages(app, ctx);
  }

  app.get('/healthz', async (_req, reply) => {
    const entries = await Promise.all(
      Object.entries(deps.health).map(async ([name, check]): Promise<[string, DependencyState]> => {
        try {
          await withTimeout(check(), 3000);
          return [name, { state: 'up' }];
        } catch (err) {
          return [
            name,
            { state: 'down', error: err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err) },
          ];
        }
      }),
    );
    const dependencies = Object.fromEntries(entries);
    const ok = entries.every(([, s]) => s.state === 'up');
    return reply.status(ok ? 200 : 503).send({ status: ok ? 'ok' : 'degraded', dependencies });
  });

  app.get('/openapi.json', async () => openApiDocument({ mailbox: deps.mailbox !== undefined, web: !!deps.web }));

  app.get('/', async (_req, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .send(homePage({ temporalUiUrl: deps.temporalUiUrl ?? null, mailbox: !!deps.mailbox, web: !!deps.web })),
  );

  if (deps.mailbox) {
    const mailbox = deps.mailbox;
    app.get('/api/dev/mailbox', async (req) => {
      const limit = Math.min(Number((req.query as { limit?: string }).limit ?? 200) || 200, 1000);
      const messages = await mailbox.list(limit);
      return messages.map(({ from, to, subject, date, text, messageId }) => ({
        from,
        to,
        subject,
        date,
        text,
        messageId,
      }));
    });
    // With the coordinators' app, the mailbox page has its layout and navigation; without it, a standalone page.
    app.get('/mailbox', async (req, reply) => {
      const messages = await mailbox.list(200);
      const html = render ? render('mailbox', { user: req.auth, mailbox: true, messages }) : mailboxPage(messages);
      return reply.type('text/html; charset=utf-8').send(html);
    });
  }
  return app;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timeout after ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
