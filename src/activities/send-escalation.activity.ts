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
