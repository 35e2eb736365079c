/**
 * How a plan-year's cycle workflow is started, by `plan apply` (a client start) and by the Schedule's starter
 * workflow (a child start): one id, one set of search attributes, one summary. Workflow code imports this, so it
 * stays free of luxon and the legal calendar (see test/workflows/bundle.test.ts).
 */
import { WorkflowIdReusePolicy, type SearchAttributePair } from '@temporalio/common';
import { PLAN_KEY, YEAR_KEY } from './search-attributes';

/** `<plan>/<year>`: what an operator types to find a cycle. */
export function cycleWorkflowId(planCode: string, year: number): string {
  return `${planCode}/${year}`;
}

export function cycleStartOptions(
  planCode: string,
  year: number,
  planTitle: string,
): {
  workflowId: string;
  args: [{ planCode: string; year: number }];
  workflowIdReusePolicy: WorkflowIdReusePolicy;
  typedSearchAttributes: SearchAttributePair[];
  staticSummary: string;
} {
  return {
    workflowId: cycleWorkflowId(planCode, year),
    args: [{ planCode, year }],
    // A closed cycle keeps its outcome: a second start (re-apply, a catch-up firing) finds it and does nothing.
    workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    typedSearchAttributes: [
      { key: PLAN_KEY, value: planCode },
      { key: YEAR_KEY, value: year },
    ],
    staticSummary: `Chu kỳ báo cáo ${year} – ${planTitle}`,
  };
}
