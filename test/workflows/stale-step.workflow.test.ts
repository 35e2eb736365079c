/**
 * A step is missed by design only when it was already long past as the workflow began (a plan applied late), never
 * because our own outage held the workflow back. In the long fault run 2,566 reminders were lost that way: the plan
 * took minutes to apply on a loaded machine, so its first steps fell just before their workflows began, and the
 * worker kills and PostgreSQL stops then held the workflows past ten minutes. Here, on Temporal's time-skipping
 * server with the real activities, the plan is applied five minutes after its first reminder's instant while the
 * database is "away" for twenty minutes: the reminder must still go out once, when it is back. (Campaigns:
 * ./stale-campaign.workflow.test.ts.)
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { PlanSchema, type PlanInput } from '../../src/domain/plan-schema';
import { applyPlan } from '../../src/services/plan-service';
import { statusQuery } from '../../src/workflows/obligation.workflow';
import { advance, createTimeSkippingHarness, databaseAwayError } from '../support/temporal';
import { waitFor } from '../support/wait';
import type { TestDeps } from '../support/stack';

const agency = (code: string, name: string, email: string) => ({
  code,
  name,
  kind: 'department' as const,
  contacts: [{ role: 'focal' as const, email }],
});

const plan: PlanInput = {
  code: 'STALE-TEST',
  title: 'Kế hoạch kiểm thử bước nhắc bị trễ',
  years: { from: 2027, to: 2027 },
  coordinator: 'SNV',
  agencies: [
    { code: 'SNV', name: 'Sở Nội vụ', kind: 'department', contacts: [{ role: 'coordinator', email: 'snv@test.vn' }] },
    agency('SYT', 'Sở Y tế', 'dau-moi@syt.test.vn'),
  ],
  obligations: [
    { id: 'bao-cao-nam', title: 'Báo cáo năm', from: ['SYT'], to: 'SNV', due: { type: 'once', date: '2027-01-15' } },
  ],
  // Fri 8/1 08:00 (7 days before) and Wed 13/1 08:00.
  policy: { reminders: ['P7D', 'P2D'], escalation: [], channels: ['email'] },
};

let h: Awaited<ReturnType<typeof createTimeSkippingHarness>>;
let env: TestWorkflowEnvironment;
let t: TestDeps;

beforeAll(async () => {
  h = await createTimeSkippingHarness('stale');
  ({ env, t } = h);
});

afterAll(async () => {
  await h?.close();
});

test('a step just before the workflow began, reached 25 minutes late because the database was away, is still sent', async () => {
  const id = 'STALE-TEST/2027/bao-cao-nam/SYT';
  let databaseAway = true;
  let refused = 0;
  const worker = await h.worker((real) => ({
    recordState: async (input) => {
      if (databaseAway && input.assignmentId === id) {
        refused++;
        throw databaseAwayError();
      }
      return real.recordState(input);
    },
  }));
  await worker.runUntil(async () => {
    // Five minutes after the first reminder's instant (Fri 8/1 08:00): a slow apply on a loaded machine.
    await advance(env, Date.parse('2027-01-08T08:05:00+07:00') - (await env.currentTimeMs()));
    const nowMs = await env.currentTimeMs();
    await applyPlan(
      {
        prisma: t.db.prisma,
        temporal: env.client,
        taskQueue: h.taskQueue,
        now: () => new Date(nowMs),
        schedules: false,
      },
      PlanSchema.parse(plan),
    );
    await waitFor('the workflow held back by the database', async () => (refused > 0 ? true : undefined));
    await advance(env, 20 * 60_000);
    databaseAway = false;
    // Past the store retries' next attempt (their backoff reaches 10 minutes), not yet the second reminder.
    await advance(env, 15 * 60_000);
    const status = await waitFor('the late reminder', async () => {
      const s = await env.client.workflow.getHandle(id).query(statusQuery);
      return s.remindersSent.length > 0 ? s : undefined;
    });
    expect(status.remindersSent).toEqual(['reminder:P7D']);
    const mails = await t.mailbox.list();
    expect(mails.filter((m) => m.to === 'dau-moi@syt.test.vn')).toHaveLength(1);
  });
});
