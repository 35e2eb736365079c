/** Plans over the API: list, read, and validate-then-apply a plan file's content. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { applyPlanAs, getPlan, listPlans, validatePlan } from '../../services/plan-queries';
import { codesFromDirectory, directoryAfterApply, planDirectoryDiff } from '../../services/plan-directory';
import { firstLine } from '../../runtime/endpoints';
import { assertMayUpdateDirectory } from '../directory-diff-view';
import { ADMIN, READER } from '../access';
import type { WebContext } from '../context';
import { COMMON, type RouteRegistry } from '../route-registry';
import { AnyObject } from '../schemas/common';
import { PlanBody, PlanParams, PlanQuery } from '../schemas/plans';
import { loadDirectorySnapshot } from '../../services/directory-store';

const RAW_TYPES = ['text/plain', 'text/yaml', 'application/yaml', 'application/x-yaml'];

export function registerPlanRoutes(app: FastifyInstance, api: RouteRegistry, ctx: WebContext): void {
  // A plan file posted as raw text is the `content` of the JSON form.
  app.addContentTypeParser(RAW_TYPES, { parseAs: 'string' }, (_req, body, done) => done(null, { content: body }));
  const planDeps = {
    prisma: ctx.prisma,
    temporal: ctx.deps.temporal,
    taskQueue: ctx.deps.taskQueue,
    startsPerSecond: ctx.deps.startsPerSecond,
    now: ctx.now,
  };

  api.route({
    method: 'GET',
    url: '/api/plans',
    summary: 'Plans',
    ...ctx.guard(READER),
    responses: { 200: { description: 'Plans', schema: z.object({ plans: z.array(AnyObject) }) }, 401: COMMON[401] },
    handler: async () => ({ plans: await listPlans(ctx.prisma) }),
  });

  api.route({
    method: 'GET',
    url: '/api/plans/:code',
    summary: 'One plan: agencies and obligations',
    params: PlanParams,
    ...ctx.guard(READER),
    responses: {
      200: { description: 'The plan', schema: AnyObject },
      401: COMMON[401],
      404: COMMON[404],
      422: COMMON[422],
    },
    handler: async ({ params }) => {
      const { definition: _d, ...plan } = await getPlan(ctx.prisma, params.code);
      return plan;
    },
  });

  api.route({
    method: 'POST',
    url: '/api/plans',
    summary:
      'Validate, then apply, a plan file (YAML or JSON text); ?validateOnly=true only validates (and answers `directory`: its inline agencies new to or different from the directory); `updateDirectory` writes them after the apply',
    query: PlanQuery,
    body: PlanBody,
    // New plans and plan files (which set agencies' contacts, the addresses links go to) are for admins.
    ...ctx.guard(ADMIN),
    responses: {
      200: { description: 'Valid (validateOnly) or applied without changes', schema: AnyObject },
      201: { description: 'Applied: a new plan', schema: AnyObject },
      401: COMMON[401],
      403: COMMON[403],
      422: COMMON[422],
    },
    handler: async ({ query, body }, req, reply) => {
      const validateOnly = body.validateOnly ?? query.validateOnly === 'true';
      const snapshot = await loadDirectorySnapshot(ctx.prisma);
      const { plan, summary } = validatePlan(body.content, snapshot);
      const fromDirectory = codesFromDirectory(body.content, snapshot);
      // What is new or different in the directory: shown before an apply, written only when asked (admins).
      if (validateOnly)
        return { valid: true, plan: summary, directory: await planDirectoryDiff(ctx.prisma, plan, fromDirectory) };
      if (body.updateDirectory) assertMayUpdateDirectory(req.auth!);
      const actor = req.auth?.email ?? '?';
      const report = await applyPlanAs(planDeps, plan, actor);
      // The plan is applied whatever happens next: a directory step that fails is reported beside it, not as a 500
      // that would hide the apply (the job page and the CLI say the same; running it again is safe).
      const directory = await directoryAfterApply(
        ctx.prisma,
        actor,
        plan,
        fromDirectory,
        body.updateDirectory === true,
      ).then(
        (d) => ({ directory: d.outcome }),
        (err: unknown) => ({
          directory: null,
          directoryError: `danh bạ chưa được cập nhật / directory not updated: ${firstLine(err)}`,
        }),
      );
      return reply.status(report.created ? 201 : 200).send({ report, ...directory });
    },
  });
}
