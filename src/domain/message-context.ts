/**
 * The data a message about an assignment carries, built from plain values: the plan, the assignment, its agencies,
 * today's local date and the signed link. Pure: the activities read the clock and sign links, then call these.
 */
import type { MessageContextInput } from '../notify/message-context-schema';
import { localDateOf } from './business-time';
import type { Plan } from './plan-schema';

/** The title of what an assignment asks for: an obligation, a campaign's results report, or an activity's report. */
export function obligationTitleOf(plan: Plan, obligationId: string): string {
  return (
    plan.obligations.find((o) => o.id === obligationId)?.title ??
    plan.campaigns.find((c) => `${c.id}-results` === obligationId)?.resultsReport?.title ??
    plan.activities.find((x) => `activity-${x.id}` === obligationId)?.title ??
    obligationId
  );
}

/** Whole days between two local calendar dates (Việt Nam keeps UTC+7 all year). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
}

export interface ContextSource {
  plan: Plan;
  assignment: { agencyCode: string; obligationId: string };
  /** Agency names by code; a missing agency is named by its code. */
  agencies: ReadonlyMap<string, { name: string }>;
  /** Today's local date, YYYY-MM-DD. */
  today: string;
  submitUrl: string | undefined;
}

/** The context of a message about one assignment due at `dueAt`; `extra` is applied last and may override. */
export function messageContextOf(
  source: ContextSource,
  dueAt: string,
  extra: Partial<MessageContextInput> = {},
): MessageContextInput {
  const { plan, assignment, agencies } = source;
  const dueDate = localDateOf(dueAt);
  return {
    planTitle: plan.title,
    planDocument: plan.document?.number,
    obligationTitle: obligationTitleOf(plan, assignment.obligationId),
    agencyName: agencies.get(assignment.agencyCode)?.name ?? assignment.agencyCode,
    dueDate,
    daysLeft: daysBetween(source.today, dueDate),
    submitUrl: source.submitUrl,
    coordinatorName: agencies.get(plan.coordinator)?.name ?? plan.coordinator,
    ...extra,
  };
}

export interface DigestEntry {
  id: string;
  obligation: string;
  dueAt: string;
  submitUrl: string;
}

/**
 * A digest's context: every entry with its own due date and link, earliest due first (then by title); the
 * top-level obligation, due date and days left are the earliest's. `entries` must not be empty.
 */
export function digestContextOf(
  source: Omit<ContextSource, 'submitUrl'>,
  entries: readonly DigestEntry[],
): { context: MessageContextInput; assignments: string[] } {
  const { plan, assignment, agencies } = source;
  const items = entries
    .map((item) => {
      const dueDate = localDateOf(item.dueAt);
      return {
        id: item.id,
        dueAt: item.dueAt,
        obligationTitle: obligationTitleOf(plan, item.obligation),
        dueDate,
        daysLeft: daysBetween(source.today, dueDate),
        submitUrl: item.submitUrl,
      };
    })
    .sort((x, y) => Date.parse(x.dueAt) - Date.parse(y.dueAt) || x.obligationTitle.localeCompare(y.obligationTitle));
  const first = items[0];
  if (!first) throw new Error('a digest lists at least one obligation');
  const context: MessageContextInput = {
    planTitle: plan.title,
    planDocument: plan.document?.number,
    obligationTitle: first.obligationTitle,
    agencyName: agencies.get(assignment.agencyCode)?.name ?? assignment.agencyCode,
    dueDate: first.dueDate,
    daysLeft: first.daysLeft,
    coordinatorName: agencies.get(plan.coordinator)?.name ?? plan.coordinator,
    items: items.map(({ obligationTitle, dueDate, daysLeft, submitUrl }) => ({
      obligationTitle,
      dueDate,
      daysLeft,
      submitUrl,
    })),
  };
  return { context, assignments: items.map((item) => item.id) };
}
