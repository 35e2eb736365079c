/**
 * Dates as Vietnamese readers write them, from ISO dates, by string alone: workflow code uses it (a workflow's
 * summary), and the workflow bundle must not pull in luxon and the legal calendar for it (each cached workflow pays
 * for what the bundle holds).
 */

/** `2020-06-10` → `10/6/2020`. */
export function formatDmy(date: string): string {
  const [y, m, d] = date.split('-');
  return `${Number(d)}/${Number(m)}/${y}`;
}
