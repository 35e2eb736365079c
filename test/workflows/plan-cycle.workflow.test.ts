/**
 * A plan-year cycle lived through in the time-skipping server: applied just before its year begins, it runs the
 * obligation workflows and the campaign (Tháng hành động 15/11–15/12), whose three messages go out on their days,
 * once each, to every participant; the cycle's counts follow the obligations; the cycle closes when they have.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { PlanSchema, type PlanInput } from '../../src/domain/plan-schema';
import { recordSubmission } from '../../src/services/assignment-service';
import { applyPlan } from '../../src/services/plan-service';
import { campaignStatusQuery } from '../../src/workflows/campaign.workflow';
import { cycleStatusQuery } from '../../src/workflows/plan-cycle.workflow';
import type { TestDeps } from '../support/stack';
import { advance, createTimeSkippingHarness } from '../support/temporal';
import { waitFor } from '../support/wait';

// 15/11/2027 is a Monday: notice 14 days before on Monday 1/11, kick-off 15/11, mid reminder Tuesday 30/11.
const plan: PlanInput = {
  code: 'TS-CYCLE',
  title: 'Kế hoạch kiểm thử chu kỳ',
  years: { from: 2027, to: 2027 },
  coordinator: 'SLDTBXH',
  committee: 'UBND',
  agencies: [
    {
      code: 'SLDTBXH',
      name: 'Sở Lao động - Thương binh và Xã hội',
      kind: 'department',
      contacts: [{ role: 'coordinator', email: 'snv@test.vn' }],
    },
    { code: 'UBND', name: 'Ủy ban nhân dân tỉnh', kind: 'committee', contacts: [] },
    { code: 'SYT', name: 'Sở Y tế', kind: 'department', contacts: [{ role: 'focal', email: 'dau-moi@syt.test.vn' }] },
    {
      code: 'HLHPN',
      name: 'Hội Liên hiệp Phụ nữ tỉnh',
      kind: 'organisation',
      contacts: [{ role: 'head', email: 'chu-tich@hlhpn.test.vn' }],
    },
  ],
  groups: { 'thang-hanh-dong': ['SYT', 'HLHPN'] },
  obligations: [
    {
      id: 'bao-cao-nam',
      title: 'Báo cáo năm',
      from: ['SYT', 'HLHPN'],
      to: 'SLDTBXH',
      due: { type: 'yearly', date: '10/12' },
    },
    {
      id: 'tong-hop',
      title: 'Báo cáo tổng hợp kết quả thực hiện',
      kind: 'consolidated-report',
      from: ['SLDTBXH'],
      to: 'UBND',
      due: { type: 'yearly', date: '15/12' },
      gathers: ['bao-cao-nam'],
    },
  ],
  campaigns: [
    {
      id: 'thang-hanh-dong',
      name: 'Tháng hành động vì bình đẳng giới và phòng, chống bạo lực trên cơ sở giới',
      window: { from: '15/11', to: '15/12' },
      participants: 'thang-hanh-dong',
    },
  ],
  policy: { reminders: ['P3D'], escalation: [{ after: 'P1D', notify: ['focal'] }], channels: ['email'] },
};

let h: Awaited<ReturnType<typeof createTimeSkippingHarness>>;
let env: TestWorkflowEnvironment;
let t: TestDeps;
let taskQueue: string;
let worker: Worker;

beforeAll(async () => {
  h = await createTimeSkippingHarness();
  ({ env, t, taskQueue } = h);
  worker = await h.worker();
});

afterAll(async () => {
  await h?.close();
});

const at = (iso: string) => Date.parse(iso);
const campaignMails = async () =>
  (await t.mailbox.list()).filter((m) => m.subject.includes('Tháng hành động')).map((m) => `${m.to} ${m.subject}`);

test('a year of a plan: obligations and a campaign whose messages go out on their days', async () => {
  const p = PlanSchema.parse(plan);
  await worker.runUntil(async () => {
    await advance(env, at('2026-12-31T20:00:00+07:00') - (await env.currentTimeMs()));
    const nowMs = await env.currentTimeMs();
    const report = await applyPlan(
      { prisma: t.db.prisma, temporal: env.client, taskQueue, now: () => new Date(nowMs), schedules: false },
      p,
    );
    expect(report.cycles.running).toEqual([2027]);
    expect(report.workflows.started).toBe(3);
    const cycle = env.client.workflow.getHandle('TS-CYCLE/2027');
    await waitFor('the cycle has taken in both obligations', async () => {
      const s = await cycle.query(cycleStatusQuery);
      return s.total === 3 && s.campaigns.length === 1 ? s : undefined;
    });
    const campaign = env.client.workflow.getHandle('TS-CYCLE/2027/campaign/thang-hanh-dong');

    // The day before each message nothing has gone; the hour after, it has, to both participants.
    await advance(env, at('2027-10-31T12:00:00+07:00') - (await env.currentTimeMs()));
    expect((await campaign.query(campaignStatusQuery)).sent).toEqual([]);
    await advance(env, at('2027-11-01T09:00:00+07:00') - (await env.currentTimeMs()));
    expect((await campaign.query(campaignStatusQuery)).sent).toEqual(['notice']);
    await advance(env, at('2027-11-14T12:00:00+07:00') - (await env.currentTimeMs()));
    expect((await campaign.query(campaignStatusQuery)).sent).toEqual(['notice']);
    await advance(env, at('2027-11-15T09:00:00+07:00') - (await env.currentTimeMs()));
    expect((await campaign.query(campaignStatusQuery)).sent).toEqual(['notice', 'kickoff']);
    await advance(env, at('2027-11-29T12:00:00+07:00') - (await env.currentTimeMs()));
    expect((await campaign.query(campaignStatusQuery)).sent).toEqual(['notice', 'kickoff']);

    // SYT reports before its deadline; HLHPN does not.
    await recordSubmission(
      { prisma: t.db.prisma, temporal: env.client },
      { plan: 'TS-CYCLE', year: 2027, obligation: 'bao-cao-nam', agency: 'SYT', channel: 'cli' },
    );
    await advance(env, at('2027-11-30T09:00:00+07:00') - (await env.currentTimeMs()));
    expect(await campaign.result()).toMatchObject({ sent: ['notice', 'kickoff', 'mid'], skipped: [] });

    const mails = await campaignMails();
    expect(mails).toHaveLength(6);
    for (const to of ['dau-moi@syt.test.vn', 'chu-tich@hlhpn.test.vn']) {
      expect(mails.filter((m) => m.startsWith(`${to} `))).toHaveLength(3);
    }

    // The cycle's counts follow: one submitted; after 10/12 (Friday) and the ladder, one escalated.
    await advance(env, at('2027-12-20T12:00:00+07:00') - (await env.currentTimeMs()));
    const s = await cycle.query(cycleStatusQuery);
    expect(s).toMatchObject({
      total: 3,
      closed: 1,
      byState: { submitted: 1, escalated: 2 },
      reported: ['tong-hop'],
      reportsFailed: [],
    });
    // The consolidated report was compiled three days before its deadline (Wednesday 15/12) and mailed once to
    // the coordinating department, the one submission in it.
    const reports = (await t.mailbox.list()).filter((m) => m.subject.startsWith('[Báo cáo tổng hợp]'));
    expect(reports.map((m) => m.to)).toEqual(['snv@test.vn']);
    const stored = await t.db.prisma.compiledReport.findMany();
    expect(stored.map((r) => [r.obligationId, r.trigger])).toEqual([['tong-hop', 'auto']]);

    // HLHPN reports late; with every obligation closed the cycle closes too.
    await recordSubmission(
      { prisma: t.db.prisma, temporal: env.client },
      {
        ...{ plan: 'TS-CYCLE', year: 2027, obligation: 'bao-cao-nam', agency: 'HLHPN', channel: 'cli' as const },
        // Received now on the server's (skipped) clock, after the deadline.
        receivedAt: new Date(await env.currentTimeMs()),
      },
    );
    await recordSubmission(
      { prisma: t.db.prisma, temporal: env.client },
      {
        ...{ plan: 'TS-CYCLE', year: 2027, obligation: 'tong-hop', agency: 'SLDTBXH', channel: 'cli' as const },
        receivedAt: new Date(await env.currentTimeMs()),
      },
    );
    expect(await cycle.result()).toMatchObject({ total: 3, closed: 3, byState: { submitted: 1, late: 2 } });
  });
});
