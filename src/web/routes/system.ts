/** What every build serves, with or without the coordinators' app: health, the home page, the embedded mailbox. */
import type { FastifyInstance, FastifyRequest, RouteShorthandOptions } from 'fastify';
import { z } from 'zod';
import type { Mailbox } from '../../embedded/mailbox';
import { ADMIN, PUBLIC, type AccessConfig } from '../access';
import { forbidden } from '../http-errors';
import type { RouteRegistry } from '../route-registry';
import type { Render } from '../views';

export type DependencyState = { state: 'up' } | { state: 'down'; error: string };

const Health = z
  .object({
    status: z.enum(['ok', 'degraded']),
    dependencies: z.record(z.string(), z.object({ state: z.enum(['up', 'down']), error: z.string().optional() })),
  })
  .meta({ id: 'Health' });
const MailboxMessage = z
  .object({
    from: z.string(),
    to: z.string(),
    subject: z.string(),
    date: z.iso.datetime(),
    text: z.string(),
    messageId: z.string().nullable().optional(),
  })
  .meta({ id: 'MailboxMessage' });
const MailboxQuery = z.looseObject({
  limit: z.string().optional().describe('at most this many messages (1–1000, default 200)'),
});

export function registerHealthRoute(api: RouteRegistry, health: Record<string, () => Promise<void>>): void {
  api.route({
    method: 'GET',
    url: '/healthz',
    summary: 'State of each dependency',
    config: { guard: PUBLIC },
    responses: {
      200: { description: 'All dependencies up', schema: Health },
      503: { description: 'A dependency is down', schema: Health },
    },
    handler: async (_input, _req, reply) => {
      const entries = await Promise.all(
        Object.entries(health).map(async ([name, check]): Promise<[string, DependencyState]> => {
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
    },
  });
}

export function registerHomePage(
  app: FastifyInstance,
  render: Render,
  o: { temporalUiUrl: string | null; mailbox: boolean; web: boolean },
): void {
  app.get('/', { config: { guard: PUBLIC } }, async (_req, reply) =>
    reply.type('text/html; charset=utf-8').send(render('home', o)),
  );
}

/** The embedded mailbox: JSON for tests and tools, a page for people (in the app's layout when it is mounted). */
export function registerMailboxRoutes(
  app: FastifyInstance,
  api: RouteRegistry,
  mailbox: Mailbox,
  render: Render,
  withApp: boolean,
  /** With the coordinators' app: admins only (and always only on a loopback Host). */
  guard?: (a: AccessConfig) => { config: object; preHandler: RouteShorthandOptions['preHandler'] },
): void {
  // The embedded default's mailbox holds every message sent (signed links among them): an admin's, from this machine.
  const access: AccessConfig = { ...(withApp ? ADMIN : PUBLIC), localHostOnly: true };
  const options = guard ? guard(access) : { config: { guard: access }, preHandler: localOnly };
  api.route({
    method: 'GET',
    url: '/api/dev/mailbox',
    summary: 'Messages received by the embedded SMTP mailbox, newest first',
    query: MailboxQuery,
    ...options,
    responses: { 200: { description: 'Messages', schema: z.array(MailboxMessage) } },
    handler: async ({ query }) => {
      const limit = Math.min(Number(query.limit ?? 200) || 200, 1000);
      const messages = await mailbox.list(limit);
      return messages.map(({ from, to, subject, date, text, messageId }) => ({
        from,
        to,
        subject,
        date,
        text,
        messageId,
      }));
    },
  });
  app.get('/mailbox', options, async (req, reply) => {
    const messages = await mailbox.list(200);
    const html = withApp
      ? render('mailbox', { user: req.auth, mailbox: true, messages })
      : render('mailbox-standalone', { messages });
    return reply.type('text/html; charset=utf-8').send(html);
  });
}

/** Without the coordinators' app (no sessions): the Host check alone. */
async function localOnly(req: FastifyRequest): Promise<void> {
  if (!['localhost', '127.0.0.1', '[::1]'].includes(req.hostname.replace(/:\d+$/, '')))
    throw forbidden('Chỉ mở được từ máy này / local access only');
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
