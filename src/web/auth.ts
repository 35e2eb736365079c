/**
 * Sessions and CSRF. The cookie holds a random token; the database keeps only its SHA-256 (a stolen database
 * cannot sign anyone in). Each session has its own CSRF token, required on every state-changing request as the
 * `x-csrf-token` header (API) or the `_csrf` form field (pages). Cookies are HTTP-only, SameSite=Lax, and Secure
 * whenever the app's public URL is https.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { PrismaClient } from '../db/prisma';
import { verifyPassword, type Role } from '../services/user-service';
import { recordAudit as audit } from '../services/audit-log';
import { PoolBusyError } from '../security/password-pool';
import type { SignInLimiter } from '../security/sign-in-limiter';
import { forbidden, HttpError, parseOr422 } from './http-errors';

export const SESSION_COOKIE = 'nhac_han_session';
const SESSION_TTL_MS = 12 * 3600 * 1000;

export interface AuthContext {
  userId: number;
  email: string;
  role: Role;
  csrfToken: string;
  sessionId: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext | null;
  }
}

/**
 * Reads one cookie. Written here rather than with @fastify/cookie, which loads the ESM `cookie` package by dynamic
 * import (jest's CommonJS runtime cannot); the session cookie is a base64url token, so no decoding is needed.
 */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export const SignIn = z.strictObject({
  email: z.email({ error: 'email không hợp lệ / invalid email' }).transform((e) => e.toLowerCase()),
  password: z.string().min(1, 'nhập mật khẩu / password required').max(200),
});

export interface AuthOptions {
  prisma: PrismaClient;
  secureCookies: boolean;
  /** Shared by both sign-in routes: attempts per IP and per account. */
  limiter: SignInLimiter;
  now?: () => Date;
}

export function registerAuth(app: FastifyInstance, o: AuthOptions): void {
  const now = o.now ?? (() => new Date());
  app.decorateRequest('auth', null);
  app.addHook('onRequest', async (req) => {
    const token = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (!token) return;
    const s = await o.prisma.session.findUnique({ where: { id: sha256(token) }, include: { user: true } });
    // A disabled account's sessions are deleted when it is disabled; the check covers one created meanwhile.
    if (!s || s.expiresAt.getTime() < now().getTime() || s.user.disabledAt !== null) return;
    req.auth = { userId: s.userId, email: s.user.email, role: s.user.role, csrfToken: s.csrfToken, sessionId: s.id };
  });
}

/** Checks email and password; on success creates a session and sets its cookie. Same answer for any failure. */
export async function signIn(
  o: AuthOptions,
  req: FastifyRequest,
  reply: FastifyReply,
  body: unknown,
): Promise<{ email: string; role: Role; csrfToken: string }> {
  const { email, password } = parseOr422(SignIn, body);
  if (!o.limiter.attempt(req.ip, email)) {
    await audit(o.prisma, { actor: email, action: 'sign-in-limited', detail: { ip: req.ip } });
    throw new HttpError(429, 'Quá nhiều yêu cầu, vui lòng thử lại sau ít phút / too many requests');
  }
  const user = await o.prisma.user.findUnique({ where: { email } });
  // Verify against a dummy hash when the account does not exist, so timing does not tell which emails exist.
  let ok: boolean;
  try {
    ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  } catch (err) {
    if (err instanceof PoolBusyError) throw new HttpError(503, err.message);
    throw err;
  }
  // A disabled account is refused with the same answer as a wrong password (after the same work).
  if (!user || !ok || user.disabledAt !== null) {
    await audit(o.prisma, { actor: email, action: 'sign-in-failed', detail: { ip: req.ip } });
    throw new HttpError(401, 'Email hoặc mật khẩu không đúng / wrong email or password');
  }
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const now = o.now ?? (() => new Date());
  const expiresAt = new Date(now().getTime() + SESSION_TTL_MS);
  await o.prisma.$transaction([
    o.prisma.session.create({ data: { id: sha256(token), userId: user.id, csrfToken, expiresAt } }),
    o.prisma.user.update({ where: { id: user.id }, data: { lastSignInAt: now() } }),
  ]);
  await audit(o.prisma, { actor: user.email, action: 'sign-in', detail: { ip: req.ip } });
  void reply.header(
    'set-cookie',
    `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax; Expires=${expiresAt.toUTCString()}${o.secureCookies ? '; Secure' : ''}`,
  );
  return { email: user.email, role: user.role, csrfToken };
}

export async function signOut(o: AuthOptions, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (req.auth) {
    await o.prisma.session.deleteMany({ where: { id: req.auth.sessionId } });
    await audit(o.prisma, { actor: req.auth.email, action: 'sign-out' });
  }
  void reply.header('set-cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`);
}

/** A argon2id hash of a random password, checked when the email is unknown. */
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$FlNZl2VIgkhOn+CMRuEH9g$oFExas3O4k8WlUVAHvE5B/bvk4N2uUr7F/gZRvs6d4U';

export function assertCsrf(auth: AuthContext, given: string | undefined): void {
  if (given !== auth.csrfToken) throw forbidden('Thiếu hoặc sai mã CSRF / missing or wrong CSRF token');
}

/**
 * `next` after sign-in, when it is a path on this site: one leading `/` (not `//host` nor `/\host`, which browsers
 * read as another host), no control characters, at most 2000 characters. Anything else is null: no open redirect.
 */
export function safeLocalPath(next: unknown): string | null {
  if (typeof next !== 'string' || next.length === 0 || next.length > 2000) return null;
  if (!next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return null;
  for (let i = 0; i < next.length; i++) if (next.charCodeAt(i) < 0x20 || next.charCodeAt(i) === 0x7f) return null;
  try {
    const base = 'http://nhac-han.invalid';
    const u = new URL(next, base);
    if (u.origin !== base) return null;
    // Checked again after normalisation: `/.//evil.com` normalises to the path `//evil.com`, which a browser
    // following the redirect reads as another host.
    const out = `${u.pathname}${u.search}${u.hash}`;
    return out.startsWith('//') || out.includes('\\') ? null : out;
  } catch {
    return null;
  }
}

/** The signed-in account as an action's actor: its id for workflows, its email for the audit log. */
export function actorOf(req: FastifyRequest): { userId: number | null; email: string } {
  return { userId: req.auth?.userId ?? null, email: req.auth?.email ?? '?' };
}
