import { localDateOf } from '../domain/business-time';
import { AGENCY_ROLES, contactsOf } from '../domain/recipient-policy';
import type { SendExtensionNoticeInput, SendSummary } from './activity-types';
import { scheduledAt } from './notify-attempt';
import type { SendDeps } from './send-deps';
import { recordStepEvent } from './step-event';

export function createSendExtensionNotice(deps: SendDeps) {
  const { prisma, loader, contexts, sendToRecipients, ensureWorkingHours } = deps;
  /**
   * Tells the agency's focal points (else head, else coordinator) that its deadline moved, once per revision: the
   * outbox key and the event's key name the revision. Sent within working hours like a reminder.
   */
  return async function sendExtensionNotice(input: SendExtensionNoticeInput): Promise<SendSummary> {
    const loaded = await loader.loadAssignment(input.assignmentId);
    const reason =
      input.reasonId !== undefined
        ? ((await prisma.actionReason.findUnique({ where: { id: input.reasonId }, select: { reason: true } }))
            ?.reason ?? '')
        : (input.reason ?? '');
    const keyBase = `${input.assignmentId}#${input.revision}:extension`;
    ensureWorkingHours(loaded, 'extension');
    const recipients = contactsOf(loaded.byCode, loaded.a.agencyCode, AGENCY_ROLES);
    if (recipients.length === 0) deps.log.warn('no contact for the extension', { assignmentId: input.assignmentId });
    // Days left count to the new date; the template shows the old one beside it.
    const context = contexts.contextFor(loaded, input.newDueAt, {
      dueDate: localDateOf(input.previousDueAt),
      newDueDate: localDateOf(input.newDueAt),
      reason: reason.trim() === '' ? undefined : reason,
    });
    const summary = await sendToRecipients(loaded, keyBase, 'extension-granted', recipients, context);
    await recordStepEvent(prisma, {
      assignmentId: input.assignmentId,
      type: 'extension-notice',
      key: keyBase,
      detail: {
        revision: input.revision,
        previousDueAt: input.previousDueAt,
        newDueAt: input.newDueAt,
        ...(input.reasonId !== undefined ? { reasonId: input.reasonId } : { reason }),
        scheduledAt: scheduledAt(),
        ...summary,
      },
    });
    return summary;
  };
}
