/**
 * How an assignment's obligation workflow is started: its id, input, search attributes and the summary an operator
 * reads in the Web UI. Pure, shared by the plan service (apply) and the cycle workflow (scheduled years), so both
 * start the same workflow the same way. Carries codes and agency names only, never people's data.
 */
import { LATE_WINDOW_MS } from './policies';
import { WorkflowIdReusePolicy, type SearchAttributePair } from '@temporalio/common';
import { formatDmy } from './date-format';
import type { CalendarItem } from './plan-calendar';
import type { Plan } from './plan-schema';
import type { EscalationAt, ReminderAt } from './reminder-schedule';
import { AGENCY_KEY, DUE_KEY, OBLIGATION_KEY, PLAN_KEY, STATE_KEY, YEAR_KEY } from './search-attributes';

export interface ObligationStartInput {
  assignmentId: string;
  dueAt: string;
  reminders: ReminderAt[];
  escalations: EscalationAt[];
  /** The plan-year cycle to tell about state changes (`<plan>/<year>`). */
  cycleId?: string;
}

export interface ObligationStart {
  workflowId: string;
  input: ObligationStartInput;
  /** Search attribute values: plan, year, agency, obligation, due instant (ISO). */
  search: { plan: string; year: number; agency: string; obligation: string; dueAt: string };
  summary: string;
  details: string;
}

export function obligationStart(plan: Plan, item: CalendarItem, cycleId?: string): ObligationStart {
  const agencyName = plan.agencies.find((a) => a.code === item.agency)?.name ?? item.agency;
  return {
    workflowId: item.id,
    input: {
      assignmentId: item.id,
      dueAt: item.dueAt,
      reminders: item.reminderSteps,
      escalations: item.escalations,
      ...(cycleId ? { cycleId } : {}),
    },
    search: { plan: plan.code, year: item.year, agency: item.agency, obligation: item.obligation, dueAt: item.dueAt },
    summary: `${agencyName} – ${item.obligationTitle} ${item.year} – hạn ${formatDmy(item.dueDate)}`,
    details: `Kế hoạch ${plan.code}: ${plan.title}\nCơ quan: ${item.agency}\nNghĩa vụ: ${item.obligation}\nHạn: ${item.dueAt}`,
  };
}

/**
 * The start options both starters share (the plan service's client start, the cycle's child start): id, input,
 * search attributes, summary, and the rule that a closed obligation (submitted, excused) never runs again.
 */
export function obligationStartOptions(s: ObligationStart) {
  const typedSearchAttributes: SearchAttributePair[] = [
    { key: PLAN_KEY, value: s.search.plan },
    { key: YEAR_KEY, value: s.search.year },
    { key: AGENCY_KEY, value: s.search.agency },
    { key: OBLIGATION_KEY, value: s.search.obligation },
    { key: DUE_KEY, value: new Date(s.search.dueAt) },
    { key: STATE_KEY, value: 'pending' },
  ];
  return {
    workflowId: s.workflowId,
    args: [s.input] as [ObligationStartInput],
    workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    typedSearchAttributes,
    staticSummary: s.summary,
    staticDetails: s.details,
  };
}

/** Assignments whose late window closed before this instant are history: stored, never started. */
export function isHistoric(item: Pick<CalendarItem, 'dueAt'>, now: Date): boolean {
  return Date.parse(item.dueAt) + LATE_WINDOW_MS < now.getTime();
}
