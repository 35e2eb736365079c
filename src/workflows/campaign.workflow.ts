/**
 * One campaign window of one year (e.g. Tháng hành động vì bình đẳng giới, 15/11–15/12): a notice before it opens
 * asking each participant for its campaign plan, a kick-off message on its first working day, a reminder in its
 * middle. The results report, where the plan sets one, is an obligation of its own (`<campaign>-results`), run by
 * an obligation workflow like any other. The instants come from src/domain/cycle-schedule.ts.
 */
import { defineQuery, log, patched, proxyActivities, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import type { createActivities } from '../activities';
import { SEND_RETRY, STALE_STEP_MS, isStaleStep } from '../domain/policies';
import type { CampaignRun } from '../domain/cycle-schedule';

export interface CampaignStatus {
  campaignRunId: string;
  sent: string[];
  skipped: string[];
  next: { step: string; at: string } | null;
}

/** What has been sent and what comes next. */
export const campaignStatusQuery = defineQuery<CampaignStatus>('campaignStatus');

const { sendCampaignMessage } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '1 minute',
  retry: SEND_RETRY,
});

export async function campaignWorkflow(run: CampaignRun): Promise<CampaignStatus> {
  const sent: string[] = [];
  const skipped: string[] = [];
  let index = 0;
  const status = (): CampaignStatus => {
    const s = run.steps[index];
    return {
      campaignRunId: run.id,
      sent: [...sent],
      skipped: [...skipped],
      next: s ? { step: s.step, at: s.at } : null,
    };
  };
  setHandler(campaignStatusQuery, status);

  for (; index < run.steps.length; index++) {
    const step = run.steps[index]!;
    const wait = Date.parse(step.at) - Date.now();
    if (wait > 0) await sleep(wait);
    const at = Date.parse(step.at);
    // Before the patch a step was judged when reached, so an outage of ours that held the workflow back dropped it.
    const stale = patched('stale-at-start')
      ? isStaleStep(at, workflowInfo().runStartTime.getTime(), Date.now(), true)
      : Date.now() - at > STALE_STEP_MS;
    if (stale) {
      skipped.push(step.step);
      continue;
    }
    // Participants are independent: one failing gateway must not hold back the others' messages.
    await Promise.all(
      run.participants.map((agencyCode) =>
        sendCampaignMessage({
          campaignRunId: run.id,
          planCode: run.planCode,
          campaignId: run.campaignId,
          agencyCode,
          step: step.step,
          kind: step.kind,
          start: run.start,
          end: run.end,
        }),
      ),
    );
    sent.push(step.step);
  }
  log.info('campaign done', { campaignRunId: run.id, sent, skipped });
  return status();
}
