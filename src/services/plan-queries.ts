/**
 * Plans as the web app reads and applies them: the list, one plan with its definition, and validate-then-apply of a
 * plan file's text (audited). Missing plans throw `NotFoundError`, invalid files `InvalidInputError`.
 */
import type { Client } from '@temporalio/client';
import type { PrismaClient } from '../db/prisma';
import { planCalendar } from '../domain/plan-calendar';
import { parsePlanTextWithDirectory, type DirectorySnapshot } from '../domain/directory-references';
import type { Plan } from '../domain/plan-schema';
import type { ApplyDeps } from './plan-apply';
import { applyPlan, type ApplyReport } from './plan-service';
import { applyAuditDetail, changesFromApplied } from './apply-history';
import { recordAudit } from './audit-log';
import { loadDirectorySnapshot } from './directory-store';
import { InvalidInputError, NotFoundError } from './service-errors';

export interface PlanQueryDeps {
  prisma: PrismaClient;
  temporal: Client;
  taskQueue: string;
  /** Workflow starts per second during an apply (see ApplyDeps). */
  startsPerSecond?: number;
  now: () => Date;
}

export interface ValidSummary {
  code: string;
  title: string;
  agencies: number;
  obligations: number;
  items: number;
}

/**
 * Validates a plan file's text; `InvalidInputError` with each problem at its path. With the directory's snapshot its references (agencies by code, groups of the
 * directory) are filled in first; without one, a plan that has any is refused with that reason.
 */
export function validatePlan(
  text: string,
  directory: DirectorySnapshot | null = null,
): { plan: Plan; summary: ValidSummary } {
  const r = parsePlanTextWithDirectory(text, directory);
  if (!r.ok) throw new InvalidInputError(r.problems);
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

export async function applyPlanText(deps: PlanQueryDeps, text: string, actor: string): Promise<ApplyReport> {
  return applyPlanAs(deps, validatePlan(text, await loadDirectorySnapshot(deps.prisma)).plan, actor);
}

/**
 * Applies the plan and audits it (`plan-apply`, the plan's code as target) once it is applied: an apply that fails
 * rolls itself back (plan-apply.ts), so no row says it happened. The web app and `nhac-han plan apply` call this.
 */
export async function applyPlanAs(deps: ApplyDeps, plan: Plan, actor: string): Promise<ApplyReport> {
  const changes = await changesFromApplied(deps.prisma, plan);
  const report = await applyPlan(deps, plan);
  await recordAudit(deps.prisma, {
    actor,
    action: 'plan-apply',
    target: plan.code,
    detail: applyAuditDetail(report, changes),
  });
  return report;
}

export async function listPlans(prisma: PrismaClient) {
  const plans = await prisma.plan.findMany({
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

export async function getPlan(prisma: PrismaClient, code: string) {
  const p = await prisma.plan.findUnique({
    where: { code },
    include: { agencies: { orderBy: { id: 'asc' }, select: { code: true, name: true, kind: true } } },
  });
  if (!p) throw new NotFoundError(`Không tìm thấy kế hoạch ${code} / not found`);
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
export type PlanInfo = Awaited<ReturnType<typeof getPlan>>;
