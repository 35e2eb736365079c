/** Signed submission links and the message context of a loaded assignment: the clock and the link key meet here. */
import { localDateOf } from '../domain/business-time';
import { messageContextOf } from '../domain/message-context';
import type { MessageContextInput } from '../notify/message-context-schema';
import { feedUrl } from '../security/feed-link';
import { signLink } from '../security/signed-link';
import type { ActivityDeps, Loaded } from './activity-types';

export interface MessageContexts {
  /** The agency's own signed submission link for one assignment. */
  submitUrlFor(assignmentId: string, link: AssignmentLink): string;
  /** The agency's signed iCalendar feed of the plan (`…/calendar/<token>.ics`). */
  calendarUrlFor(planCode: string, agencyCode: string): string;
  /** Today's local date, YYYY-MM-DD. */
  today(): string;
  contextFor(loaded: Loaded, dueAt: string, extra?: Partial<MessageContextInput>): MessageContextInput;
}

/** The link fields of an assignment row: its version and the nonce a coordinator's revocation replaces. */
export interface AssignmentLink {
  linkVersion: number;
  linkNonce: string;
}

export function createMessageContexts(links: ActivityDeps['links'], now: () => Date): MessageContexts {
  function submitUrlFor(assignmentId: string, link: AssignmentLink): string {
    const token = signLink(
      {
        a: assignmentId,
        exp: Math.floor(now().getTime() / 1000) + (links.ttlDays ?? 180) * 86400,
        v: link.linkVersion,
        n: link.linkNonce,
      },
      links.secret,
    );
    return `${links.baseUrl.replace(/\/$/, '')}/s/${token}`;
  }
  const today = () => localDateOf(now().toISOString());
  const calendarUrlFor = (planCode: string, agencyCode: string) =>
    feedUrl(links.baseUrl, { t: 'agency', p: planCode, g: agencyCode }, links.secret);
  return {
    submitUrlFor,
    calendarUrlFor,
    today,
    contextFor(loaded, dueAt, extra = {}) {
      const { a, plan, byCode } = loaded;
      return messageContextOf(
        { plan, assignment: a, agencies: byCode, today: today(), submitUrl: submitUrlFor(a.id, a) },
        dueAt,
        { calendarUrl: calendarUrlFor(a.planCode, a.agencyCode), ...extra },
      );
    },
  };
}
