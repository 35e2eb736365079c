/**
 * A send that fails for longer than any fixed number of attempts, because our own parts are away (the database
 * stopped, workers killed), must delay the agency's reminders, never end its workflow. On Temporal's time-skipping
 * server with the real activities, the reminder's activity fails 15 times in a row (more than the outbox's 12
 * chances at a message, which count only attempts that reached the provider), then the database "returns": the
 * reminder goes out once and the later escalation still follows.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { PlanSchema, type PlanInput } from '../../src/domain/plan-schema';
import { applyPlan } from '../../src/services/plan-service';
import { statusQuery } from '../../src/workflows/obligation.workflow';
import { advance, createTimeSkippingHarness, databaseAwayError } from '../support/temporal';
import { waitFor } from '../support/wait';
import type { TestDeps } from '../support/stack';

const plan: PlanInput = {
  code: 'OUTAGE-TEST',
  title: 'Kế hoạch kiểm thử sự cố cơ sở dữ liệu',
  years: { from: 2027, to: 2027 },
  coordinator: 'SNV',
  agencies: [
    { code: 'SNV', name: 'Sở Nội vụ', kind: 'department', contacts: [{ role: 'coordinator', email: 'snv@test.vn' }] },
    { code: 'SYT', name: 'Sở Y tế', kind: 'department', contacts: [{ role: 'focal', email: 'dau-moi@syt.test.vn' }] },
  ],
  obligations: [
    { id: 'bao-cao-nam', title: 'Báo cáo năm', from: ['SYT'], to: 'SNV', due: { type: 'once', date: '2027-01-15' } },
  ],
  policy: { reminders: ['P7D'], escalation: [{ after: 'P1D', notify: ['focal'] }], channels: ['email'] },
};

const FAILURES = 15;

let h: Awaited<ReturnType<typeof createTimeSkippingHarness>>;
let env: TestWorkflowEnvironment;
let t: TestDeps;

beforeAll(async () => {
  h = await createTimeSkippingHarness('outage');
  ({ env, t } = h);
});

afterAll(async () => {
  await h?.close();
});

test('a reminder whose activity fails 15 times in a row is sent once when the database is back; the workflow goes on', async () => {
  let calls = 0;
  const worker = await h.worker((real) => ({
    sendReminder: async (input) => {
      calls++;
      if (calls <= FAILURES) throw databaseAwayError();
      return real.sendReminder(input);
    },
  }));
  const id = 'OUTAGE-TEST/2027/bao-cao-nam/SYT';
  await worker.runUntil(async () => {
    await advance(env, Date.parse('2026-12-31T20:00:00+07:00') - (await env.currentTimeMs()));
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
    await waitFor('the assignment recorded as pending', async () =>
      (await t.db.prisma.assignmentEvent.count({ where: { assignmentId: id, type: 'state:pending' } })) > 0
        ? true
        : undefined,
    );
    // To past the escalation (+1 working day after Fri 15/1): the retries' backoff (up to 10 min) passes with it.
    await advance(env, Date.parse('2027-01-19T00:00:00+07:00') - (await env.currentTimeMs()));
    const status = await waitFor('the escalation after the late reminder', async () => {
      const s = await env.client.workflow.getHandle(id).query(statusQuery);
      return s.escalationsSent.length > 0 ? s : undefined;
    });
    expect(calls).toBe(FAILURES + 1);
    expect(status.remindersSent).toEqual(['reminder:P7D']);
    expect(status.state).toBe('escalated');
    const { status: run } = await env.client.workflow.getHandle(id).describe();
    expect(run.name).toBe('RUNNING');
    const mails = await t.mailbox.list();
    // The reminder once, then the escalation to the focal point.
    expect(mails.filter((m) => m.to === 'dau-moi@syt.test.vn')).toHaveLength(2);
    const rows = await t.db.prisma.notification.findMany({ where: { assignmentId: id } });
    expect(rows.map((r) => r.status)).toEqual(['sent', 'sent']);
  });
});
