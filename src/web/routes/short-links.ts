/**
 * `GET /l/<code>`: the short link of an SMS or Zalo message. It redirects to the signed link it stands for, whose
 * page decides (a revoked, expired or forged token is refused there, as always); an unknown or malformed code gets
 * the same refusal page, naming nothing.
 */
import '@fastify/rate-limit';
import { z } from 'zod';
import { SHORT_CODE_PATTERN } from '../../security/short-code';
import type { WebContext } from '../context';
import { LINK } from '../access';
import type { RouteRegistry } from '../route-registry';

// Any string: a bad code is refused like an unknown one, never with a 422 that tells them apart.
const CodeParams = z.object({ code: z.string() });

export function registerShortLinkRoutes(api: RouteRegistry, ctx: WebContext): void {
  const rateLimit = { max: ctx.deps.rateLimits?.linkPerMinute ?? 60, timeWindow: '1 minute' };
  api.route({
    method: 'GET',
    url: '/l/:code',
    summary: 'A short link from an SMS or Zalo message: redirects to its signed submission link',
    params: CodeParams,
    ...ctx.guard(LINK),
    config: { rateLimit, ...ctx.guard(LINK).config },
    responses: {
      302: { description: 'To the signed link `/s/{token}`' },
      403: { description: 'Unknown short link', contentType: 'text/html' },
      429: { description: 'Too many requests' },
    },
    handler: async ({ params }, _req, reply) => {
      const row = SHORT_CODE_PATTERN.test(params.code)
        ? await ctx.prisma.shortLink.findUnique({ where: { code: params.code }, select: { token: true } })
        : null;
      if (!row) return reply.status(403).type('text/html; charset=utf-8').send(ctx.render('refusal', {}));
      return reply.header('cache-control', 'no-store').redirect(`/s/${encodeURIComponent(row.token)}`, 302);
    },
  });
}
