/**
 * What changed at each apply of a plan: every apply (from a file, the API or the editor) records, in its audit row,
 * the changes from the definition applied before (src/domain/plan-diff.ts) and what the apply did; the plan's page
 * lists them, newest first. Applies recorded before the changes were kept show their counts only.
 */
import type { PrismaClient } from '../db/prisma';
import { planDiff, type PlanChange } from '../domain/plan-diff';
import type { Plan } from '../domain/plan-schema';
import type { ApplyReport } from './plan-store';

/** Changes kept per apply in its audit row; a longer list says how many were left out. */
const KEPT_CHANGES = 200;

/** The changes from the definition now stored (none for a new plan) to `plan`; read before applying it. */
export async function changesFromApplied(prisma: PrismaClient, plan: Plan): Promise<PlanChange[]> {
  const stored = await prisma.plan.findUnique({ where: { code: plan.code }, select: { definition: true } });
  return stored ? planDiff(stored.definition as unknown as Plan, plan) : [];
}

/** The audit detail of an apply: what it did and (up to KEPT_CHANGES of) what changed. */
export function applyAuditDetail(report: ApplyReport, changes: PlanChange[], version?: number) {
  return {
    ...(version !== undefined ? { version } : {}),
    created: report.created,
    unchanged: report.unchanged,
    assignments: report.assignments,
    agencies: {
      added: report.agencies.added.length,
      removed: report.agencies.removed.length,
      updated: report.agencies.updated.length,
    },
    workflows: { started: report.workflows.started, rescheduled: report.workflows.rescheduled },
    changes: changes.slice(0, KEPT_CHANGES).map((c) => ({ ...c })),
    changesLeftOut: Math.max(0, changes.length - KEPT_CHANGES),
  };
}

export interface ApplyEntry {
  at: string;
  actor: string;
  version: number | null;
  created: boolean;
  unchanged: boolean;
  assignments: { added: number; moved: number; retimed: number; total: number } | null;
  agencies: { added: number; removed: number; updated: number } | null;
  workflows: { started: number; rescheduled: number } | null;
  /** null: an apply recorded before changes were kept. */
  changes: PlanChange[] | null;
  changesLeftOut: number;
}

type Detail = Partial<Omit<ApplyEntry, 'at' | 'actor'>>;

/** The plan's applies, newest first. */
export async function applyHistory(prisma: PrismaClient, code: string, limit = 50): Promise<ApplyEntry[]> {
  const rows = await prisma.auditLog.findMany({
    where: { action: 'plan-apply', target: code },
    orderBy: [{ at: 'desc' }, { id: 'desc' }],
    take: limit,
  });
  return rows.map((r) => {
    const d = (r.detail ?? {}) as Detail;
    return {
      at: r.at.toISOString(),
      actor: r.actor,
      version: d.version ?? null,
      created: d.created ?? false,
      unchanged: d.unchanged ?? false,
      assignments: d.assignments ?? null,
      agencies: d.agencies ?? null,
      workflows: d.workflows ?? null,
      changes: d.changes ?? null,
      changesLeftOut: d.changesLeftOut ?? 0,
    };
  });
}
