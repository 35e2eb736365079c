/**
 * Coordinator accounts: creation (CLI `user add`, the embedded default's first admin) and password checks.
 * Passwords are hashed with argon2id (memory-hard; hash-wasm, no native build), parameters from OWASP's
 * recommendation (19 MiB, 2 iterations, 1 lane), in worker threads (src/security/password-pool.ts).
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { PrismaClient } from '../db/prisma';
import { passwordPool } from '../security/password-pool';

export const ROLES = ['admin', 'coordinator', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const NewUser = z.strictObject({
  email: z.email({ error: 'email không hợp lệ / invalid email address' }).transform((e) => e.toLowerCase()),
  role: z.enum(ROLES, {
    error: 'vai trò phải là admin, coordinator hoặc viewer / role must be admin, coordinator or viewer',
  }),
  password: z
    .string()
    .min(12, 'mật khẩu phải dài ít nhất 12 ký tự / password must be at least 12 characters')
    .max(200, 'mật khẩu quá dài / password too long')
    .optional(),
});
export type NewUserInput = z.input<typeof NewUser>;

export class UserExistsError extends Error {
  override name = 'UserExistsError';
}

/** Hashed in the password pool's worker threads (src/security/password-pool.ts), off the event loop. */
export async function hashPassword(password: string): Promise<string> {
  return passwordPool().hash(password, randomBytes(16));
}

/** Checked in the password pool; throws `PoolBusyError` when too many checks are already waiting. */
export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  return passwordPool().verify(password, hash);
}

/** A readable random password: 20 characters from an alphabet without look-alikes. */
export function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return Array.from(randomBytes(20), (b) => alphabet[b % alphabet.length]).join('');
}

/**
 * Creates an account; returns the password when one was generated (to be shown once). Throws `UserExistsError`
 * for an email already registered, and the zod error for bad input.
 */
export async function createUser(
  prisma: PrismaClient,
  input: NewUserInput,
): Promise<{ id: number; email: string; role: Role; generatedPassword: string | null }> {
  const u = NewUser.parse(input);
  const generatedPassword = u.password === undefined ? generatePassword() : null;
  const passwordHash = await hashPassword(u.password ?? generatedPassword ?? '');
  const existing = await prisma.user.findUnique({ where: { email: u.email }, select: { id: true } });
  if (existing) throw new UserExistsError('Đã có tài khoản với email này / account already exists');
  const row = await prisma.user.create({ data: { email: u.email, role: u.role, passwordHash } });
  return { id: row.id, email: row.email, role: row.role, generatedPassword };
}

/** The embedded default's first admin: created when there is no account at all. Returns its password once. */
export async function ensureFirstAdmin(
  prisma: PrismaClient,
  email = 'admin@nhac-han.local',
): Promise<{ email: string; password: string } | null> {
  if ((await prisma.user.count()) > 0) return null;
  const created = await createUser(prisma, { email, role: 'admin' });
  return { email: created.email, password: created.generatedPassword ?? '' };
}

/** The plans a coordinator acts on, replaced as a whole (admins act on every plan; viewers on none). */
export async function setCoordinatorPlans(
  prisma: PrismaClient,
  userId: number,
  plans: readonly string[],
): Promise<void> {
  await prisma.$transaction([
    prisma.planCoordinator.deleteMany({ where: { userId } }),
    prisma.planCoordinator.createMany({ data: [...new Set(plans)].map((planCode) => ({ userId, planCode })) }),
  ]);
}
