/**
 * Signed submission links: `<base>/s/<token>`, where the token names one assignment and an expiry and is signed with
 * HMAC-SHA256 under APP_SECRET. Agencies use them without an account, so a token must be unforgeable and scoped.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface LinkClaims {
  /** Assignment (workflow) id. */
  a: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
  /** Revision: bumping it on the assignment revokes older links. */
  v: number;
}

export function signLink(claims: LinkClaims, secret: string): string {
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const mac = createHmac('sha256', secret).update(body).digest('base64url');
  return `${body}.${mac}`;
}

export type VerifyResult = { ok: true; claims: LinkClaims } | { ok: false; reason: 'malformed' | 'forged' | 'expired' };

export function verifyLink(token: string, secret: string, nowSeconds: number): VerifyResult {
  const [body, mac, extra] = token.split('.');
  if (!body || !mac || extra !== undefined) return { ok: false, reason: 'malformed' };
  const expected = createHmac('sha256', secret).update(body).digest();
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'forged' };
  let claims: LinkClaims;
  try {
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as LinkClaims;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (typeof claims.a !== 'string' || typeof claims.exp !== 'number') return { ok: false, reason: 'malformed' };
  if (claims.exp < nowSeconds) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}
