/**
 * Account management after creation: a new password, disabling an account, ending its sessions. Each change and
 * the end of the account's sessions happen in one transaction, and each is written to the audit log with the
 * actor (a signed-in admin's id, or `cli:<os user>`), the account's row id as target (never its email) and the
 * client IP when there is one.
 */
import { type z } from 'zod';
import type { PrismaClient } from '../db/prisma';
import { generatePassword, hashPassword, NewUser } from './user-service';
import { NotFoundError } from './service-errors';

/** The same rules as a new account's (`NewUser`). */
export const PasswordChange = NewUser.pick({ email: true, password: true });
export const AccountRef = NewUser.pick({ email: true });

export interface Actor {
  /** `user:<id>` of a signed-in admin, or `cli:<os user>`. */
  actor: string;
  ip?: string | null;
}

async function accountId(prisma: PrismaClient, email: string): Promise<number> {
  const u = await prisma.user.findUnique({ where: { email }, select: { id: true } });
  // The email is not echoed back: the caller typed it, and refusals end up in logs.
  if (!u) throw new NotFoundError('tài khoản / account');
  return u.id;
}

/** Sets a new password (generated when none is given) and ends every session of the account. */
export async function changePassword(
  prisma: PrismaClient,
  input: z.input<typeof PasswordChange>,
  by: Actor,
): Promise<{ userId: number; generatedPassword: string | null; sessionsEnded: number }> {
  const { email, password } = PasswordChange.parse(input);
  const userId = await accountId(prisma, email);
  const generatedPassword = password === undefined ? generatePassword() : null;
  const passwordHash = await hashPassword(password ?? generatedPassword ?? '');
  const [, ended] = await prisma.$transaction([
    prisma.user.update({ where: { id: userId }, data: { passwordHash } }),
    prisma.session.deleteMany({ where: { userId } }),
    prisma.auditLog.create({
      data: { actor: by.actor, action: 'user.passwd', target: `user:${userId}`, detail: { ip: by.ip ?? null } },
    }),
  ]);
  return { userId, generatedPassword, sessionsEnded: ended.count };
}

/** Disables the account (it can no longer sign in) and ends every session of it. Idempotent. */
export async function disableAccount(
  prisma: PrismaClient,
  input: z.input<typeof AccountRef>,
  by: Actor,
): Promise<{ userId: number; sessionsEnded: number }> {
  const { email } = AccountRef.parse(input);
  const userId = await accountId(prisma, email);
  const [, ended] = await prisma.$transaction([
    prisma.user.update({ where: { id: userId }, data: { disabledAt: new Date() } }),
    prisma.session.deleteMany({ where: { userId } }),
    prisma.auditLog.create({
      data: { actor: by.actor, action: 'user.disable', target: `user:${userId}`, detail: { ip: by.ip ?? null } },
    }),
  ]);
  return { userId, sessionsEnded: ended.count };
}

/** "Sign out everywhere": ends every session of the account, the caller's own included. */
export async function endAllSessions(prisma: PrismaClient, userId: number, by: Actor): Promise<number> {
  const [ended] = await prisma.$transaction([
    prisma.session.deleteMany({ where: { userId } }),
    prisma.auditLog.create({
      data: {
        actor: by.actor,
        action: 'user.sign-out-everywhere',
        target: `user:${userId}`,
        detail: { ip: by.ip ?? null },
      },
    }),
  ]);
  return ended.count;
}
