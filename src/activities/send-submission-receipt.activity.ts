import { AGENCY_ROLES, contactsOf } from '../domain/recipient-policy';
import type { SendReceiptInput, SendSummary } from './activity-types';
import type { SendDeps } from './send-deps';

export function createSendSubmissionReceipt(deps: Pick<SendDeps, 'loader' | 'contexts' | 'sendToRecipients'>) {
  const { loader, contexts, sendToRecipients } = deps;
  /**
   * Confirms a received submission to the agency's focal points (else head, else coordinator), once per
   * submission: the outbox key names the submission. Called by the web portal right after the submission is
   * recorded, outside a workflow.
   */
  return async function sendSubmissionReceipt(input: SendReceiptInput): Promise<SendSummary> {
    const loaded = await loader.loadAssignment(input.assignmentId);
    return sendToRecipients(
      loaded,
      `${input.assignmentId}#receipt:${input.submissionId}`,
      'submission-receipt',
      contactsOf(loaded.byCode, loaded.a.agencyCode, AGENCY_ROLES),
      contexts.contextFor(loaded, input.dueAt, { receivedAt: input.receivedAt }),
    );
  };
}
