/**
 * The web app, importable without listening (src/server.ts and `nhac-han start` listen). One error policy: 4xx
 * answers carry their message, 5xx answers a generic sentence while the full error is logged.
 */
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Mailbox } from '../embedded/mailbox';
import { maskError, maskPersonalData } from '../security/personal-data';
import { SignInLimiter } from '../security/sign-in-limiter';
import { guarded, PUBLIC, type AccessConfig } from './access';
import { registerAuth, safeLocalPath, type AuthOptions } from './auth';
import { recordAudit } from '../services/audit-log';
import { createJobRunner } from '../services/background-jobs';
import type { WebContext, WebDeps } from './context';
import { httpErrorOf } from './http-errors';
import { RouteRegistry } from './route-registry';
import { registerAccountPages } from './routes/account-pages';
import { registerAssignmentRoutes } from './routes/assignments';
import { registerChartPages } from './routes/charts';
import { registerDirectoryRoutes } from './routes/directory';
import { registerDirectoryPages } from './routes/directory-pages';
import { registerDirectoryReorganisePages } from './routes/directory-reorganise-pages';
import { registerHolidayRoutes } from './routes/holidays';
import { registerCalendarFeedRoutes } from './routes/calendar-feeds';
import { registerPages } from './routes/pages';
import { registerPlanEditorPages } from './routes/plan-editor';
import { registerJobPages } from './routes/jobs';
import { registerPlanImportPages } from './routes/plan-import';
import { registerPlanRoutes } from './routes/plans';
import { registerPortalRoutes } from './routes/portal';
import { registerReminderLetterRoutes } from './routes/reminder-letters';
import { registerReportRoutes } from './routes/reports';
import { registerSessionRoutes } from './routes/session';
import { registerShortLinkRoutes } from './routes/short-links';
import { registerSubmissionFileRoutes } from './routes/submission-files';
import { registerDeliveryWebhooks } from './routes/delivery-webhooks';
import { registerDigestSubscriptionRoutes } from './routes/digest-subscription';
import { registerUserRoutes } from './routes/users';
import { countHttpRequests, registerMetricsRoute, type MetricsEndpoint } from './routes/metrics';
import { registerHealthRoute, registerHomePage, registerMailboxRoutes } from './routes/system';
import { registerSecurityHeaders } from './security-headers';
import { loadViews } from './views';
import { createCalendarRefresher } from '../services/holiday-store';

export interface AppDeps {
  /** Named dependency checks for /healthz, e.g. database, temporal, smtp. Each resolves or throws. */
  health: Record<string, () => Promise<void>>;
  /** Present only in the embedded default. */
  mailbox?: Mailbox;
  temporalUiUrl?: string | null;
  /** Request logging (pino, one JSON line per request); a stream instead of stdout for tests. */
  logger?: boolean | { stream: NodeJS.WritableStream };
  /** The coordinators' app and the agency portal; without it only health, OpenAPI and the mailbox are served. */
  web?: WebDeps;
  /** Told of every route as it is registered: lets a check compare what is served with what is described. */
  onRoute?: (route: { method: string | string[]; url: string; guard?: AccessConfig }) => void;
  /** `GET /metrics` and the count of HTTP answers (with `web` only: its access rule needs the guard). */
  metrics?: MetricsEndpoint;
}

/** JSON for the API and machine endpoints, Vietnamese pages for everything a person opens in a browser. */
function wantsJson(req: FastifyRequest): boolean {
  return req.url.startsWith('/api/') || req.url === '/healthz' || req.url.startsWith('/openapi.json');
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  // Signed-link tokens are longer than fastify's default 100-character path parameter.
  const app = Fastify({
    // Request lines name the URL: a `/s/<token>` link is a credential, so it is masked (see maskPersonalData).
    logger: deps.logger
      ? {
          ...(typeof deps.logger === 'object' ? { stream: deps.logger.stream } : {}),
          serializers: {
            req: (req: FastifyRequest) => ({
              method: req.method,
              url: maskPersonalData(req.url),
              remoteAddress: req.ip,
            }),
          },
        }
      : false,
    bodyLimit: 2 * 1024 * 1024,
    routerOptions: { maxParamLength: 2000 },
  });
  registerSecurityHeaders(app, {
    https: deps.web ? (deps.web.secureCookies ?? deps.web.links.baseUrl.startsWith('https:')) : false,
  });
  // Every route declares who may call it (./access.ts); one without a declaration is a mistake caught at start.
  app.addHook('onRoute', (r) => {
    if (!(r.config as { guard?: unknown } | undefined)?.guard)
      throw new Error(`route ${String(r.method)} ${r.url} declares no access (see src/web/access.ts)`);
  });
  if (deps.onRoute) {
    const listener = deps.onRoute;
    app.addHook('onRoute', (r) =>
      listener({ method: r.method, url: r.url, guard: (r.config as { guard?: AccessConfig }).guard }),
    );
  }
  if (deps.metrics) countHttpRequests(app, deps.metrics.metrics);
  const render = loadViews();
  // Without the coordinators' app there are no /plans to go back to: the standalone page leads home.
  const errorView = deps.web ? 'error' : 'error-standalone';
  const page = (heading: string, message: string, errors?: unknown) => render(errorView, { heading, message, errors });

  // The one place service errors become HTTP answers (see httpErrorOf); anything unknown is a logged 500.
  app.setErrorHandler((raw: Error & { statusCode?: number }, req, reply) => {
    const mapped = httpErrorOf(raw);
    const err: Error & { statusCode?: number; errors?: unknown } = mapped ?? raw;
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
    if (status >= 500) {
      req.log.error({ err: maskError(raw), url: maskPersonalData(req.url), method: req.method }, 'request failed');
      const message = 'Lỗi máy chủ, vui lòng thử lại sau / internal error';
      if (wantsJson(req)) return reply.status(status).send({ error: message });
      return reply.status(status).type('text/html; charset=utf-8').send(page('Lỗi máy chủ', message));
    }
    if (wantsJson(req)) {
      if (mapped?.errors) return reply.status(status).send({ errors: mapped.errors });
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
      .send(page(heading, err.message, mapped?.errors));
  });
  app.setNotFoundHandler((req, reply) =>
    wantsJson(req)
      ? reply.status(404).send({ error: `Không tìm thấy ${req.url} / not found` })
      : reply.status(404).type('text/html; charset=utf-8').send(page('Không tìm thấy', 'Trang này không tồn tại.')),
  );

  const api = new RouteRegistry(app);
  let guard: WebContext['guard'] | undefined;
  if (deps.web) {
    const web = deps.web;
    const prisma = web.prisma;
    const now = web.now ?? (() => new Date());
    const auth: AuthOptions = {
      prisma,
      limiter: new SignInLimiter({
        perAccount: web.rateLimits?.signInPerMinute ?? 10,
        perIp: web.rateLimits?.signInPerIpPerMinute ?? 30,
        windowMs: 60_000,
      }),
      secureCookies: web.secureCookies ?? web.links.baseUrl.startsWith('https:'),
      now,
    };
    const onRefusal = async (req: FastifyRequest, reason: string) =>
      recordAudit(prisma, {
        actor: req.auth?.email ?? 'anonymous',
        action: 'refused',
        target: maskPersonalData(req.url).slice(0, 300),
        detail: { method: req.method, reason, ip: req.ip },
      });
    const ctx: WebContext = {
      guard: (a) => guarded(a, { prisma, onRefusal }),
      deps: web,
      prisma,
      actions: { prisma, temporal: web.temporal, now },
      auth,
      render,
      temporalUiUrl: deps.temporalUiUrl ?? null,
      mailbox: !!deps.mailbox,
      now,
      jobs: createJobRunner(prisma, { now, onError: (err) => app.log.error({ err: maskError(err) }, 'job failed') }),
    };
    // A stopping web process finishes the applies it started (as it answers the requests in flight).
    app.addHook('onClose', () => ctx.jobs.drain());
    await app.register(formbody);
    await app.register(multipart, { limits: { fileSize: web.maxUploadBytes ?? 20 * 1024 * 1024, files: 1 } });
    // Limits apply only to the routes that name one (signed links); sign-in counts its attempts per IP and per
    // account itself (SignInLimiter, shared by the API and the page).
    await app.register(rateLimit, {
      global: false,
      hook: 'preHandler',
      errorResponseBuilder: () =>
        Object.assign(new Error('Quá nhiều yêu cầu, vui lòng thử lại sau ít phút / too many requests'), {
          statusCode: 429,
        }),
    });
    // Pages and answers compute dates with the admin's stored calendar entries: re-read when they changed (one small
    // query, at most once a second), wherever the change was made (this app, the CLI, another instance).
    const refreshCalendar = createCalendarRefresher(prisma, { maxAgeMs: 1000 });
    app.addHook('onRequest', async (req) => {
      if (req.url !== '/healthz' && !req.url.startsWith('/openapi.json')) await refreshCalendar();
    });
    guard = ctx.guard;
    registerAuth(app, auth);
    registerSessionRoutes(api, ctx);
    registerUserRoutes(api, ctx);
    registerDigestSubscriptionRoutes(api, ctx);
    registerPlanRoutes(app, api, ctx);
    registerAssignmentRoutes(api, ctx);
    registerReportRoutes(api, ctx);
    registerPortalRoutes(api, ctx);
    registerHolidayRoutes(app, api, ctx);
    registerDirectoryRoutes(app, api, ctx);
    registerDirectoryPages(app, ctx);
    registerDirectoryReorganisePages(app, ctx);
    registerShortLinkRoutes(api, ctx);
    registerDeliveryWebhooks(app, ctx);
    registerCalendarFeedRoutes(api, ctx);
    registerReminderLetterRoutes(api, ctx);
    registerSubmissionFileRoutes(api, ctx);
    registerPlanImportPages(app, ctx);
    registerPlanEditorPages(app, ctx);
    registerJobPages(app, ctx);
    registerChartPages(app, ctx);
    registerAccountPages(app, ctx);
    registerPages(app, ctx);
    if (deps.metrics) registerMetricsRoute(app, ctx, deps.metrics);
  }

  registerHealthRoute(api, deps.health);
  registerHomePage(app, render, {
    temporalUiUrl: deps.temporalUiUrl ?? null,
    mailbox: !!deps.mailbox,
    web: !!deps.web,
  });
  if (deps.mailbox) registerMailboxRoutes(app, api, deps.mailbox, render, !!deps.web, guard);
  // Last, so it describes every route declared above.
  app.get('/openapi.json', { config: { guard: PUBLIC } }, async () => api.document());
  return app;
}
