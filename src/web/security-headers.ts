/**
 * The headers every answer carries (OWASP ASVS 14.4), set in one hook rather than with @fastify/helmet (not among
 * the installed packages): pages have no script at all, only their own inline styles, never framed; no referrer
 * leaves a page (a `/s/<token>` URL would otherwise travel to any site it links to); HSTS when the app is served
 * over https; and nothing is cached unless a route said otherwise (session pages, signed-link pages, reports).
 */
import type { FastifyInstance } from 'fastify';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  "img-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

export function registerSecurityHeaders(app: FastifyInstance, o: { https: boolean }): void {
  app.addHook('onSend', async (_req, reply, payload) => {
    void reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    void reply.header('x-frame-options', 'DENY');
    void reply.header('x-content-type-options', 'nosniff');
    void reply.header('referrer-policy', 'no-referrer');
    void reply.header('cross-origin-opener-policy', 'same-origin');
    void reply.header('permissions-policy', 'camera=(), microphone=(), geolocation=()');
    if (o.https) void reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    if (!reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
    return payload;
  });
}
