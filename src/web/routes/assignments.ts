/**
 * Assignments over the API: the agency × obligation matrix (the `status --json` item shape), one assignment's
 * history, and the coordinator's actions. Every action writes an audit row once it succeeded.
 */
import { assignmentHistory, filterItems } from '../../services/assignment-actions';
import { statusItems } from '../../services/assignment-service';
import { runAction } from '../../services/coordinator-actions';
import { planActor, READER } from '../access';
import { actorOf } from '../auth';
import type { WebContext } from '../context';
import { temporalUrl } from '../temporal-url';
import { invalid } from '../http-errors';
import { COMMON, type RouteRegistry } from '../route-registry';
import {
  ACTIONS,
  actionInput,
  AssignmentParams,
  keyOf,
  MatrixAnswer,
  MatrixParams,
  MatrixQuery,
} from '../schemas/assignments';
import { AnyObject } from '../schemas/common';

const ASSIGNMENT_BASE = '/api/assignments/:plan/:year/:obligation/:agency';

export function registerAssignmentRoutes(api: RouteRegistry, ctx: WebContext): void {
  api.route({
    method: 'GET',
    url: '/api/plans/:code/years/:year/assignments',
    summary: 'The agency × obligation matrix of a plan-year; filters lateOnly, dueThisWeek, agency',
    params: MatrixParams,
    query: MatrixQuery,
    ...ctx.guard(READER),
    responses: {
      200: { description: 'Items', schema: MatrixAnswer },
      401: COMMON[401],
      404: COMMON[404],
      422: COMMON[422],
    },
    handler: async ({ params, query }) => {
      const items = await statusItems(ctx.prisma, { plan: params.code, year: params.year }, ctx.deps.prices);
      return { items: filterItems(items, query, ctx.now()) };
    },
  });

  api.route({
    method: 'GET',
    url: ASSIGNMENT_BASE,
    summary: 'One assignment: events, notifications with delivery status, submissions, audit, Temporal UI link',
    params: AssignmentParams,
    ...ctx.guard(READER),
    responses: {
      200: { description: 'History', schema: AnyObject },
      401: COMMON[401],
      404: COMMON[404],
      422: COMMON[422],
    },
    handler: async ({ params }) => {
      const h = await assignmentHistory(ctx.prisma, keyOf(params));
      return { ...h, temporalUrl: temporalUrl(ctx, h.assignment.id) };
    },
  });

  for (const a of ACTIONS) {
    api.route({
      method: 'POST',
      url: `${ASSIGNMENT_BASE}/${a.suffix}`,
      summary: a.summary,
      params: AssignmentParams,
      bodyDoc: { contentType: 'application/json', schema: a.body },
      ...ctx.guard(planActor('plan')),
      responses: {
        [a.status]: { description: 'Done', schema: a.answer },
        401: COMMON[401],
        403: COMMON[403],
        404: { description: 'No such assignment', schema: COMMON[404].schema },
        409: { description: 'The assignment is already closed', schema: COMMON[409].schema },
        422: COMMON[422],
      },
      handler: async ({ params }, req, reply) => {
        const body: unknown = req.body ?? {};
        if (typeof body !== 'object' || body === null || Array.isArray(body))
          throw invalid([{ path: '(body)', message: 'phải là đối tượng JSON / must be a JSON object' }]);
        const result = await runAction(ctx.actions, actorOf(req), keyOf(params), actionInput(a.action, body));
        return reply.status(a.status).send(result);
      },
    });
  }
}
