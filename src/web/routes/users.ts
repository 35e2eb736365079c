/**
 * Accounts over the API. Admins: `GET /api/users` (every account: role, plans, disabled, last sign-in, open
 * sessions), `POST /api/users` (a new account; a generated password is answered once), `POST /api/users/:id/password`,
 * `POST /api/users/:id/disable|enable`, `DELETE /api/users/:id/sessions`. Anyone signed in:
 * `POST /api/session/password` (one's own, the current password required). The same service functions as the CLI
 * (src/services/account-service.ts); each change is audited with the admin's id, the account's id and the client IP.
 */
import { z } from 'zod';
import {
  changeOwnPassword,
  createAccount,
  disableUser,
  enableUser,
  endSessionsOf,
  listAccounts,
  setPassword,
  type Actor,
} from '../../services/account-service';
import { RejectedError } from '../../services/service-errors';
import type { FastifyRequest } from 'fastify';
import { ADMIN, READER } from '../access';
import type { WebContext } from '../context';
import { COMMON, type RouteRegistry } from '../route-registry';
import {
  Account,
  Created,
  NewAccountBody,
  OwnPasswordBody,
  PasswordBody,
  PasswordSet,
  SessionsEnded,
  UserParams,
} from '../schemas/users';

/** The signed-in account as the actor of an audited change, with the client's IP. */
export const webActor = (req: FastifyRequest): Actor => ({ actor: `user:${req.auth!.userId}`, ip: req.ip });

/** An admin cannot disable their own account: the last admin would lock everyone out. */
export function refuseSelfDisable(req: FastifyRequest, userId: number): void {
  if (req.auth?.userId === userId)
    throw new RejectedError('không thể tự khóa tài khoản của mình / you cannot disable your own account', 'id');
}

const ADMIN_ANSWERS = { 401: COMMON[401], 403: COMMON[403], 404: COMMON[404], 422: COMMON[422] };

export function registerUserRoutes(api: RouteRegistry, ctx: WebContext): void {
  api.route({
    method: 'GET',
    url: '/api/users',
    summary: 'Every account (admins): role, plans coordinated, disabled, last sign-in, open sessions',
    ...ctx.guard(ADMIN),
    responses: {
      200: { description: 'By id', schema: z.object({ users: z.array(Account) }) },
      401: COMMON[401],
      403: COMMON[403],
    },
    handler: async () => ({ users: await listAccounts(ctx.prisma, ctx.now()) }),
  });
  api.route({
    method: 'POST',
    url: '/api/users',
    summary: 'Create an account (admins); without `password` one is generated and answered once',
    body: NewAccountBody,
    ...ctx.guard(ADMIN),
    responses: { 201: { description: 'Created', schema: Created }, ...ADMIN_ANSWERS },
    handler: async ({ body }, req, reply) => {
      const { generatedPassword, ...user } = await createAccount(ctx.prisma, body, webActor(req));
      return reply.status(201).send({ user, generatedPassword });
    },
  });
  api.route({
    method: 'POST',
    url: '/api/users/:id/password',
    summary: "Set an account's password (admins); generated when omitted; every session of the account ends",
    params: UserParams,
    body: PasswordBody,
    ...ctx.guard(ADMIN),
    responses: { 200: { description: 'Changed', schema: PasswordSet }, ...ADMIN_ANSWERS },
    handler: async ({ params, body }, req) => setPassword(ctx.prisma, params.id, body.password, webActor(req)),
  });
  api.route({
    method: 'POST',
    url: '/api/users/:id/disable',
    summary: 'Disable an account (admins): it can no longer sign in, and its sessions end',
    params: UserParams,
    ...ctx.guard(ADMIN),
    responses: { 200: { description: 'Disabled', schema: SessionsEnded }, ...ADMIN_ANSWERS },
    handler: async ({ params }, req) => {
      refuseSelfDisable(req, params.id);
      return disableUser(ctx.prisma, params.id, webActor(req));
    },
  });
  api.route({
    method: 'POST',
    url: '/api/users/:id/enable',
    summary: 'Enable a disabled account again (admins)',
    params: UserParams,
    ...ctx.guard(ADMIN),
    responses: { 200: { description: 'Enabled', schema: z.object({ userId: z.number() }) }, ...ADMIN_ANSWERS },
    handler: async ({ params }, req) => enableUser(ctx.prisma, params.id, webActor(req)),
  });
  api.route({
    method: 'DELETE',
    url: '/api/users/:id/sessions',
    summary: 'End every session of an account (admins): it must sign in again',
    params: UserParams,
    ...ctx.guard(ADMIN),
    responses: { 200: { description: 'Ended', schema: SessionsEnded }, ...ADMIN_ANSWERS },
    handler: async ({ params }, req) => ({
      userId: params.id,
      sessionsEnded: await endSessionsOf(ctx.prisma, params.id, webActor(req)),
    }),
  });
  api.route({
    method: 'POST',
    url: '/api/session/password',
    summary: "Change one's own password (the current one required); the other sessions end, this one stays",
    body: OwnPasswordBody,
    ...ctx.guard(READER),
    responses: {
      200: { description: 'Changed', schema: z.object({ sessionsEnded: z.number() }) },
      401: COMMON[401],
      403: COMMON[403],
      422: COMMON[422],
    },
    handler: async ({ body }, req) => changeOwnPassword(ctx.prisma, req.auth!, body, req.ip),
  });
}
