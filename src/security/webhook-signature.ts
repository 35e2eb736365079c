/**
 * Signatures of the providers' callbacks. Zalo signs each webhook event with
 * `X-ZEvent-Signature: mac=<sha256 hex of appId + raw body + timestamp + OA secret key>` (developers.zalo.me,
 * Official Account webhook); eSMS signs nothing, so its CallbackUrl carries a token derived from APP_SECRET.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export function zaloEventSignature(appId: string, rawBody: string, timestamp: string, oaSecretKey: string): string {
  return `mac=${createHash('sha256')
    .update(appId + rawBody + timestamp + oaSecretKey)
    .digest('hex')}`;
}

export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The path token of the eSMS delivery-report URL (`/webhooks/esms/<token>`). */
export function esmsCallbackToken(appSecret: string): string {
  return createHmac('sha256', appSecret).update('esms-delivery-report').digest('base64url').slice(0, 32);
}

/** The path token of the bounce webhook (`/webhooks/bounce/<token>`), where a relay posts the return path's mail. */
export function bounceWebhookToken(appSecret: string): string {
  return createHmac('sha256', appSecret).update('bounce-webhook').digest('base64url').slice(0, 32);
}
