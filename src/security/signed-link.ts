/**
 * Signed submission links: `<base>/s/<token>`, where the token names one assignment, an expiry and the assignment's
 * current link nonce, and is signed with HMAC-SHA256 under APP_SECRET. Agencies use them without an account, so a
 * token must be unforgeable, scoped, and revocable: the portal accepts it only while its nonce is the one stored on
 * the assignment (`linkAccepted`), and revoking draws a new nonce. The assignment id in a token is readable and
 * guessable (it is the workflow id); nothing relies on its secrecy: without the key and the stored nonce no token
 * can be made for it.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface LinkClaims {
  /** Assignment (workflow) id. */
  a: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
  /** The assignment's link version when signed (shown to coordinators; legacy links are checked by it). */
  v: number;
  /** The assignment's link nonce when signed. Absent only in links signed before nonces existed. */
  n?: string;
}

/** What the assignment row stores about its links. */
export interface StoredLink {
  linkVersion: number;
  linkNonce: string;
  linkLegacy: boolean;
}

/**
 * Whether verified claims still open the assignment: the nonce equal to the stored one (compared in constant time),
 * or, for a link from before nonces, exactly the stored version while the row still accepts such links. Never a
 * comparison "at least this version", which a forged link naming a huge version would pass forever.
 */
export function linkAccepted(claims: LinkClaims, stored: StoredLink): boolean {
  if (typeof claims.n === 'string') {
    const given = Buffer.from(claims.n);
    const expected = Buffer.from(stored.linkNonce);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
  return stored.linkLegacy && claims.v === stored.linkVersion;
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
  if (
    typeof claims !== 'object' ||
    claims === null ||
    typeof claims.a !== 'string' ||
    typeof claims.exp !== 'number' ||
    typeof claims.v !== 'number' ||
    (claims.n !== undefined && typeof claims.n !== 'string')
  )
    return { ok: false, reason: 'malformed' };
  if (claims.exp < nowSeconds) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}
