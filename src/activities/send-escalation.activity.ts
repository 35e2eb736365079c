import { localDateOf } from '../domain/business-time';
import { reminderLetterOf } from '../domain/reminder-letter';
import type { MailAttachment } from '../notify/mailer';
import { reminderLetterDocx } from '../reports/reminder-letter-docx';
import { DOCX_TYPE, overdueEntries } from '../services/reminder-letters';
import { contactsOf, ESCALATION_LADDER, escalationAgencyCode, escalationKeyBase } from '../domain/recipient-policy';
import { recordStepEvent } from './step-event';
import { addSummaries, emptySummary, type SendEscalationInput, type SendSummary } from './activity-types';
import { scheduledAt } from './notify-attempt';
import type { SendDeps } from './send-deps';

export function createSendEscalation(deps: SendDeps) {
  const { prisma, loader, contexts, sendToRecipients, ensureWorkingHours } = deps;

  /**
   * The rungs of the escalation ladder a step names (the agency's focal point and head, the coordinator, the
   * committee), each as ESCALATION_LADDER describes it (../domain/recipient-policy.ts).
   */
  return async function sendEscalation(input: SendEscalationInput): Promise<SendSummary> {
    const loaded = await loader.loadAssignment(input.assignmentId);
    ensureWorkingHours(loaded, input.step);
    let total = emptySummary();
    const ctx = contexts.contextFor(loaded, input.dueAt);
    const keyBase = `${input.assignmentId}#${input.revision}:${input.step}`;
    // The ladder's last step: the coordinator's alert carries the công văn đôn đốc draft for the agency, listing
    // every report it still owes that year.
    const lastStep = input.step === `escalation:${loaded.plan.policy.escalation.length}`;
    const letter = async (): Promise<MailAttachment[]> => {
      const { year } = await prisma.assignment.findUniqueOrThrow({
        where: { id: input.assignmentId },
        select: { year: true },
      });
      const owed = await overdueEntries(prisma, { plan: loaded.a.planCode, year, agency: loaded.a.agencyCode });
      const entries =
        owed.length > 0
          ? owed
          : [
              {
                agencyCode: loaded.a.agencyCode,
                obligationId: loaded.a.obligationId,
                dueDate: localDateOf(input.dueAt),
              },
            ];
      const content = await reminderLetterDocx(reminderLetterOf(loaded.plan, entries, contexts.today()));
      return [{ filename: `cong-van-don-doc-${loaded.a.agencyCode}-${year}.docx`, content, contentType: DOCX_TYPE }];
    };
    for (const target of input.notify) {
      const rung = ESCALATION_LADDER[target];
      const code = escalationAgencyCode(rung.agency, loaded.plan, loaded.a.agencyCode);
      const context = rung.listsOverdueAgency
        ? { ...ctx, overdueAgencies: [ctx.agencyName ?? loaded.a.agencyCode] }
        : ctx;
      const sent = await sendToRecipients(
        loaded,
        escalationKeyBase(keyBase, rung),
        rung.kind,
        contactsOf(loaded.byCode, code, rung.roles),
        context,
        undefined,
        lastStep && target === 'coordinator' ? letter : undefined,
      );
      total = addSummaries(total, sent);
    }
    await recordStepEvent(prisma, {
      assignmentId: input.assignmentId,
      type: 'escalation',
      key: keyBase,
      detail: {
        step: input.step,
        revision: input.revision,
        notify: input.notify,
        scheduledAt: scheduledAt(),
        ...total,
      },
    });
    return total;
  };
}
