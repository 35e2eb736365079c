/**
 * Workflow ids are read by operators in the Temporal Web UI, so they name what a workflow is about:
 * `<plan>/<year>/<obligation>/<agency>`. Codes are restricted by the plan schema to [A-Za-z0-9_-], so `/` is safe
 * as a separator and the id can be parsed back.
 */
export interface AssignmentKey {
  plan: string;
  year: number;
  obligation: string;
  agency: string;
}

export function assignmentWorkflowId(k: AssignmentKey): string {
  return `${k.plan}/${k.year}/${k.obligation}/${k.agency}`;
}
