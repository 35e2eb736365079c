/**
 * A plan's reporting cycle for one year (`<plan>/<year>`): starts one obligation workflow per agency × obligation
 * and one campaign workflow per campaign, hears from each obligation workflow when its state changes, and closes
 * when every obligation has closed (or the year's last possible step is long past). It reads the plan a page at a
 * time and continues as new before its history grows large, so a plan of thousands of agencies runs the same way.
 *
 * The plan's Temporal Schedule starts `cycleStarterWorkflow` before each year; the starter works out which year is
 * due and starts this workflow under its readable id. Applying a plan mid-year starts the current year at once.
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  ParentClosePolicy,
  WorkflowIdReusePolicy,
  allHandlersFinished,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  log,
  proxyActivities,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import type { Consolidation, CycleActivities } from '../activities/cycle-activities';
import type { ReportActivities } from '../activities/report-activities';
import type { AssignmentState } from '../domain/assignment-state';
import type { CampaignRun } from '../domain/cycle-schedule';
import { cycleStartOptions } from '../domain/cycle-start';
import { obligationStartOptions, type ObligationStart } from '../domain/obligation-start';
import { REPORT_RETRY, STORE_RETRY } from '../domain/policies';
import { OBLIGATION_KEY, PLAN_KEY, YEAR_KEY } from '../domain/search-attributes';
import type { campaignWorkflow } from './campaign.workflow';
import type { obligationWorkflow } from './obligation.workflow';

export interface CycleInput {
  planCode: string;
  year: number;
  /** Carried over by continue-as-new. */
  carried?: CycleCarry;
  /**
   * Continue as new once the history passes this many events (default 8,000). Lower only to exercise the hand-over
   * (tests) or to keep an operator's history views short; it is passed on to each next run.
   */
  maxHistoryEvents?: number;
}

interface CycleCarry {
  states: Record<string, AssignmentState>;
  closed: string[];
  campaigns: string[];
  endsAt: string | null;
  consolidations: Consolidation[];
  /** Consolidated reports already handled (compiled and sent, or given up on: see `reportsFailed`). */
  reported: string[];
  reportsFailed?: string[];
  /** The previous run stopped while starting workflows: read the plan again. */
  resync: boolean;
  /** Runs of this cycle before this one (continue-as-new hand-overs). */
  runs?: number;
}

export interface AssignmentChanged {
  assignmentId: string;
  state: AssignmentState;
  /** The obligation workflow has finished: nothing more will come from it. */
  closed: boolean;
}

export interface CycleStatus {
  planCode: string;
  year: number;
  total: number;
  closed: number;
  byState: Partial<Record<AssignmentState, number>>;
  campaigns: string[];
  /** Consolidated reports this cycle has handled, and among them those it could not compile (to do by hand). */
  reported: string[];
  reportsFailed: string[];
  syncing: boolean;
  /** This run's number: 1 + the continue-as-new hand-overs so far (each run's history stays short). */
  run: number;
}

/** Sent by each obligation workflow of the cycle on every state change. */
export const assignmentChangedSignal = defineSignal<[AssignmentChanged]>('assignmentChanged');
/** Sent by the plan service after a re-apply: read the plan again, start what is new. */
export const planChangedSignal = defineSignal('planChanged');
/** Counts by state, for the dashboard, the CLI and operators. */
export const cycleStatusQuery = defineQuery<CycleStatus>('cycleStatus');

const { cyclePage, cycleYear } = proxyActivities<CycleActivities>({
  startToCloseTimeout: '2 minutes',
  retry: STORE_RETRY,
});

const { compileAndSendReport } = proxyActivities<ReportActivities>({
  startToCloseTimeout: '5 minutes',
  retry: REPORT_RETRY,
});

const PAGE = 200;
const CLOSED_STATES: ReadonlySet<AssignmentState> = new Set(['submitted', 'late', 'excused']);
/** Continue as new well before Temporal's limits (50k events), and whenever the server suggests it. */
const MAX_HISTORY_EVENTS = 8_000;

export async function planCycleWorkflow(input: CycleInput): Promise<CycleStatus> {
  const { planCode, year } = input;
  const states = new Map<string, AssignmentState>(Object.entries(input.carried?.states ?? {}));
  const closed = new Set<string>(input.carried?.closed ?? []);
  const campaigns = new Set<string>(input.carried?.campaigns ?? []);
  let endsAt: string | null = input.carried?.endsAt ?? null;
  let consolidations: Consolidation[] = input.carried?.consolidations ?? [];
  const reported = new Set<string>(input.carried?.reported ?? []);
  const reportsFailed = new Set<string>(input.carried?.reportsFailed ?? []);
  // A fresh cycle reads the plan; a continued one only when told the plan changed.
  let needsSync = input.carried === undefined || input.carried.resync;
  let syncing = false;
  const run = (input.carried?.runs ?? 0) + 1;
  const maxEvents = input.maxHistoryEvents ?? MAX_HISTORY_EVENTS;

  const status = (): CycleStatus => {
    const byState: CycleStatus['byState'] = {};
    for (const s of states.values()) byState[s] = (byState[s] ?? 0) + 1;
    return {
      planCode,
      year,
      total: states.size,
      closed: closed.size,
      byState,
      campaigns: [...campaigns],
      reported: [...reported],
      reportsFailed: [...reportsFailed],
      syncing,
      run,
    };
  };
  setHandler(cycleStatusQuery, status);
  setHandler(assignmentChangedSignal, (c) => {
    states.set(c.assignmentId, c.state);
    if (c.closed) closed.add(c.assignmentId);
  });
  setHandler(planChangedSignal, () => {
    needsSync = true;
  });

  const historyFull = () => workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > maxEvents;
  const allClosed = () => states.size > 0 && closed.size >= states.size;

  /** Every assignment of the obligations a consolidated report gathers has closed: no reason to wait for its date. */
  const readyEarly = (c: Consolidation): boolean => {
    if (reported.has(c.obligationId) || c.gathers.length === 0) return false;
    const ids = [...states.keys()].filter((id) => c.gathers.includes(id.split('/')[2] ?? ''));
    return ids.length > 0 && ids.every((id) => closed.has(id));
  };
  /** Compiles and emails each consolidated report whose time has come (lead time before its deadline, or earlier). */
  async function compileDueReports(): Promise<void> {
    for (const c of consolidations) {
      if (reported.has(c.obligationId)) continue;
      if (Date.now() < Date.parse(c.compileAt) && !readyEarly(c)) continue;
      try {
        await compileAndSendReport({
          planCode,
          year,
          trigger: 'auto',
          triggerKey: `${planCode}/${year}/${c.obligationId}`,
          obligationId: c.obligationId,
        });
      } catch (err) {
        // Retried for about an hour already: the coordinator can still compile it from the web app or the CLI.
        log.error('consolidated report not compiled', {
          planCode,
          year,
          obligation: c.obligationId,
          error: String(err),
        });
        reportsFailed.add(c.obligationId);
      }
      reported.add(c.obligationId);
    }
  }
  const carry = (resync: boolean): CycleCarry => ({
    states: Object.fromEntries(states),
    closed: [...closed],
    campaigns: [...campaigns],
    endsAt,
    consolidations,
    reported: [...reported],
    reportsFailed: [...reportsFailed],
    resync,
    runs: run,
  });

  for (;;) {
    if (needsSync) {
      needsSync = false;
      syncing = true;
      const page0 = await cyclePage({ planCode, year, offset: 0, limit: PAGE });
      if (page0.status !== 'active') {
        log.info('plan not active: nothing new started', { planCode, year, status: page0.status });
      } else {
        endsAt = page0.endsAt;
        consolidations = page0.consolidations;
        await startCampaigns(page0.campaigns, campaigns);
        await startObligations(page0, states, closed);
        // A page ends early when its starts reached the activity's byte budget: the next one begins where it ended.
        for (let offset = page0.nextOffset ?? PAGE; offset < page0.total;) {
          const page = await cyclePage({ planCode, year, offset, limit: PAGE });
          await startObligations(page, states, closed);
          const next = page.nextOffset ?? offset + PAGE;
          if (historyFull() || next <= offset) break; // the next run reads on from the plan (sync again)
          offset = next;
        }
      }
      syncing = false;
      if (historyFull()) return await carryOn(input, carry(true));
    }
    await compileDueReports();
    if (allClosed() && consolidations.every((c) => reported.has(c.obligationId))) break;
    const remaining = endsAt === null ? undefined : Date.parse(endsAt) - Date.now();
    if (remaining !== undefined && remaining <= 0) break;
    const nextCompile = consolidations
      .filter((c) => !reported.has(c.obligationId))
      .map((c) => Date.parse(c.compileAt) - Date.now());
    const timeout = Math.min(remaining ?? Infinity, ...nextCompile);
    await condition(
      () => needsSync || allClosed() || historyFull() || consolidations.some(readyEarly),
      Number.isFinite(timeout) ? Math.max(timeout, 1) : undefined,
    );
    if (historyFull() && !needsSync) return await carryOn(input, carry(false));
  }
  log.info('cycle closed', { ...status() });
  return status();
}

async function carryOn(input: CycleInput, carried: CycleCarry): Promise<never> {
  await condition(allHandlersFinished);
  // A run cut short while starting resumes by syncing again (already started workflows are skipped).
  return continueAsNew<typeof planCycleWorkflow>({
    planCode: input.planCode,
    year: input.year,
    carried,
    maxHistoryEvents: input.maxHistoryEvents,
  });
}

/**
 * Starts the obligation workflows not yet known to this cycle. Started by the plan service already (the current
 * year at apply), or closed long ago: the server says so and the workflow counts as known.
 */
async function startObligations(
  page: { starts: ObligationStart[]; states: Record<string, AssignmentState> },
  states: Map<string, AssignmentState>,
  closed: Set<string>,
): Promise<void> {
  const fresh = page.starts.filter((s) => !states.has(s.workflowId));
  await Promise.all(
    fresh.map(async (s) => {
      try {
        await startChild<typeof obligationWorkflow>('obligationWorkflow', {
          ...obligationStartOptions(s),
          parentClosePolicy: ParentClosePolicy.ABANDON,
        });
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      }
      // The database knows what happened before this cycle heard of it (a report submitted right after apply).
      if (!states.has(s.workflowId)) {
        const known = page.states[s.workflowId] ?? 'pending';
        states.set(s.workflowId, known);
        if (CLOSED_STATES.has(known)) closed.add(s.workflowId);
      }
    }),
  );
}

async function startCampaigns(runs: CampaignRun[], started: Set<string>): Promise<void> {
  await Promise.all(
    runs
      .filter((r) => !started.has(r.id))
      .map(async (r) => {
        try {
          await startChild<typeof campaignWorkflow>('campaignWorkflow', {
            workflowId: r.id,
            args: [r],
            parentClosePolicy: ParentClosePolicy.ABANDON,
            workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
            typedSearchAttributes: [
              { key: PLAN_KEY, value: r.planCode },
              { key: YEAR_KEY, value: r.year },
              { key: OBLIGATION_KEY, value: `campaign:${r.campaignId}` },
            ],
            staticSummary: `${r.name} ${r.year} (${r.start} – ${r.end})`,
          });
        } catch (err) {
          if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
        }
        started.add(r.id);
      }),
  );
}

export interface CycleStarterInput {
  planCode: string;
}

/**
 * What the plan's Schedule runs: finds the year this start is for and starts that year's cycle under its readable
 * id. Starting twice (a Schedule catch-up, a re-apply) finds the cycle already there and does nothing.
 */
export async function cycleStarterWorkflow(input: CycleStarterInput): Promise<{ year: number | null }> {
  const { year, status, title } = await cycleYear({
    planCode: input.planCode,
    at: workflowInfo().runStartTime.toISOString(),
  });
  if (year === null || status !== 'active') {
    log.info('no cycle to start', { planCode: input.planCode, status });
    return { year: null };
  }
  try {
    await startChild(planCycleWorkflow, {
      // (A starter that ran before the title came with the year has none: the code stands in.)
      ...cycleStartOptions(input.planCode, year, title ?? input.planCode),
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
  return { year };
}
