/** The day's digest of an agency's reminders: which obligations it lists, read with their current link versions. */
import type { PrismaClient } from '../db/prisma';
import { localDateOf } from '../domain/business-time';
import { digestContextOf } from '../domain/message-context';
import { digestItemsOf, digestKeyBase } from '../domain/reminder-digest';
import type { MessageContextInput } from '../notify/message-context-schema';
import type { Loaded, SendReminderInput } from './activity-types';
import type { AssignmentLink, MessageContexts } from './message-contexts';
import { scheduledAt } from './notify-attempt';

export interface Digest {
  keyBase: string;
  covers: boolean;
  context: MessageContextInput;
  assignments: string[];
}

export type DigestFor = (loaded: Loaded, input: SendReminderInput) => Promise<Digest>;

export function createReminderDigest(prisma: PrismaClient, now: () => Date, contexts: MessageContexts): DigestFor {
  /**
   * The day's digest for the assignment's agency: the local day of the step (when it was scheduled, so a retry the
   * next morning still belongs to its day), the key, and the context listing each obligation with its own link.
   * `covers` is false for a reminder the plan's calendar does not put on that day (a deadline moved by an
   * extension): the digest of that day cannot have listed it, so it is sent on its own.
   */
  return async function digestFor(loaded, input) {
    const { a, plan, byCode } = loaded;
    const day = localDateOf(scheduledAt() ?? now().toISOString());
    const keyBase = digestKeyBase(a.planCode, a.agencyCode, day);
    const calendar = digestItemsOf(plan, a.agencyCode, day);
    const covers = calendar.some((item) => item.id === a.id);
    // Obligations already submitted (or excused) are left out: their workflows remind nobody.
    const ids = calendar.map((item) => item.id).filter((id) => id !== a.id);
    // Each listed assignment's own link nonce: a revoked link must not come back through a digest.
    const open = new Map<string, AssignmentLink>(
      ids.length === 0
        ? []
        : (
            await prisma.$queryRaw<({ id: string } & AssignmentLink)[]>`
              SELECT "id", "linkVersion", "linkNonce" FROM "Assignment"
              WHERE "id" = ANY(${ids}::text[]) AND "state" IN ('pending', 'overdue')`
          ).map((r) => [r.id, { linkVersion: r.linkVersion, linkNonce: r.linkNonce }]),
    );
    const entries = [
      { id: a.id, obligation: a.obligationId, dueAt: input.dueAt },
      ...calendar.filter((item) => open.has(item.id)),
    ].map((item) => ({
      id: item.id,
      obligation: item.obligation,
      dueAt: item.dueAt,
      submitUrl: contexts.submitUrlFor(
        item.id,
        item.id === a.id ? a : (open.get(item.id) ?? { linkVersion: 0, linkNonce: '' }),
      ),
    }));
    const { context, assignments } = digestContextOf(
      { plan, assignment: a, agencies: byCode, today: contexts.today() },
      entries,
    );
    return {
      keyBase,
      covers,
      context: { ...context, calendarUrl: contexts.calendarUrlFor(a.planCode, a.agencyCode) },
      assignments,
    };
  };
}
