/**
 * Accounts in pages. `/admin/users` (admins): every account with its role, plans, state and last sign-in, a form to
 * add one, and per account a new password (typed, or generated and shown once on the answer page), disable/enable
 * and "end sessions". `/account` (anyone signed in): one's own password (the current one required), the weekly
 * digest (subscribe, for every plan one may see or one of them, or unsubscribe) and "sign out everywhere". Forms carry the session's CSRF token (checked by the guard); the answer is the page itself, with what
 * happened or each refusal as `field: message`, so a generated password is never put in a URL.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  changeOwnPassword,
  createAccount,
  disableUser,
  enableUser,
  endAllSessions,
  endSessionsOf,
  listAccounts,
  setPassword,
} from '../../services/account-service';
import { digestPlanChoices, getDigestSubscription, setDigestSubscription } from '../../services/digest-subscription';
import { ADMIN, READER } from '../access';
import { SESSION_COOKIE } from '../auth';
import type { WebContext } from '../context';
import { httpErrorOf, parseOr422 } from '../http-errors';
import {
  DigestForm,
  NewAccountBody,
  NewAccountForm,
  OwnPasswordBody,
  OwnPasswordForm,
  PasswordBody,
  PasswordForm,
  UserActionParams,
} from '../schemas/users';
import { refuseSelfDisable, webActor } from './users';

interface Outcome {
  ok?: string;
  errors?: string[];
  /** The refusal is the digest form's (the page says so), not the password's. */
  digestErrors?: boolean;
  generated?: { id: number; email: string; password: string };
}

/** A refusal as lines `field: message`; anything that is not a refusal is rethrown (a 5xx). */
function refusal(raw: unknown): string[] {
  const err = httpErrorOf(raw);
  if (!err || err.statusCode >= 500) throw raw;
  return err.errors ? err.errors.map((e) => `${e.path}: ${e.message}`) : [err.message];
}

export function registerAccountPages(app: FastifyInstance, ctx: WebContext): void {
  const html = (reply: FastifyReply, view: string, req: FastifyRequest, data: Record<string, unknown>, status = 200) =>
    reply
      .status(status)
      .type('text/html; charset=utf-8')
      .send(ctx.render(view, { user: req.auth, mailbox: ctx.mailbox, ...data }));

  const usersPage = async (req: FastifyRequest, reply: FastifyReply, o: Outcome = {}) =>
    html(
      reply,
      'users',
      req,
      { users: await listAccounts(ctx.prisma, ctx.now()), self: req.auth?.userId, ...o },
      o.errors ? 422 : 200,
    );

  app.get('/admin/users', ctx.guard(ADMIN), async (req, reply) => usersPage(req, reply));

  app.post('/admin/users', ctx.guard(ADMIN), async (req, reply) => {
    try {
      const input = parseOr422(NewAccountBody, parseOr422(NewAccountForm, req.body));
      const u = await createAccount(ctx.prisma, input, webActor(req));
      return await usersPage(req, reply, {
        ok: `Đã tạo tài khoản #${u.id} (${u.email}).`,
        generated: u.generatedPassword ? { id: u.id, email: u.email, password: u.generatedPassword } : undefined,
      });
    } catch (raw) {
      return usersPage(req, reply, { errors: refusal(raw) });
    }
  });

  app.post('/admin/users/:id/:action', ctx.guard(ADMIN), async (req, reply) => {
    try {
      const { id, action } = parseOr422(UserActionParams, req.params);
      const by = webActor(req);
      if (action === 'password') {
        const { password } = parseOr422(PasswordBody, parseOr422(PasswordForm, req.body));
        const r = await setPassword(ctx.prisma, id, password, by);
        const email = (await ctx.prisma.user.findUnique({ where: { id }, select: { email: true } }))?.email ?? '';
        return await usersPage(req, reply, {
          ok: `Đã đổi mật khẩu tài khoản #${id}; ${r.sessionsEnded} phiên đã kết thúc.`,
          generated: r.generatedPassword ? { id, email, password: r.generatedPassword } : undefined,
        });
      }
      if (action === 'disable') {
        refuseSelfDisable(req, id);
        const r = await disableUser(ctx.prisma, id, by);
        return await usersPage(req, reply, { ok: `Đã khóa tài khoản #${id}; ${r.sessionsEnded} phiên đã kết thúc.` });
      }
      if (action === 'enable') {
        await enableUser(ctx.prisma, id, by);
        return await usersPage(req, reply, { ok: `Đã mở khóa tài khoản #${id}.` });
      }
      const ended = await endSessionsOf(ctx.prisma, id, by);
      // Ending one's own sessions signs this browser out too.
      if (id === req.auth?.userId) return reply.redirect('/sign-in', 303);
      return await usersPage(req, reply, { ok: `Đã kết thúc ${ended} phiên của tài khoản #${id}.` });
    } catch (raw) {
      return usersPage(req, reply, { errors: refusal(raw) });
    }
  });

  /** The account page with the digest form filled in from the stored subscription. */
  const accountPage = async (req: FastifyRequest, reply: FastifyReply, o: Outcome = {}, status = 200) => {
    const who = { userId: req.auth!.userId, role: req.auth!.role };
    const digest = await getDigestSubscription(ctx.prisma, who.userId);
    const plans = (await digestPlanChoices(ctx.prisma, who)).map((p) => ({
      ...p,
      selected: p.code === digest.planCode,
    }));
    return html(reply, 'account', req, { digest, digestPlans: plans, ...o }, status);
  };

  app.get('/account', ctx.guard(READER), async (req, reply) => accountPage(req, reply));

  app.post('/account/digest', ctx.guard(READER), async (req, reply) => {
    try {
      const input = parseOr422(DigestForm, req.body);
      const who = { userId: req.auth!.userId, role: req.auth!.role };
      const s = await setDigestSubscription(ctx.prisma, who, input, webActor(req));
      return await accountPage(req, reply, {
        ok: s.subscribed
          ? `Đã đăng ký nhận bản tin hằng tuần (${s.planCode ? `kế hoạch ${s.planCode}` : 'mọi kế hoạch bạn được xem'}), gửi sáng thứ Hai.`
          : 'Đã hủy đăng ký bản tin hằng tuần.',
      });
    } catch (raw) {
      return accountPage(req, reply, { errors: refusal(raw), digestErrors: true }, 422);
    }
  });

  app.post('/account/password', ctx.guard(READER), async (req, reply) => {
    try {
      const input = parseOr422(OwnPasswordBody, parseOr422(OwnPasswordForm, req.body));
      const r = await changeOwnPassword(ctx.prisma, req.auth!, input, req.ip);
      return await accountPage(req, reply, {
        ok: `Đã đổi mật khẩu; ${r.sessionsEnded} phiên khác đã kết thúc, phiên này vẫn đăng nhập.`,
      });
    } catch (raw) {
      return accountPage(req, reply, { errors: refusal(raw) }, 422);
    }
  });

  app.post('/account/sign-out-everywhere', ctx.guard(READER), async (req, reply) => {
    await endAllSessions(ctx.prisma, req.auth!.userId, webActor(req));
    void reply.header('set-cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`);
    return reply.redirect('/sign-in', 303);
  });
}
