/**
 * Signed calendar-feed URLs: `<base>/calendar/<token>.ics`. A calendar application polls the URL for months with
 * no session, so the URL is the credential: the token names what it shows (an agency of a plan, or a user's plans)
 * and is signed with HMAC-SHA256 under APP_SECRET. The MAC covers a `feed.` prefix, so a feed token never verifies
 * as a submission link (./signed-link.ts) and a submission token never opens a feed. No expiry: a subscription must
 * keep working; rotating APP_SECRET revokes every feed URL.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

const FeedScope = z.discriminatedUnion('t', [
  /** An agency's deadlines in one plan. */
  z.strictObject({ t: z.literal('agency'), p: z.string().min(1), g: z.string().min(1) }),
  /** A coordinator's deadlines: every active plan, or one. */
  z.strictObject({ t: z.literal('user'), u: z.int().positive(), p: z.string().min(1).optional() }),
]);
export type FeedScope = z.infer<typeof FeedScope>;

const macOf = (body: string, secret: string) => createHmac('sha256', secret).update(`feed.${body}`).digest();

export function signFeed(scope: FeedScope, secret: string): string {
  const body = Buffer.from(JSON.stringify(scope)).toString('base64url');
  return `${body}.${macOf(body, secret).toString('base64url')}`;
}

/** The scope of a genuine token, or `null` for anything else (malformed, forged, a submission token). */
export function verifyFeed(token: string, secret: string): FeedScope | null {
  const [body, mac, extra] = token.split('.');
  if (!body || !mac || extra !== undefined) return null;
  const given = Buffer.from(mac, 'base64url');
  const expected = macOf(body, secret);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const parsed = FeedScope.safeParse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The feed's URL under the public base URL. */
export function feedUrl(baseUrl: string, scope: FeedScope, secret: string): string {
  return `${baseUrl.replace(/\/$/, '')}/calendar/${signFeed(scope, secret)}.ics`;
}
