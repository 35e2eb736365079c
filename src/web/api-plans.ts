/** Plans over the API: list, read, and validate-then-apply a plan file's content. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parsePlanText } from '../domain/plan-file';
import { planCalendar } from '../domain/plan-calendar';
import type { Plan } from '../domain/plan-schema';
import { applyPlan, type ApplyReport } from '../services/plan-service';
import { audit } from './audit';
import { ACTORS, READERS, requireRole } from './auth';
import { CODE, type WebContext } from './context';
import { invalid, notFound, parseOr422 } from './http-errors';

export const PlanBody = z.strictObject({
  content: z.string({ error: 'nội dung tệp kế hoạch (chuỗi) / the plan file content as a string' }),
  validateOnly: z.boolean().optional(),
});
export const PlanParams = z.strictObject({
  code: z.string().regex(CODE, 'mã kế hoạch không hợp lệ / invalid plan code'),
});

export interface ValidSummary {
  code: string;
  title: string;
  agencies: number;
  obligations: number;
  items: number;
}

/** Validates a plan file's text; 422 with each problem at its path. */
export function validatePlan(text: string): { plan: Plan; summary: ValidSummary } {
  const r = parsePlanText(text);
  if (!r.ok) throw invalid(r.problems);
  const plan = r.plan;
  return {
    plan,
    summary: {
      code: plan.code,
      title: plan.title,
      agencies: plan.agencies.length,
      obligations: plan.obligations.length,
      items: planCalendar(plan).length,
    },
  };
}

export async function applyPlanText(ctx: WebContext, text: string, actor: string): Promise<ApplyReport> {
  const { plan } = validatePlan(text);
  const report = await applyPlan(
    { prisma: ctx.prisma, temporal: ctx.deps.temporal, taskQueue: ctx.deps.taskQueue, now: ctx.now },
    plan,
  );
  await audit(ctx.prisma, {
    actor,
    action: 'plan-apply',
    target: plan.code,
    detail: { created: report.created, unchanged: report.unchanged, assignments: report.assignments },
  });
  return report;
}

export async function listPlans(ctx: WebContext) {
  const plans = await ctx.prisma.plan.findMany({
    where: { status: { not: 'removed' } },
    orderBy: { createdAt: 'desc' },
    select: {
      code: true,
      title: true,
      documentNumber: true,
      years: true,
      status: true,
      createdAt: true,
      _count: { select: { agencies: true } },
    },
  });
  return plans.map(({ _count, createdAt, ...p }) => ({
    ...p,
    agencies: _count.agencies,
    createdAt: createdAt.toISOString(),
  }));
}

export async function getPlan(ctx: WebContext, code: string) {
  const p = await ctx.prisma.plan.findUnique({
    where: { code },
    include: { agencies: { orderBy: { id: 'asc' }, select: { code: true, name: true, kind: true } } },
  });
  if (!p) throw notFound(`kế hoạch ${code}`);
  const def = p.definition as unknown as Plan;
  return {
    code: p.code,
    title: p.title,
    documentNumber: p.documentNumber,
    issuer: p.issuer,
    years: p.years,
    status: p.status,
    agencies: p.agencies,
    obligations: def.obligations.map((o) => ({ id: o.id, title: o.title })),
    definition: def,
  };
}

const RAW_TYPES = ['text/plain', 'text/yaml', 'application/yaml', 'application/x-yaml'];

export function registerPlanApi(app: FastifyInstance, ctx: WebContext): void {
  app.addContentTypeParser(RAW_TYPES, { parseAs: 'string' }, (_req, body, done) => done(null, { content: body }));

  app.get('/api/plans', { preHandler: requireRole(READERS) }, async () => ({ plans: await listPlans(ctx) }));

  app.get('/api/plans/:code', { preHandler: requireRole(READERS) }, async (req) => {
    const { code } = parseOr422(PlanParams, req.params);
    const { definition: _d, ...plan } = await getPlan(ctx, code);
    return plan;
  });

  app.post('/api/plans', { preHandler: requireRole(ACTORS) }, async (req, reply) => {
    const q = req.query as { validateOnly?: string };
    const body = parseOr422(PlanBody, req.body);
    const validateOnly = body.validateOnly ?? q.validateOnly === 'true';
    if (validateOnly) return { valid: true, plan: validatePlan(body.content).summary };
    const report = await applyPlanText(ctx, body.content, req.auth?.email ?? '?');
    return reply.status(report.created ? 201 : 200).send({ report });
  });
}
