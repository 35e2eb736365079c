/**
 * Who may call each route, declared with the route and enforced by the same declaration's preHandler. Every route
 * must declare one (buildApp refuses to register a route without it), and the authorisation matrix test
 * (test/security/authorisation-matrix.test.ts) calls every registered route as every role from these declarations.
 *
 * - `public`: anyone (health, the sign-in form, the API description).
 * - `link`: the agency portal; the signed link is the credential (no session, no CSRF).
 * - `reader`: any signed-in account (admin, coordinator, viewer).
 * - `plan`: an admin, or a coordinator of the plan the route's `param` names (PlanCoordinator). Viewers never.
 * - `staff`: admins and coordinators (of any plan): the province's directory of agencies, shared by every plan.
 * - `admin`: admins only: new plans and plan files (which set agencies' contacts), accounts, the dev mailbox.
 * - `metrics`: a scraper, not a person: the bearer `METRICS_TOKEN` when set, else only from this machine
 *   (src/runtime/metrics-access.ts). A session grants nothing here.
 *
 * State-changing requests (not GET/HEAD) of the signed-in kinds need the session's CSRF token; `csrf: 'handler'`
 * leaves that check to the handler (multipart forms read it from the body).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { PrismaClient } from '../db/prisma';
import { metricsRefusal } from '../runtime/metrics-access';
import { forbidden, unauthenticated } from './http-errors';

export type Access =
  | { kind: 'public' }
  | { kind: 'link' }
  | { kind: 'reader' }
  | { kind: 'plan'; param: 'code' | 'plan' }
  | { kind: 'staff' }
  | { kind: 'admin' }
  | { kind: 'metrics'; token: string | undefined };

export interface AccessConfig {
  access: Access;
  csrf?: 'handler';
  /** The embedded mailbox: only when the request's Host is this machine's loopback name. */
  localHostOnly?: boolean;
}

export const PUBLIC: AccessConfig = { access: { kind: 'public' } };
export const LINK: AccessConfig = { access: { kind: 'link' } };
export const READER: AccessConfig = { access: { kind: 'reader' } };
export const ADMIN: AccessConfig = { access: { kind: 'admin' } };
export const STAFF: AccessConfig = { access: { kind: 'staff' } };
export const planActor = (param: 'code' | 'plan', o: { csrf?: 'handler' } = {}): AccessConfig => ({
  access: { kind: 'plan', param },
  ...o,
});

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route's access declaration (see above); every route has one. */
    guard?: AccessConfig;
  }
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

function csrfGiven(req: FastifyRequest): string | undefined {
  const header = req.headers['x-csrf-token'];
  const field = (req.body as { _csrf?: unknown } | undefined)?._csrf;
  return typeof header === 'string' ? header : typeof field === 'string' ? field : undefined;
}

/** Whether the account coordinates the plan. */
export async function coordinates(prisma: PrismaClient, userId: number, planCode: string): Promise<boolean> {
  const row = await prisma.planCoordinator.findUnique({ where: { userId_planCode: { userId, planCode } } });
  return row !== null;
}

/**
 * The route options that enforce `a`: `config` (the declaration, read by the matrix test) and `preHandler`. A
 * refusal is audited (who, what, from which IP) through `onRefusal`.
 */
export function guarded(
  a: AccessConfig,
  deps: { prisma: PrismaClient; onRefusal?: (req: FastifyRequest, reason: string) => Promise<void> },
) {
  const refuse = async (req: FastifyRequest, err: Error & { statusCode?: number }, reason: string) => {
    await deps.onRefusal?.(req, reason);
    return err;
  };
  const preHandler = async (req: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    if (a.localHostOnly && !LOOPBACK.has(req.hostname.replace(/:\d+$/, '')))
      throw await refuse(req, forbidden('Chỉ mở được từ máy này / local access only'), 'host');
    if (a.access.kind === 'metrics') {
      const why = metricsRefusal(a.access.token, {
        remoteAddress: req.socket.remoteAddress,
        authorization: req.headers.authorization,
      });
      if (why === 'token')
        throw await refuse(req, forbidden('Thiếu hoặc sai METRICS_TOKEN / missing or wrong token'), why);
      if (why) throw await refuse(req, forbidden('Chỉ mở được từ máy này / local access only'), why);
      return;
    }
    if (a.access.kind === 'public' || a.access.kind === 'link') return;
    const auth = req.auth;
    if (!auth) throw unauthenticated();
    if (req.method !== 'GET' && req.method !== 'HEAD' && a.csrf !== 'handler' && csrfGiven(req) !== auth.csrfToken)
      throw await refuse(req, forbidden('Thiếu hoặc sai mã CSRF / missing or wrong CSRF token'), 'csrf');
    if (a.access.kind === 'reader' || auth.role === 'admin') return;
    if (a.access.kind === 'admin') throw await refuse(req, forbidden(), 'role');
    if (a.access.kind === 'staff') {
      if (auth.role === 'coordinator') return;
      throw await refuse(req, forbidden(), 'role');
    }
    // A plan's action: its coordinators only.
    const plan = (req.params as Record<string, unknown> | undefined)?.[a.access.param];
    if (auth.role !== 'coordinator' || typeof plan !== 'string' || !(await coordinates(deps.prisma, auth.userId, plan)))
      throw await refuse(req, forbidden('Bạn không điều phối kế hoạch này / not a coordinator of this plan'), 'plan');
  };
  return { config: { guard: a }, preHandler };
}
