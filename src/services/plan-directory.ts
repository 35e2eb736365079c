/**
 * A plan's inline agencies and the province's directory: what they would change in it (read), and, once confirmed,
 * the change written in one transaction with one audit row (`directory.plan-agencies`), through the same writer as a
 * directory import. Applying a plan never waits on this: the plan keeps its own copy of its agencies either way.
 * Writing contacts is an admin's (they receive the agencies' links): the web app checks the role, the CLI runs as the
 * operator.
 */
import type { PrismaClient } from '../db/prisma';
import { readPlanData } from '../domain/plan-file';
import { resolveDirectoryReferences, type DirectorySnapshot } from '../domain/directory-references';
import {
  diffCounts,
  diffIsEmpty,
  diffPlanAgencies,
  inlineAgenciesOf,
  type PlanDirectoryDiff,
} from '../domain/plan-directory-diff';
import type { Plan } from '../domain/plan-schema';
import { recordAudit } from './audit-log';
import { lockDirectory, writeDirectoryAgency } from './directory-import';
import { listDirectory } from './directory-store';

/** What an apply answers about the directory: the counts, and whether the difference was written. */
export interface DirectoryOutcome {
  added: number;
  changed: number;
  unchanged: number;
  written: boolean;
}

/** The codes of a plan file's agencies that the directory filled in (by code, or as members of a directory group). */
export function codesFromDirectory(text: string, directory: DirectorySnapshot): string[] {
  const read = readPlanData(text);
  return read.ok ? resolveDirectoryReferences(read.data, directory).fromDirectory : [];
}

/** The difference between the plan's inline agencies (all but `fromDirectory`) and the stored directory. */
export async function planDirectoryDiff(
  prisma: PrismaClient,
  plan: Plan,
  fromDirectory: readonly string[] = [],
): Promise<PlanDirectoryDiff> {
  return diffPlanAgencies(inlineAgenciesOf(plan, fromDirectory), await listDirectory(prisma));
}

/**
 * Writes the plan's new and different agencies into the directory: the difference is worked out again inside the
 * transaction (under the directory's lock, so a concurrent import or edit is seen), each agency written as the
 * difference says, and one audit row names the plan and the codes. Nothing new: nothing written, no audit row.
 */
export async function writePlanAgencies(
  prisma: PrismaClient,
  actor: string,
  plan: Plan,
  fromDirectory: readonly string[] = [],
): Promise<PlanDirectoryDiff> {
  return prisma.$transaction(
    async (tx) => {
      await lockDirectory(tx);
      const diff = diffPlanAgencies(inlineAgenciesOf(plan, fromDirectory), await listDirectory(tx));
      const touched = [...diff.added, ...diff.changed];
      if (touched.length === 0) return diff;
      for (const a of touched) await writeDirectoryAgency(tx, a.after);
      await recordAudit(tx, {
        actor,
        action: 'directory.plan-agencies',
        target: 'directory',
        detail: {
          plan: plan.code,
          ...diffCounts(diff),
          addedCodes: diff.added.map((a) => a.code),
          changedCodes: diff.changed.map((a) => a.code),
        },
      });
      return diff;
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
}

/**
 * The directory step after an apply: the difference, written when `update` is set (by whoever may: the caller checks
 * the role). Its outcome is what the CLI's `--json`, the API and the job pages report.
 */
export async function directoryAfterApply(
  prisma: PrismaClient,
  actor: string,
  plan: Plan,
  fromDirectory: readonly string[],
  update: boolean,
): Promise<{ diff: PlanDirectoryDiff; outcome: DirectoryOutcome }> {
  const diff = update
    ? await writePlanAgencies(prisma, actor, plan, fromDirectory)
    : await planDirectoryDiff(prisma, plan, fromDirectory);
  return { diff, outcome: { ...diffCounts(diff), written: update && !diffIsEmpty(diff) } };
}
