/**
 * iCalendar feeds (`text/calendar`): `GET /calendar/<token>.ics` for a signed feed URL (an agency's, linked in its
 * reminder emails, or a coordinator's personal one), and `GET /calendar/mine.ics[?plan=CODE]` behind a session.
 * `GET /api/calendar/personal[?plan=CODE]` gives a signed-in user the personal URL to subscribe to. A bad or
 * forged token, or a feed whose plan or agency is gone, gets 404 and names nothing.
 */
import '@fastify/rate-limit';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { feedUrl, verifyFeed } from '../../security/feed-link';
import { renderIcs, type Feed } from '../../feeds/ics-feed';
import { loadFeed, type FeedRequest } from '../../feeds/feed-service';
import { LINK, READER } from '../access';
import { CODE, type WebContext } from '../context';
import { COMMON, type RouteRegistry } from '../route-registry';

const FileParams = z.object({ file: z.string() });
const PlanQuery = z.strictObject({ plan: z.string().regex(CODE).optional() });
const CALENDAR = 'text/calendar';
const PersonalAnswer = z.object({ url: z.url().describe('the personal feed URL, ending in .ics') });

export function registerCalendarFeedRoutes(api: RouteRegistry, ctx: WebContext): void {
  const rateLimit = { max: ctx.deps.rateLimits?.linkPerMinute ?? 60, timeWindow: '1 minute' };
  const send = (reply: FastifyReply, feed: Feed | null) => {
    if (!feed) return reply.status(404).type('text/plain; charset=utf-8').send('Không có lịch này / no such calendar');
    return reply
      .header('cache-control', 'private, max-age=300')
      .type('text/calendar; charset=utf-8')
      .send(renderIcs(feed));
  };
  const opts = () => ({ now: ctx.now(), baseUrl: ctx.deps.links.baseUrl });

  api.route({
    method: 'GET',
    url: '/calendar/mine.ics',
    summary: "The signed-in coordinator's deadlines as an iCalendar feed (every active plan, or `plan`)",
    query: PlanQuery,
    ...ctx.guard(READER),
    responses: {
      200: { description: 'The feed', contentType: CALENDAR },
      401: COMMON[401],
      404: { description: 'No such plan' },
    },
    handler: async ({ query }, _req, reply) =>
      send(reply, await loadFeed(ctx.prisma, { kind: 'user', ...query }, opts())),
  });

  api.route({
    method: 'GET',
    url: '/api/calendar/personal',
    summary: "The signed-in user's personal feed URL (signed, for calendar applications without a session)",
    query: PlanQuery,
    ...ctx.guard(READER),
    responses: { 200: { description: 'The URL', schema: PersonalAnswer }, 401: COMMON[401] },
    handler: async ({ query }, req) => ({
      url: feedUrl(ctx.deps.links.baseUrl, { t: 'user', u: req.auth!.userId, p: query.plan }, ctx.deps.links.secret),
    }),
  });

  api.route({
    method: 'GET',
    url: '/calendar/:file',
    summary: 'A signed iCalendar feed `<token>.ics`: an agency’s deadlines in a plan, or a coordinator’s',
    params: FileParams,
    ...ctx.guard(LINK),
    config: { rateLimit, ...ctx.guard(LINK).config },
    responses: {
      200: { description: 'The feed', contentType: CALENDAR },
      404: { description: 'Unknown, forged or withdrawn feed' },
      429: { description: 'Too many requests' },
    },
    handler: async ({ params }, _req, reply) => {
      const scope = params.file.endsWith('.ics') ? verifyFeed(params.file.slice(0, -4), ctx.deps.links.secret) : null;
      let req: FeedRequest | null = null;
      if (scope?.t === 'agency') req = { kind: 'agency', plan: scope.p, agency: scope.g };
      else if (scope?.t === 'user') {
        // A deleted account's URL stops working.
        const user = await ctx.prisma.user.findUnique({ where: { id: scope.u }, select: { id: true } });
        if (user) req = { kind: 'user', plan: scope.p };
      }
      return send(reply, req ? await loadFeed(ctx.prisma, req, opts()) : null);
    },
  });
}
