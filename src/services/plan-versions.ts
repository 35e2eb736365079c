/**
 * The versions the web editor saves: each a validated plan with its source hash, who saved it and when, numbered 1,
 * 2, … per plan code and kept for ever; a version is applied like a plan file (plan-apply.ts), and records who
 * applied it. A new plan's versions exist before its first apply, so they are not tied to the Plan row.
 */
import type { PrismaClient } from '../db/prisma';
import { planDiff, type PlanChange } from '../domain/plan-diff';
import { parsePlanData } from '../domain/plan-file';
import type { Plan } from '../domain/plan-schema';
import { applyPlan, type ApplyProgress, type ApplyReport } from './plan-service';
import type { PlanQueryDeps } from './plan-queries';
import { planSourceHash } from './plan-source-hash';
import { applyAuditDetail, changesFromApplied } from './apply-history';
import { recordAudit } from './audit-log';
import { ConflictError, InvalidInputError, NotFoundError } from './service-errors';

export interface VersionInfo {
  version: number;
  sourceHash: string;
  savedBy: string;
  savedAt: string;
  appliedAt: string | null;
  appliedBy: string | null;
}

type Row = {
  version: number;
  sourceHash: string;
  savedBy: string;
  savedAt: Date;
  appliedAt: Date | null;
  appliedBy: string | null;
};
const info = (r: Row): VersionInfo => ({
  version: r.version,
  sourceHash: r.sourceHash,
  savedBy: r.savedBy,
  savedAt: r.savedAt.toISOString(),
  appliedAt: r.appliedAt?.toISOString() ?? null,
  appliedBy: r.appliedBy,
});

/** Whether a plan code is taken: applied, or saved as a version. */
export async function planCodeTaken(prisma: PrismaClient, code: string): Promise<boolean> {
  const [plan, version] = await Promise.all([
    prisma.plan.findUnique({ where: { code }, select: { code: true } }),
    prisma.planVersion.findFirst({ where: { planCode: code }, select: { id: true } }),
  ]);
  return plan !== null || version !== null;
}

/**
 * Saves the plan as its next version (one transaction with its audit row). An unchanged plan (same source hash as
 * the latest version) saves nothing and answers that version: `created: false`.
 */
export async function saveVersion(
  prisma: PrismaClient,
  plan: Plan,
  by: { userId: number; email: string },
): Promise<{ version: number; created: boolean }> {
  const sourceHash = planSourceHash(plan);
  try {
    return await prisma.$transaction(async (tx) => {
      const latest = await tx.planVersion.findFirst({
        where: { planCode: plan.code },
        orderBy: { version: 'desc' },
        select: { version: true, sourceHash: true },
      });
      if (latest?.sourceHash === sourceHash) return { version: latest.version, created: false };
      const version = (latest?.version ?? 0) + 1;
      await tx.planVersion.create({
        data: {
          planCode: plan.code,
          version,
          definition: plan,
          sourceHash,
          savedById: by.userId,
          savedBy: by.email,
        },
      });
      await tx.auditLog.create({
        data: { actor: by.email, action: 'plan-version-save', target: plan.code, detail: { version, sourceHash } },
      });
      return { version, created: true };
    });
  } catch (err) {
    // Two editors saving at once: the (plan, version) key lets one through.
    if ((err as { code?: unknown }).code === 'P2002')
      throw new ConflictError(
        'Một phiên bản khác vừa được lưu; hãy mở lại trình soạn / another version was just saved',
      );
    throw err;
  }
}

export async function listVersions(prisma: PrismaClient, code: string): Promise<VersionInfo[]> {
  const rows = await prisma.planVersion.findMany({ where: { planCode: code }, orderBy: { version: 'desc' } });
  return rows.map(info);
}

function definitionOf(code: string, raw: unknown): Plan {
  const r = parsePlanData(raw);
  if (!r.ok)
    throw new InvalidInputError(r.problems, `Phiên bản đã lưu của ${code} không còn hợp lệ / stored version invalid`);
  return r.plan;
}

export async function getVersion(
  prisma: PrismaClient,
  code: string,
  version: number,
): Promise<VersionInfo & { plan: Plan }> {
  const row = await prisma.planVersion.findUnique({ where: { planCode_version: { planCode: code, version } } });
  if (!row) throw new NotFoundError(`Không có phiên bản ${version} của kế hoạch ${code} / no such version`);
  return { ...info(row), plan: definitionOf(code, row.definition) };
}

/**
 * What the editor opens for a plan: its latest saved version, else the applied definition (a plan applied from a
 * file before the editor existed), else `NotFoundError`.
 */
export async function latestPlan(prisma: PrismaClient, code: string): Promise<{ plan: Plan; version: number | null }> {
  const row = await prisma.planVersion.findFirst({ where: { planCode: code }, orderBy: { version: 'desc' } });
  if (row) return { plan: definitionOf(code, row.definition), version: row.version };
  const applied = await prisma.plan.findUnique({ where: { code }, select: { definition: true } });
  if (!applied) throw new NotFoundError(`Không tìm thấy kế hoạch ${code} / not found`);
  return { plan: definitionOf(code, applied.definition), version: null };
}

/** The changes from one version to another, with who saved each. */
export async function compareVersions(
  prisma: PrismaClient,
  code: string,
  from: number,
  to: number,
): Promise<{ from: VersionInfo; to: VersionInfo; changes: PlanChange[] }> {
  const [a, b] = await Promise.all([getVersion(prisma, code, from), getVersion(prisma, code, to)]);
  const { plan: before, ...fromInfo } = a;
  const { plan: after, ...toInfo } = b;
  return { from: fromInfo, to: toInfo, changes: planDiff(before, after) };
}

/**
 * Applies a saved version (the same saga as a plan file) and records who applied it; audited as a plan apply.
 * `onProgress` hears each batch of workflow starts (the web app's background job, as the CLI's progress line).
 */
export async function applyVersion(
  deps: PlanQueryDeps,
  code: string,
  version: number,
  actor: string,
  onProgress?: (p: ApplyProgress) => void,
): Promise<ApplyReport> {
  const v = await getVersion(deps.prisma, code, version);
  const changes = await changesFromApplied(deps.prisma, v.plan);
  const report = await applyPlan({ ...deps, onProgress }, v.plan);
  await deps.prisma.planVersion.update({
    where: { planCode_version: { planCode: code, version } },
    data: { appliedAt: deps.now(), appliedBy: actor },
  });
  await recordAudit(deps.prisma, {
    actor,
    action: 'plan-apply',
    target: code,
    detail: applyAuditDetail(report, changes, version),
  });
  return report;
}
