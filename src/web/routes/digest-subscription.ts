/**
 * One's own subscription to the weekly digest over the API (anyone signed in): `GET /api/account/digest` and
 * `PUT /api/account/digest` (`{ subscribed, planCode }`, planCode null for every plan one may see). The same
 * service as the `/account` form (src/services/digest-subscription.ts); each change is audited with the client IP.
 */
import { z } from 'zod';
import { DigestSettings, getDigestSubscription, setDigestSubscription } from '../../services/digest-subscription';
import { READER } from '../access';
import type { WebContext } from '../context';
import { COMMON, type RouteRegistry } from '../route-registry';
import { webActor } from './users';

const DigestBody = DigestSettings.meta({ id: 'DigestSettings' });
const DigestAnswer = z
  .object({ subscribed: z.boolean(), planCode: z.string().nullable() })
  .meta({ id: 'DigestSubscription' });

export function registerDigestSubscriptionRoutes(api: RouteRegistry, ctx: WebContext): void {
  api.route({
    method: 'GET',
    url: '/api/account/digest',
    summary: "One's own subscription to the Monday digest (late agencies, deadlines of the coming week)",
    ...ctx.guard(READER),
    responses: { 200: { description: 'The subscription', schema: DigestAnswer }, 401: COMMON[401] },
    handler: async (_input, req) => getDigestSubscription(ctx.prisma, req.auth!.userId),
  });
  api.route({
    method: 'PUT',
    url: '/api/account/digest',
    summary: 'Subscribe to the Monday digest (every plan one may see, or `planCode`), or unsubscribe; audited',
    body: DigestBody,
    ...ctx.guard(READER),
    responses: {
      200: { description: 'The subscription now', schema: DigestAnswer },
      401: COMMON[401],
      403: COMMON[403],
      422: COMMON[422],
    },
    handler: async ({ body }, req) =>
      setDigestSubscription(ctx.prisma, { userId: req.auth!.userId, role: req.auth!.role }, body, webActor(req)),
  });
}
