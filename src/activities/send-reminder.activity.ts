import { AGENCY_ROLES, contactsOf, staleContactsOf } from '../domain/recipient-policy';
import { addSummaries, type SendReminderInput, type SendSummary } from './activity-types';
import { scheduledAt } from './notify-attempt';
import { recipientRef, type Channel } from './recipient-address';
import type { DigestFor } from './reminder-digest';
import type { SendDeps } from './send-deps';
import { batched } from './statement-batch';

export function createSendReminder(deps: SendDeps & { digestFor: DigestFor }) {
  const { prisma, loader, contexts, sendToRecipients, ensureWorkingHours, digestFor } = deps;

  /**
   * A reminder step's event row and the assignment's count, for concurrent activities in one statement. Idempotent
   * under retries, even concurrent ones (an attempt that outlived its timeout): the event's unique key admits one
   * row per step, and the count moves only with the rows that got in. timestamp(3) columns hold UTC wall time.
   */
  const recordReminderEvent = batched(
    async (events: { assignmentId: string; key: string; detail: Record<string, unknown>; sent: boolean }[]) => {
      const values = JSON.stringify(events);
      await prisma.$executeRaw`
        WITH v AS (
          SELECT * FROM json_to_recordset(${values}::json)
            AS v("assignmentId" text, "key" text, "detail" jsonb, "sent" boolean)
        ), inserted AS (
          INSERT INTO "AssignmentEvent" ("assignmentId", "at", "type", "detail", "key")
          SELECT v."assignmentId", now() AT TIME ZONE 'UTC', 'reminder', v."detail", v."key" FROM v
          ON CONFLICT ("key") DO NOTHING
          RETURNING "key"
        ), counted AS (
          SELECT v."assignmentId", count(*) FILTER (WHERE v."sent")::int AS "n"
          FROM v JOIN inserted ON inserted."key" = v."key"
          GROUP BY v."assignmentId"
        )
        UPDATE "Assignment" a
        SET "remindersSent" = a."remindersSent" + c."n", "updatedAt" = now() AT TIME ZONE 'UTC'
        FROM counted c WHERE a."id" = c."assignmentId"`;
      return events.map(() => undefined);
    },
    { keyOf: (e) => e.key },
  );

  /**
   * Reminds the agency's focal points (else its head, else its coordinator: {@link AGENCY_ROLES}) of an approaching
   * deadline.
   *
   * With the plan's `digest` policy, email goes as one digest per agency, recipient and local day: the day's
   * first reminder sends it, listing every obligation of the agency reminded that day (./reminder-digest), under
   * the key `digest:<plan>:<agency>:<day>:email:<recipient>`; a later reminder of the same day finds that key sent
   * and sends no email of its own (its event records it as covered). SMS stays one message per reminder: a list
   * of reports and links does not fit a text message, and an SMS is the nudge that sends people to their inbox.
   */
  return async function sendReminder(input: SendReminderInput): Promise<SendSummary> {
    const loaded = await loader.loadAssignment(input.assignmentId);
    ensureWorkingHours(loaded, input.step);
    const recipients = contactsOf(loaded.byCode, loaded.a.agencyCode, AGENCY_ROLES);
    if (recipients.length === 0) deps.log.warn('no contact to remind', { assignmentId: input.assignmentId });
    const keyBase = `${input.assignmentId}#${input.revision}:${input.step}`;
    const context = contexts.contextFor(loaded, input.dueAt);
    // A contact whose address bounced: the coordinator hears of it once (the key names the bounce), from the
    // first send that passes it over.
    for (const stale of staleContactsOf(loaded.byCode, loaded.a.agencyCode)) {
      if (!stale.email || !deps.alertCoordinator) continue;
      await deps.alertCoordinator(loaded, context, {
        key: `stale:${loaded.a.planCode}:${loaded.a.agencyCode}:${stale.email.toLowerCase()}:${stale.staleAt ?? ''}`,
        ref: `stale:${loaded.a.agencyCode}:${recipientRef(stale, stale.email)}`,
        channel: 'email',
        recipient: stale.email,
        error: 'địa chỉ thư bị trả lại (hard bounce), không gửi tới địa chỉ này nữa / the address bounced',
        what: `${stale.role}: ${stale.email}`,
        fallback:
          recipients.length > 0 && recipients[0]?.email
            ? { outcome: 'planned', channel: 'email' }
            : { outcome: 'none' },
        lastAttempt: false,
        pending: [],
      });
    }
    const channels: Channel[] = loaded.plan.policy?.channels ?? ['email'];
    let summary: SendSummary;
    let digest: Record<string, unknown> | undefined;
    if (loaded.plan.policy?.digest === true && channels.includes('email')) {
      const d = await digestFor(loaded, input);
      const email = d.covers
        ? await sendToRecipients(loaded, d.keyBase, 'digest', recipients, d.context, ['email'])
        : await sendToRecipients(loaded, keyBase, input.kind, recipients, context, ['email']);
      const sms = channels.some((c) => c !== 'email')
        ? await sendToRecipients(loaded, keyBase, input.kind, recipients, context, ['sms'])
        : { sent: 0, alreadySent: 0, failed: 0 };
      summary = addSummaries(email, sms);
      digest = d.covers
        ? {
            key: d.keyBase,
            email: email.sent > 0 ? 'sent' : email.alreadySent > 0 ? 'covered' : 'none',
            assignments: d.assignments,
          }
        : { key: d.keyBase, email: 'own', reason: 'not on the plan calendar for this day' };
    } else {
      summary = await sendToRecipients(loaded, keyBase, input.kind, recipients, context);
    }
    await recordReminderEvent({
      assignmentId: input.assignmentId,
      key: `${input.assignmentId}#${input.revision}:${input.step}`,
      detail: {
        step: input.step,
        revision: input.revision,
        scheduledAt: scheduledAt(),
        ...summary,
        ...(digest ? { digest } : {}),
      },
      // A reminder covered by the day's digest reached the agency too.
      sent: summary.sent > 0 || digest?.email === 'covered',
    });
    return summary;
  };
}
