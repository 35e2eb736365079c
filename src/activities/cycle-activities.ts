/**
 * What the cycle workflows read from the stored plan: which year a scheduled start belongs to, the obligation
 * workflows of a year (a page at a time, so no payload grows with the plan), and the year's campaigns. Read-only,
 * hence idempotent; the instants come from the pure calendar (src/domain), computed from the plan as stored now,
 * so a re-applied plan is seen by the next page a cycle reads.
 */
import { LATE_WINDOW_MS } from '../domain/policies';
import { Duration } from 'luxon';
import type { PrismaClient } from '../db/prisma';
import type { AssignmentState } from '../domain/assignment-state';
import { campaignRuns, cycleStarts, cycleWorkflowId, cycleYearAt, type CampaignRun } from '../domain/cycle-schedule';
import { isHistoric, obligationStart, type ObligationStart } from '../domain/obligation-start';
import { planCalendar } from '../domain/plan-calendar';
import type { Plan } from '../domain/plan-schema';
import { ErrorType, permanentFailure } from './errors';

/**
 * The most a page's obligation starts may weigh, as JSON. Temporal refuses an activity result over 2 MB (the
 * server's blob limit; it fails the activity for good, and the cycle with it) and warns over 512 KB; a page of 200
 * obligations with many reminder steps each passed 2 MB (the fault suite's plan: 142 steps). A page holds as many
 * starts as fit, and at least one.
 */
export const PAGE_BYTES = 256 * 1024;

export interface CycleActivityDeps {
  prisma: PrismaClient;
  /** See {@link PAGE_BYTES}. (Default: PAGE_BYTES.) */
  pageBytes?: number;
  clock?: () => Date;
  /** Installs the admin's stored calendar entries before dates are computed. (Default: the installed calendar.) */
  refreshCalendar?: () => Promise<unknown>;
}

export interface CyclePageInput {
  planCode: string;
  year: number;
  offset: number;
  limit: number;
}

export interface CyclePage {
  /** Plan status: a paused or removed plan starts nothing new. */
  status: 'active' | 'paused' | 'removed';
  starts: ObligationStart[];
  /**
   * Where the next page begins: `offset + limit`, or sooner when the starts reached {@link PAGE_BYTES}. Absent from
   * results recorded before it existed, whose pages were always full.
   */
  nextOffset?: number;
  /** The recorded state of each assignment on this page. */
  states: Record<string, AssignmentState>;
  total: number;
  /** On the first page only: the year's campaigns with participants. */
  campaigns: CampaignRun[];
  /** After this instant nothing in the year can happen any more (last step plus the late window). */
  endsAt: string;
  /** On the first page only: the year's consolidated reports, to compile ahead of their deadlines. */
  consolidations: Consolidation[];
}

export interface Consolidation {
  obligationId: string;
  dueAt: string;
  /** `dueAt` minus the plan's report lead time. */
  compileAt: string;
  /** The obligations whose reports it gathers; when all of their assignments have closed it compiles at once. */
  gathers: string[];
}

export function createCycleActivities(deps: CycleActivityDeps) {
  const now = deps.clock ?? (() => new Date());
  const pageBytes = deps.pageBytes ?? PAGE_BYTES;

  async function loadPlan(planCode: string): Promise<{ plan: Plan; status: CyclePage['status'] }> {
    const row = await deps.prisma.plan.findUnique({
      where: { code: planCode },
      select: { definition: true, status: true },
    });
    if (!row) throw permanentFailure(ErrorType.UnknownPlan, `no plan ${planCode}`);
    return { plan: row.definition as unknown as Plan, status: row.status };
  }

  return {
    /** The year a cycle started at `at` (the Schedule's fire time) is for; null before the first or for a gone plan. */
    async cycleYear(input: {
      planCode: string;
      at: string;
    }): Promise<{ year: number | null; status: string; title?: string }> {
      const row = await deps.prisma.plan.findUnique({ where: { code: input.planCode }, select: { code: true } });
      if (!row) return { year: null, status: 'removed' };
      await deps.refreshCalendar?.();
      const { plan, status } = await loadPlan(input.planCode);
      return { year: cycleYearAt(cycleStarts(plan), input.at), status, title: plan.title };
    },

    /** One page of the year's live obligation workflows, ordered as the calendar is. */
    async cyclePage(input: CyclePageInput): Promise<CyclePage> {
      const { plan, status } = await loadPlan(input.planCode);
      await deps.refreshCalendar?.();
      const items = planCalendar(plan, { year: input.year });
      const live = items.filter((i) => !isHistoric(i, now()));
      const cycleId = cycleWorkflowId(plan.code, input.year);
      const last = Math.max(
        ...items.flatMap((i) => [Date.parse(i.dueAt), ...i.escalations.map((e) => Date.parse(e.at))]),
        Date.parse(`${input.year}-12-31T23:59:59+07:00`),
      );
      const starts: ObligationStart[] = [];
      let bytes = 0;
      for (const item of live.slice(input.offset, input.offset + input.limit)) {
        const start = obligationStart(plan, item, cycleId);
        bytes += Buffer.byteLength(JSON.stringify(start));
        if (starts.length > 0 && bytes > pageBytes) break;
        starts.push(start);
      }
      const rows = await deps.prisma.assignment.findMany({
        where: { id: { in: starts.map((s) => s.workflowId) } },
        select: { id: true, state: true },
      });
      return {
        status,
        starts,
        nextOffset: input.offset + starts.length,
        states: Object.fromEntries(rows.map((r) => [r.id, r.state])),
        total: live.length,
        campaigns: input.offset === 0 ? campaignRuns(plan, input.year).filter((c) => c.participants.length > 0) : [],
        endsAt: new Date(last + LATE_WINDOW_MS + 24 * 3600 * 1000).toISOString(),
        consolidations: input.offset === 0 ? consolidationsOf(plan, items) : [],
      };
    },
  };
}

function consolidationsOf(plan: Plan, items: ReturnType<typeof planCalendar>): Consolidation[] {
  const lead = Duration.fromISO(plan.policy.reportLeadTime);
  const out: Consolidation[] = [];
  for (const o of plan.obligations) {
    if (o.kind !== 'consolidated-report') continue;
    const item = items.find((i) => i.obligation === o.id);
    if (!item) continue;
    out.push({
      obligationId: o.id,
      dueAt: item.dueAt,
      compileAt: new Date(Date.parse(item.dueAt) - lead.toMillis()).toISOString(),
      gathers: o.gathers ?? [],
    });
  }
  return out;
}

export type CycleActivities = ReturnType<typeof createCycleActivities>;
