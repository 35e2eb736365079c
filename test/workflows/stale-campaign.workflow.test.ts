/**
 * A campaign's step is missed by design only when it was already long past as the campaign's workflow began, never
 * because our own outage held the workflow back (src/domain/policies.ts `isStaleStep`). On Temporal's time-skipping
 * server with the real activities, the notice cannot go for a day (the database "away"), which holds the workflow
 * past the kick-off: the kick-off must still go out when it reaches it. (Its own file: a worker shut down in an
 * earlier test of the file keeps the first plan's workflows on its sticky queue, and the time-skipping server never
 * lets that queue's timeout pass.)
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { PlanSchema, type PlanInput } from '../../src/domain/plan-schema';
import { applyPlan } from '../../src/services/plan-service';
import { campaignStatusQuery } from '../../src/workflows/campaign.workflow';
import { advance, createTimeSkippingHarness, databaseAwayError } from '../support/temporal';
import { waitFor } from '../support/wait';
import type { TestDeps } from '../support/stack';

let h: Awaited<ReturnType<typeof createTimeSkippingHarness>>;
let env: TestWorkflowEnvironment;
let t: TestDeps;

beforeAll(async () => {
  h = await createTimeSkippingHarness('stale-campaign');
  ({ env, t } = h);
});

afterAll(async () => {
  await h?.close();
});

const campaignPlan: PlanInput = {
  code: 'STALE-CAMPAIGN',
  title: 'Kế hoạch kiểm thử chiến dịch bị trễ',
  years: { from: 2027, to: 2027 },
  coordinator: 'SNV',
  agencies: [
    { code: 'SNV', name: 'Sở Nội vụ', kind: 'department', contacts: [{ role: 'coordinator', email: 'snv@test.vn' }] },
    { code: 'SYT', name: 'Sở Y tế', kind: 'department', contacts: [{ role: 'focal', email: 'dau-moi@syt.test.vn' }] },
  ],
  groups: { 'thang-hanh-dong': ['SYT'] },
  obligations: [
    { id: 'bao-cao-nam', title: 'Báo cáo năm', from: ['SYT'], to: 'SNV', due: { type: 'yearly', date: '10/12' } },
  ],
  // 16/11/2027 is a Tuesday: notice on Monday 15/11, kick-off on Tuesday 16/11 (one day of retries to live through).
  campaigns: [
    {
      id: 'thang-hanh-dong',
      name: 'Tháng hành động vì bình đẳng giới và phòng, chống bạo lực trên cơ sở giới',
      window: { from: '16/11', to: '15/12' },
      noticeBefore: 'P1D',
      participants: 'thang-hanh-dong',
    },
  ],
  policy: { reminders: ['P3D'], escalation: [], channels: ['email'] },
};

test('a campaign kick-off reached late, its workflow held back by a notice that could not go for a day, is still sent', async () => {
  const campaign = env.client.workflow.getHandle('STALE-CAMPAIGN/2027/campaign/thang-hanh-dong');
  const backAt = Date.parse('2027-11-16T10:00:00+07:00');
  let refused = 0;
  const worker = await h.worker((real) => ({
    sendCampaignMessage: async (input) => {
      if (input.step === 'notice' && (await env.currentTimeMs()) < backAt) {
        refused++;
        throw databaseAwayError();
      }
      return real.sendCampaignMessage(input);
    },
  }));
  await worker.runUntil(async () => {
    await advance(env, Date.parse('2027-10-20T09:00:00+07:00') - (await env.currentTimeMs()));
    const nowMs = await env.currentTimeMs();
    await applyPlan(
      {
        prisma: t.db.prisma,
        temporal: env.client,
        taskQueue: h.taskQueue,
        now: () => new Date(nowMs),
        schedules: false,
      },
      PlanSchema.parse(campaignPlan),
    );
    await waitFor('the campaign under way', async () =>
      (await campaign.query(campaignStatusQuery).catch(() => undefined))?.next?.step === 'notice' ? true : undefined,
    );
    // The notice (Mon 15/11) fails until 10:00 on the kick-off day (Tue 16/11, 08:00); past the retries' next attempt.
    await advance(env, backAt + 20 * 60_000 - (await env.currentTimeMs()));
    const status = await waitFor('the late kick-off', async () => {
      const s = await campaign.query(campaignStatusQuery);
      return s.sent.includes('kickoff') || s.skipped.includes('kickoff') ? s : undefined;
    });
    expect(refused).toBeGreaterThan(100);
    expect(status).toMatchObject({ sent: ['notice', 'kickoff'], skipped: [] });
  });
});
