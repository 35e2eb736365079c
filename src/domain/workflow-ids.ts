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

/**
 * The notice workflow of one calendar change: `holiday-change/<id>-<when, UTC>`. The instant keeps it unique to the
 * change, not only to its row number, so a database restored or recreated against the same Temporal namespace (row
 * ids start again at 1) never finds an older change's workflow and takes its own notice as already sent.
 */
export function calendarChangeWorkflowId(change: { id: number; at: Date }): string {
  return `holiday-change/${change.id}-${change.at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}`;
}
