/** Signing in and out over the API; the session cookie is HTTP-only, state changes carry the CSRF token it answers. */
import { z } from 'zod';
import { PUBLIC, READER } from '../access';
import { endAllSessions } from '../../services/account-service';
import { SESSION_COOKIE, SignIn, signIn, signOut } from '../auth';
import type { WebContext } from '../context';
import { COMMON, type RouteRegistry } from '../route-registry';

const SessionUser = z
  .object({ email: z.string(), role: z.enum(['admin', 'coordinator', 'viewer']), csrfToken: z.string() })
  .meta({ id: 'SessionUser' });
const SessionAnswer = z.object({ user: SessionUser });

export function registerSessionRoutes(api: RouteRegistry, ctx: WebContext): void {
  api.route({
    method: 'POST',
    url: '/api/session',
    summary: 'Sign in (sets the HTTP-only session cookie); answers the CSRF token for later state changes',
    // signIn parses the body itself (the sign-in page shares it); declared here for the description.
    bodyDoc: { contentType: 'application/json', schema: SignIn },
    // Counted per IP and per account by signIn itself (SignInLimiter).
    ...ctx.guard(PUBLIC),
    responses: {
      200: { description: 'Signed in', schema: SessionAnswer },
      401: { description: 'Wrong email or password', schema: COMMON[401].schema },
      422: COMMON[422],
      429: COMMON[429],
      503: { description: 'Too many password checks at once; try again', schema: COMMON[401].schema },
    },
    handler: async (_input, req, reply) => ({ user: await signIn(ctx.auth, req, reply, req.body) }),
  });
  api.route({
    method: 'GET',
    url: '/api/session',
    summary: 'The signed-in user and the CSRF token',
    ...ctx.guard(READER),
    responses: { 200: { description: 'Signed in', schema: SessionAnswer }, 401: COMMON[401] },
    handler: async (_input, req) => ({
      user: { email: req.auth?.email, role: req.auth?.role, csrfToken: req.auth?.csrfToken },
    }),
  });
  api.route({
    method: 'DELETE',
    url: '/api/session',
    summary: 'Sign out',
    ...ctx.guard(READER),
    responses: { 204: { description: 'Signed out' }, 401: COMMON[401], 403: COMMON[403] },
    handler: async (_input, req, reply) => {
      await signOut(ctx.auth, req, reply);
      return reply.status(204).send();
    },
  });
  api.route({
    method: 'DELETE',
    url: '/api/session/everywhere',
    summary: 'Sign out everywhere: ends every session of the signed-in account',
    ...ctx.guard(READER),
    responses: { 204: { description: 'Every session ended' }, 401: COMMON[401], 403: COMMON[403] },
    handler: async (_input, req, reply) => {
      const userId = req.auth!.userId;
      await endAllSessions(ctx.auth.prisma, userId, { actor: `user:${userId}`, ip: req.ip });
      void reply.header('set-cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`);
      return reply.status(204).send();
    },
  });
}
