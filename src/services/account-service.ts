/**
 * Account management, shared by the CLI (`user add|passwd|disable`) and the web app (`/admin/users`, `/account`):
 * creating an account, a new password, disabling and enabling, ending sessions. Each change and the end of the
 * account's sessions happen in one transaction with its audit row: the actor (`user:<id>` of a signed-in account,
 * or `cli:<os user>`), the account's row id as target (never its email) and the client IP when there is one.
 */
import { z } from 'zod';
import type { PrismaClient } from '../db/prisma';
import { generatePassword, hashPassword, NewUser, verifyPassword, type Role } from './user-service';
import { NotFoundError, RejectedError } from './service-errors';

/** The same rules as a new account's (`NewUser`). */
export const PasswordChange = NewUser.pick({ email: true, password: true });
export const AccountRef = NewUser.pick({ email: true });
const PLAN_CODE = /^[A-Za-z0-9_-]+$/;
/** A new account, with the plans a coordinator acts on. */
export const NewAccount = NewUser.extend({
  plans: z
    .array(z.string().regex(PLAN_CODE, 'mã kế hoạch chỉ gồm chữ, số, - và _ / plan codes are letters, digits, - and _'))
    .max(200)
    .optional(),
});
/** Changing one's own password: the current one is required. */
export const OwnPasswordChange = z.strictObject({
  currentPassword: z.string().min(1, 'nhập mật khẩu hiện tại / current password required').max(200),
  password: NewUser.shape.password.unwrap(),
});

export interface Actor {
  /** `user:<id>` of a signed-in admin, or `cli:<os user>`. */
  actor: string;
  ip?: string | null;
}

export interface AccountRow {
  id: number;
  email: string;
  role: Role;
  plans: string[];
  createdAt: string;
  disabledAt: string | null;
  lastSignInAt: string | null;
  sessions: number;
}

const auditRow = (by: Actor, action: string, userId: number, detail: Record<string, unknown> = {}) => ({
  data: { actor: by.actor, action, target: `user:${userId}`, detail: { ...detail, ip: by.ip ?? null } },
});

async function accountId(prisma: PrismaClient, email: string): Promise<number> {
  const u = await prisma.user.findUnique({ where: { email }, select: { id: true } });
  // The email is not echoed back: the caller typed it, and refusals end up in logs.
  if (!u) throw new NotFoundError('tài khoản / account');
  return u.id;
}

async function existing(prisma: PrismaClient, userId: number): Promise<void> {
  if (!(await prisma.user.findUnique({ where: { id: userId }, select: { id: true } })))
    throw new NotFoundError(`tài khoản #${userId} / account`);
}

/** Every account with its plans, state, last sign-in and open sessions, by id. */
export async function listAccounts(prisma: PrismaClient, now = new Date()): Promise<AccountRow[]> {
  const users = await prisma.user.findMany({
    orderBy: { id: 'asc' },
    include: { plans: { select: { planCode: true }, orderBy: { planCode: 'asc' } } },
  });
  const open = await prisma.session.groupBy({
    by: ['userId'],
    where: { expiresAt: { gt: now } },
    _count: { _all: true },
  });
  const sessions = new Map(open.map((s) => [s.userId, s._count._all]));
  return users.map((u) => ({
    id: u.id,
    email: u.email,
    role: u.role,
    plans: u.plans.map((p) => p.planCode),
    createdAt: u.createdAt.toISOString(),
    disabledAt: u.disabledAt?.toISOString() ?? null,
    lastSignInAt: u.lastSignInAt?.toISOString() ?? null,
    sessions: sessions.get(u.id) ?? 0,
  }));
}

/**
 * Creates an account (a coordinator of `plans`), its plans and its audit row in one transaction. Returns the
 * password when one was generated, to be shown once. An email already registered: `RejectedError` on `email`.
 */
export async function createAccount(
  prisma: PrismaClient,
  input: z.input<typeof NewAccount>,
  by: Actor,
): Promise<{ id: number; email: string; role: Role; plans: string[]; generatedPassword: string | null }> {
  const u = NewAccount.parse(input);
  const plans = [...new Set(u.plans ?? [])];
  const generatedPassword = u.password === undefined ? generatePassword() : null;
  const passwordHash = await hashPassword(u.password ?? generatedPassword ?? '');
  const row = await prisma.$transaction(async (tx) => {
    if (await tx.user.findUnique({ where: { email: u.email }, select: { id: true } }))
      throw new RejectedError('đã có tài khoản với email này / account already exists', 'email');
    const created = await tx.user.create({ data: { email: u.email, role: u.role, passwordHash } });
    if (plans.length > 0)
      await tx.planCoordinator.createMany({ data: plans.map((planCode) => ({ userId: created.id, planCode })) });
    await tx.auditLog.create(auditRow(by, 'user.add', created.id, { role: u.role, plans }));
    return created;
  });
  return { id: row.id, email: row.email, role: row.role, plans, generatedPassword };
}

/**
 * Sets a new password (generated when none is given) and ends the account's sessions, all of them or all but
 * `keepSession` (the caller's own, when one changes one's own password).
 */
export async function setPassword(
  prisma: PrismaClient,
  userId: number,
  password: string | undefined,
  by: Actor,
  keepSession?: string,
): Promise<{ userId: number; generatedPassword: string | null; sessionsEnded: number }> {
  await existing(prisma, userId);
  const generatedPassword = password === undefined ? generatePassword() : null;
  const passwordHash = await hashPassword(password ?? generatedPassword ?? '');
  const [, ended] = await prisma.$transaction([
    prisma.user.update({ where: { id: userId }, data: { passwordHash } }),
    prisma.session.deleteMany({ where: { userId, ...(keepSession ? { id: { not: keepSession } } : {}) } }),
    prisma.auditLog.create(auditRow(by, 'user.passwd', userId)),
  ]);
  return { userId, generatedPassword, sessionsEnded: ended.count };
}

/** `user passwd`: the account named by its email. */
export async function changePassword(
  prisma: PrismaClient,
  input: z.input<typeof PasswordChange>,
  by: Actor,
): Promise<{ userId: number; generatedPassword: string | null; sessionsEnded: number }> {
  const { email, password } = PasswordChange.parse(input);
  return setPassword(prisma, await accountId(prisma, email), password, by);
}

/**
 * One's own new password: the current one must be right (else `RejectedError` on `currentPassword`). The other
 * sessions end; the caller's stays signed in.
 */
export async function changeOwnPassword(
  prisma: PrismaClient,
  auth: { userId: number; sessionId: string },
  input: z.input<typeof OwnPasswordChange>,
  ip: string | null,
): Promise<{ sessionsEnded: number }> {
  const { currentPassword, password } = OwnPasswordChange.parse(input);
  const u = await prisma.user.findUnique({ where: { id: auth.userId }, select: { passwordHash: true } });
  if (!u || !(await verifyPassword(currentPassword, u.passwordHash)))
    throw new RejectedError('mật khẩu hiện tại không đúng / wrong current password', 'currentPassword');
  const r = await setPassword(prisma, auth.userId, password, { actor: `user:${auth.userId}`, ip }, auth.sessionId);
  return { sessionsEnded: r.sessionsEnded };
}

/** Disables the account (it can no longer sign in) and ends every session of it. Idempotent. */
export async function disableUser(
  prisma: PrismaClient,
  userId: number,
  by: Actor,
): Promise<{ userId: number; sessionsEnded: number }> {
  await existing(prisma, userId);
  const [, ended] = await prisma.$transaction([
    prisma.user.update({ where: { id: userId }, data: { disabledAt: new Date() } }),
    prisma.session.deleteMany({ where: { userId } }),
    prisma.auditLog.create(auditRow(by, 'user.disable', userId)),
  ]);
  return { userId, sessionsEnded: ended.count };
}

/** `user disable`: the account named by its email. */
export async function disableAccount(
  prisma: PrismaClient,
  input: z.input<typeof AccountRef>,
  by: Actor,
): Promise<{ userId: number; sessionsEnded: number }> {
  const { email } = AccountRef.parse(input);
  return disableUser(prisma, await accountId(prisma, email), by);
}

/** Lets a disabled account sign in again (with its password as it was). Idempotent. */
export async function enableUser(prisma: PrismaClient, userId: number, by: Actor): Promise<{ userId: number }> {
  await existing(prisma, userId);
  await prisma.$transaction([
    prisma.user.update({ where: { id: userId }, data: { disabledAt: null } }),
    prisma.auditLog.create(auditRow(by, 'user.enable', userId)),
  ]);
  return { userId };
}

/** "Sign out everywhere": ends every session of the account, the caller's own included. */
export async function endAllSessions(prisma: PrismaClient, userId: number, by: Actor): Promise<number> {
  const [ended] = await prisma.$transaction([
    prisma.session.deleteMany({ where: { userId } }),
    prisma.auditLog.create(auditRow(by, 'user.sign-out-everywhere', userId)),
  ]);
  return ended.count;
}

/** An admin ends another account's sessions (or their own): the account must exist. */
export async function endSessionsOf(prisma: PrismaClient, userId: number, by: Actor): Promise<number> {
  await existing(prisma, userId);
  return endAllSessions(prisma, userId, by);
}
