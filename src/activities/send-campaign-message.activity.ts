import { AGENCY_ROLES, contactsOf } from '../domain/recipient-policy';
import type { SendCampaignMessageInput, SendSummary } from './activity-types';
import type { SendDeps } from './send-deps';

export function createSendCampaignMessage(deps: Pick<SendDeps, 'loader' | 'contexts' | 'sendToRecipients'>) {
  const { loader, contexts, sendToRecipients } = deps;
  /**
   * One campaign message (notice, kick-off, mid-campaign reminder) to one participant agency's focal points (else
   * head, else coordinator), once: the outbox key names the campaign run, the step and the recipient.
   */
  return async function sendCampaignMessage(input: SendCampaignMessageInput): Promise<SendSummary> {
    const loaded = await loader.loadCampaignTarget(input);
    // The notice asks for the agency's campaign plan before the window opens; the others point at its end.
    const ctx = contexts.contextFor(loaded, `${input.step === 'notice' ? input.start : input.end}T23:59:59+07:00`, {
      campaignName: loaded.plan.campaigns.find((c) => c.id === input.campaignId)?.name ?? input.campaignId,
      campaignStart: input.start,
      campaignEnd: input.end,
      // No submission page: a campaign is not an obligation with a report of its own.
      submitUrl: undefined,
    });
    return sendToRecipients(
      loaded,
      `${input.campaignRunId}#${input.step}:${input.agencyCode}`,
      input.kind,
      contactsOf(loaded.byCode, input.agencyCode, AGENCY_ROLES),
      ctx,
    );
  };
}
