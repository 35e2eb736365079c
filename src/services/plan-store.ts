/**
 * Storing a plan: the plan row, its agencies and contacts, and its assignments, upserted in one transaction; it
 * says what changed and which workflows are due to start. Apply (plan-apply.ts) runs it first, and again with the
 * previous definition to undo.
 */
import type { PrismaClient } from '../db/prisma';
import type { CycleStart } from '../domain/cycle-schedule';
import { isHistoric } from '../domain/obligation-start';
import { planCalendar, type CalendarItem } from '../domain/plan-calendar';
import type { Plan } from '../domain/plan-schema';
import { planSourceHash } from './plan-source-hash';

export interface ApplyReport {
  plan: string;
  created: boolean;
  unchanged: boolean;
  agencies: { added: string[]; removed: string[]; updated: string[] };
  /** `retimed`: same deadline, but its reminders or escalations moved (a policy change, an after-break reminder). */
  assignments: { added: number; moved: number; retimed: number; total: number };
  workflows: { started: number; existing: number; historic: number; rescheduled: number };
  /** Years whose cycle runs now, and those the Schedule will start (with when). */
  cycles: { running: number[]; scheduled: CycleStart[] };
}

type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

/**
 * Stores a plan without starting workflows: for tools and tests that drive activities directly (bench/notify,
 * test/notify). Same rows, same transaction as `applyPlan`'s first step.
 */
export async function storePlanOnly(prisma: PrismaClient, plan: Plan, now: Date = new Date()): Promise<ApplyReport> {
  return (await prisma.$transaction((tx) => storePlan(tx, plan, now), { timeout: 120_000 })).report;
}

/** Upserts the plan, its agencies and contacts, and its assignments; says what changed and what to start. */
export async function storePlan(
  tx: Tx,
  plan: Plan,
  now: Date,
): Promise<{
  report: ApplyReport;
  toStart: CalendarItem[];
  newIds: Set<string>;
  moved: CalendarItem[];
  retimed: CalendarItem[];
  items: CalendarItem[];
}> {
  const items = planCalendar(plan);
  const sourceHash = planSourceHash(plan);
  const existing = await tx.plan.findUnique({ where: { code: plan.code }, include: { agencies: true } });
  const report: ApplyReport = {
    plan: plan.code,
    created: existing === null,
    unchanged: existing?.sourceHash === sourceHash,
    agencies: { added: [], removed: [], updated: [] },
    assignments: { added: 0, moved: 0, retimed: 0, total: items.length },
    workflows: { started: 0, existing: 0, historic: 0, rescheduled: 0 },
    cycles: { running: [], scheduled: [] },
  };
  const data = {
    title: plan.title,
    documentNumber: plan.document.number ?? null,
    issuer: plan.document.issuer ?? null,
    years: Array.from({ length: plan.years.to - plan.years.from + 1 }, (_, i) => plan.years.from + i),
    definition: plan as unknown as object,
    sourceHash,
    status: 'active' as const,
  };
  // Re-applying changes the plan's content, not whether it is paused (see changePlanStatus).
  const { status: _initial, ...content } = data;
  await tx.plan.upsert({ where: { code: plan.code }, create: { code: plan.code, ...data }, update: content });

  const before = new Map((existing?.agencies ?? []).map((a) => [a.code, a]));
  for (const a of plan.agencies) {
    const prev = before.get(a.code);
    const row = await tx.agency.upsert({
      where: { planCode_code: { planCode: plan.code, code: a.code } },
      create: { planCode: plan.code, code: a.code, name: a.name, kind: a.kind },
      update: { name: a.name, kind: a.kind },
    });
    if (!prev) report.agencies.added.push(a.code);
    else if (prev.name !== a.name || prev.kind !== a.kind) report.agencies.updated.push(a.code);
    // Contacts are replaced whole: they have no identity of their own in a plan file.
    await tx.contact.deleteMany({ where: { agencyId: row.id } });
    if (a.contacts.length > 0) {
      await tx.contact.createMany({
        data: a.contacts.map((c) => ({
          agencyId: row.id,
          role: c.role,
          name: c.name ?? null,
          email: c.email ?? null,
          phone: c.phone ?? null,
        })),
      });
    }
    before.delete(a.code);
  }
  report.agencies.removed = [...before.keys()];
  if (report.agencies.removed.length > 0) {
    await tx.agency.deleteMany({ where: { planCode: plan.code, code: { in: report.agencies.removed } } });
  }

  const known = new Map(
    (await tx.assignment.findMany({ where: { planCode: plan.code }, select: { id: true, dueAt: true } })).map((a) => [
      a.id,
      a.dueAt.getTime(),
    ]),
  );
  // A deadline has moved when the plan file moved it: compared with the stored plan's calendar, not with the row,
  // whose due date an extension granted to one agency has moved too (re-applying the same file must keep it).
  const planned = new Map(existing ? planCalendar(existing.definition as unknown as Plan).map((i) => [i.id, i]) : []);
  const toStart: CalendarItem[] = [];
  const moved: CalendarItem[] = [];
  const retimed: CalendarItem[] = [];
  const newIds = new Set<string>();
  const rows = [];
  for (const item of items) {
    const historic = isHistoric(item, now);
    const prevDue = known.get(item.id);
    if (prevDue === undefined) {
      report.assignments.added++;
      newIds.add(item.id);
      rows.push({
        id: item.id,
        planCode: plan.code,
        year: item.year,
        obligationId: item.obligation,
        agencyCode: item.agency,
        statedDate: new Date(`${item.statedDate}T00:00:00Z`),
        dueDate: new Date(`${item.dueDate}T00:00:00Z`),
        dueAt: new Date(item.dueAt),
        state: historic ? ('overdue' as const) : ('pending' as const),
      });
    } else if ((plannedDue(planned.get(item.id)) ?? prevDue) !== Date.parse(item.dueAt)) {
      // A moved deadline in the plan file: the row takes the new date here, the running workflow after the commit.
      report.assignments.moved++;
      if (!historic) moved.push(item);
      await tx.assignment.update({
        where: { id: item.id },
        data: {
          statedDate: new Date(`${item.statedDate}T00:00:00Z`),
          dueDate: new Date(`${item.dueDate}T00:00:00Z`),
          dueAt: new Date(item.dueAt),
          dueRevision: { increment: 1 },
        },
      });
    } else if (
      planned.has(item.id) &&
      prevDue === Date.parse(item.dueAt) &&
      stepsKey(planned.get(item.id)!) !== stepsKey(item)
    ) {
      // The same deadline with other reminder or escalation instants (an extended row is left alone: its own
      // schedule came with the extension).
      report.assignments.retimed++;
      if (!historic) retimed.push(item);
    }
    if (historic) report.workflows.historic++;
    else toStart.push(item);
  }
  if (rows.length > 0) await tx.assignment.createMany({ data: rows });
  return { report, toStart, newIds, moved, retimed, items };
}

function plannedDue(item: CalendarItem | undefined): number | undefined {
  return item === undefined ? undefined : Date.parse(item.dueAt);
}

/** What a running workflow sends, besides its deadline: the reminder and escalation steps with their instants. */
function stepsKey(item: CalendarItem): string {
  return JSON.stringify([item.reminderSteps, item.escalations]);
}
