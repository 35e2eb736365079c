/**
 * The obligation workflow on Temporal's time-skipping test server, with real activities (cloned PostgreSQL, a
 * real SMTP mailbox): weeks pass in seconds, and every reminder and escalation is checked at its instant.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { PlanSchema, type PlanInput } from '../../src/domain/plan-schema';
import { planCalendar } from '../../src/domain/plan-calendar';
import { applyPlan } from '../../src/services/plan-service';
import { recordSubmission } from '../../src/services/assignment-service';
import { statusQuery } from '../../src/workflows/obligation.workflow';
import { advance, createTimeSkippingHarness } from '../support/temporal';
import { waitFor } from '../support/wait';
import type { TestDeps } from '../support/stack';

// 2027-01-15 is a Friday with no holiday around it: reminders P7D/P3D/P1D fall on Fri 8/1, Tue 12/1, Thu 14/1 at
// 08:00 local; escalations +1 and +3 working days on Mon 18/1 and Wed 20/1 at 08:00.
const plan: PlanInput = {
  code: 'TS-TEST',
  title: 'Kế hoạch kiểm thử',
  years: { from: 2027, to: 2027 },
  coordinator: 'SNV',
  agencies: [
    { code: 'SNV', name: 'Sở Nội vụ', kind: 'department', contacts: [{ role: 'coordinator', email: 'snv@test.vn' }] },
    {
      code: 'SYT',
      name: 'Sở Y tế',
      kind: 'department',
      contacts: [
        { role: 'focal', email: 'dau-moi@syt.test.vn' },
        { role: 'head', email: 'giam-doc@syt.test.vn' },
      ],
    },
    {
      code: 'SGD',
      name: 'Sở Giáo dục và Đào tạo',
      kind: 'department',
      contacts: [{ role: 'focal', email: 'dau-moi@sgd.test.vn' }],
    },
  ],
  obligations: [
    {
      id: 'bao-cao-nam',
      title: 'Báo cáo năm',
      from: ['SYT', 'SGD'],
      to: 'SNV',
      due: { type: 'once', date: '2027-01-15' },
    },
  ],
  policy: {
    reminders: ['P7D', 'P3D', 'P1D'],
    escalation: [
      { after: 'P1D', notify: ['focal', 'head'] },
      { after: 'P3D', notify: ['coordinator'] },
    ],
    channels: ['email'],
  },
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

const mails = async () => (await t.mailbox.list()).reverse();

test('reminds on working days at 08:00, stops after a submission, escalates the agency that never reports', async () => {
  const p = PlanSchema.parse(plan);
  const items = planCalendar(p);
  expect(items.find((i) => i.agency === 'SYT')?.reminders).toEqual([
    '2027-01-08T08:00:00+07:00',
    '2027-01-12T08:00:00+07:00',
    '2027-01-14T08:00:00+07:00',
  ]);
  await worker.runUntil(async () => {
    // The 2027 cycle begins on the last day of 2026 (its first reminder is 8/1); applied then, it starts at once.
    await advance(env, Date.parse('2026-12-31T20:00:00+07:00') - (await env.currentTimeMs()));
    const nowMs = await env.currentTimeMs();
    const report = await applyPlan(
      // The time-skipping server has no Schedules; this plan has one year, started here.
      { prisma: t.db.prisma, temporal: env.client, taskQueue, now: () => new Date(nowMs), schedules: false },
      p,
    );
    expect(report.cycles.running).toEqual([2027]);
    expect(report.workflows.started).toBe(2);
    // Both workflows have run their first task and recorded `pending` before anything lets the clock move.
    await waitFor('both assignments recorded as pending', async () => {
      const rows = await t.db.prisma.assignmentEvent.findMany({ where: { type: 'state:pending' } });
      return new Set(rows.map((r) => r.assignmentId)).size === 2 ? rows : undefined;
    });

    // SGD reports before any reminder; SYT never does. Then time runs to well past the escalation ladder.
    await recordSubmission(
      { prisma: t.db.prisma, temporal: env.client },
      { plan: 'TS-TEST', year: 2027, obligation: 'bao-cao-nam', agency: 'SGD', channel: 'cli' },
    );
    expect((await env.client.workflow.getHandle('TS-TEST/2027/bao-cao-nam/SGD').result()).state).toBe('submitted');
    await advance(env, Date.parse('2027-01-21T00:00:00+07:00') - (await env.currentTimeMs()));

    // Each step ran at its instant on the server's (skipped) clock, recorded as the activity's scheduled time.
    const events = await t.db.prisma.assignmentEvent.findMany({
      where: { assignmentId: 'TS-TEST/2027/bao-cao-nam/SYT', type: { in: ['reminder', 'escalation'] } },
      orderBy: { id: 'asc' },
    });
    const at = (e: (typeof events)[number]) => {
      const d = e.detail as { step: string; scheduledAt: string };
      return [d.step, new Date(Math.round(Date.parse(d.scheduledAt) / 1000) * 1000).toISOString()];
    };
    expect(events.map(at)).toEqual([
      ['reminder:P7D', '2027-01-08T01:00:00.000Z'], // 08:00 Fri 8/1 local
      ['reminder:P3D', '2027-01-12T01:00:00.000Z'],
      ['reminder:P1D', '2027-01-14T01:00:00.000Z'],
      ['escalation:1', '2027-01-18T01:00:00.000Z'], // +1 working day after Fri 15/1
      ['escalation:2', '2027-01-20T01:00:00.000Z'], // +3 working days
    ]);

    const received = await mails();
    const to = (addr: string) => received.filter((m) => m.to === addr).length;
    expect(to('dau-moi@sgd.test.vn')).toBe(0); // silence after the submission
    expect(to('dau-moi@syt.test.vn')).toBe(4); // 3 reminders + the overdue notice
    expect(to('giam-doc@syt.test.vn')).toBe(1); // escalation to the head
    expect(to('snv@test.vn')).toBe(1); // escalation to the coordinator

    const syt = await env.client.workflow.getHandle('TS-TEST/2027/bao-cao-nam/SYT').query(statusQuery);
    expect(syt.state).toBe('escalated');
    expect(syt.remindersSent).toEqual(['reminder:P7D', 'reminder:P3D', 'reminder:P1D']);
    const rows = await t.db.prisma.assignment.findMany({ orderBy: { agencyCode: 'asc' } });
    expect(rows.map((r) => [r.agencyCode, r.state])).toEqual([
      ['SGD', 'submitted'],
      ['SYT', 'escalated'],
    ]);
    // Each email was recorded once in the outbox, and sent.
    const outbox = await t.db.prisma.notification.findMany();
    expect(outbox).toHaveLength(received.length);
    expect(outbox.every((n) => n.status === 'sent')).toBe(true);
  });
});
