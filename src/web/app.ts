/**
 * The web app, importable without listening (src/server.ts and `nhac-han start` listen). One error policy: 4xx
 * answers carry their message, 5xx answers a generic sentence while the full error is logged.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { Mailbox } from '../embedded/mailbox';
import { openApiDocument } from './openapi';
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
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({ logger: deps.logger ?? false, bodyLimit: 2 * 1024 * 1024 });

  app.setErrorHandler((err: Error & { statusCode?: number; validation?: unknown }, req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 ? err.statusCode : 500;
    if (status >= 500) {
      req.log.error({ err, url: req.url, method: req.method }, 'request failed');
      return reply.status(status).send({ error: 'Lỗi máy chủ, vui lòng thử lại sau / internal error' });
    }
    return reply.status(status).send({ error: err.message });
  });
  app.setNotFoundHandler((req, reply) => reply.status(404).send({ error: `Không tìm thấy ${req.url} / not found` }));

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

  app.get('/openapi.json', async () => openApiDocument({ mailbox: deps.mailbox !== undefined }));

  app.get('/', async (_req, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .send(homePage({ temporalUiUrl: deps.temporalUiUrl ?? null, mailbox: !!deps.mailbox })),
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
    app.get('/mailbox', async (_req, reply) =>
      reply.type('text/html; charset=utf-8').send(mailboxPage(await mailbox.list(200))),
    );
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
