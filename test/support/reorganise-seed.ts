/**
 * The reorganisation tests' starting point, shared by the service and CLI tests: the demo plan REORG (agencies DV01…
 * DV0n, one obligation due in 20 days) stored without workflows, DV01's obligation closed (submitted), and the
 * directory holding each agency with a focal officer plus SNV-MOI, the successor, with no contact yet.
 */
import { localDateOf } from '../../src/domain/business-time';
import { demoPlan } from '../../src/domain/demo-plan';
import { PlanSchema, type Plan } from '../../src/domain/plan-schema';
import type { PrismaClient } from '../../src/db/prisma';
import { importDirectory } from '../../src/services/directory-import';
import { storePlanOnly } from '../../src/services/plan-store';

export interface ReorganiseSeed {
  plan: Plan;
  year: number;
  now: Date;
  /** Today's local date (YYYY-MM-DD), the effective date the tests use. */
  today: string;
  /** The assignment id of `agency`'s obligation. */
  id(agency: string): string;
}

export function reorganiseSeed(agencies: number, now = new Date()): ReorganiseSeed {
  const plan = PlanSchema.parse(
    demoPlan({ agencies, dueIn: 'P20D', reminders: ['P7D'], escalateAfter: ['P1D'], now, code: 'REORG' }),
  );
  const year = plan.years.from;
  return {
    plan,
    year,
    now,
    today: localDateOf(now.toISOString()),
    id: (agency) => `REORG/${year}/bao-cao-thu/${agency}`,
  };
}

/** Stores the plan and the directory, which lists the first `inDirectory` agencies (all by default). */
export async function storeReorganiseSeed(
  prisma: PrismaClient,
  seed: ReorganiseSeed,
  inDirectory = seed.plan.agencies.length,
): Promise<void> {
  await storePlanOnly(prisma, seed.plan, seed.now);
  await prisma.assignment.update({
    where: { id: seed.id('DV01') },
    data: { state: 'submitted', submittedAt: seed.now },
  });
  await importDirectory(prisma, 'admin@so.gov.vn', [
    ['code', 'name', 'kind', 'role', 'email'],
    ...seed.plan.agencies
      .filter((a) => a.code.startsWith('DV'))
      .slice(0, inDirectory)
      .map((a, i) => [a.code, a.name, 'department', 'focal', `${'abcdefghij'[i]}@${a.code.toLowerCase()}.gov.vn`]),
    ['SNV-MOI', 'Sở Nội vụ mới', 'department', '', ''],
  ]);
}
