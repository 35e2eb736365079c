/**
 * The reminder after a long break, end to end on Temporal's time-skipping server with real activities (cloned
 * PostgreSQL, a real SMTP mailbox): a deadline on the day offices reopen after Tết 2027 gets its day-based reminders
 * merged before Tết and one more the morning they reopen, each sent once, at its instant, by the obligation workflow
 * that `plan apply` started with the plan calendar's instants.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { longBreaksBetween } from '../../src/domain/long-break';
import { planCalendar } from '../../src/domain/plan-calendar';
import { PlanSchema, type PlanInput } from '../../src/domain/plan-schema';
import { applyPlan } from '../../src/services/plan-service';
import { statusQuery } from '../../src/workflows/obligation.workflow';
import { advance, createTimeSkippingHarness } from '../support/temporal';
import { waitFor } from '../support/wait';
import type { TestDeps } from '../support/stack';

// Tết Đinh Mùi: the longest run of days off in January–February 2027, as the calendar has it.
const [tet] = longBreaksBetween('2027-01-05', '2027-02-28', {}).sort((a, b) => b.days - a.days);
if (!tet) throw new Error('no Tết break in 2027');

const plan: PlanInput = {
  code: 'TET-TEST',
  title: 'Kế hoạch kiểm thử sau Tết',
  years: { from: 2027, to: 2027 },
  coordinator: 'SNV',
  agencies: [
    { code: 'SNV', name: 'Sở Nội vụ', kind: 'department', contacts: [{ role: 'coordinator', email: 'snv@test.vn' }] },
    { code: 'SYT', name: 'Sở Y tế', kind: 'department', contacts: [{ role: 'focal', email: 'dau-moi@syt.test.vn' }] },
  ],
  obligations: [
    { id: 'sau-tet', title: 'Báo cáo sau Tết', from: ['SYT'], to: 'SNV', due: { type: 'once', date: tet.reopens } },
  ],
  policy: { reminders: ['P7D', 'P3D'], escalation: [], channels: ['email'] },
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

test('P7D and P3D merge before Tết and go out once; the after-break reminder goes out the morning offices reopen', async () => {
  const p = PlanSchema.parse(plan);
  const [item] = planCalendar(p);
  const afterBreak = `reminder:after-break:${tet.reopens}`;
  expect(item?.reminderSteps.map((r) => r.step)).toEqual(['reminder:P7D', afterBreak]);
  expect(item?.mergedReminders.map((m) => m.steps)).toEqual([['reminder:P7D', 'reminder:P3D']]);
  const instants = item?.reminderSteps.map((r) => new Date(r.at).toISOString()) ?? [];
  expect(instants[1]).toBe(new Date(`${tet.reopens}T08:00:00+07:00`).toISOString());
  const id = 'TET-TEST/2027/sau-tet/SYT';

  await worker.runUntil(async () => {
    await advance(env, Date.parse('2026-12-31T20:00:00+07:00') - (await env.currentTimeMs()));
    const nowMs = await env.currentTimeMs();
    const report = await applyPlan(
      { prisma: t.db.prisma, temporal: env.client, taskQueue, now: () => new Date(nowMs), schedules: false },
      p,
    );
    expect(report.workflows.started).toBe(1);
    await waitFor('the assignment recorded as pending', async () => {
      const rows = await t.db.prisma.assignmentEvent.findMany({ where: { type: 'state:pending' } });
      return rows.length === 1 ? rows : undefined;
    });
    // To the evening of the deadline: both reminders are due by then.
    await advance(env, Date.parse(`${tet.reopens}T18:00:00+07:00`) - (await env.currentTimeMs()));
    await waitFor('two reminders recorded', async () => {
      const rows = await t.db.prisma.assignmentEvent.findMany({ where: { assignmentId: id, type: 'reminder' } });
      return rows.length === 2 ? rows : undefined;
    });

    const events = await t.db.prisma.assignmentEvent.findMany({
      where: { assignmentId: id, type: 'reminder' },
      orderBy: { id: 'asc' },
    });
    expect(
      events.map((e) => {
        const d = e.detail as { step: string; scheduledAt: string };
        return [d.step, new Date(Math.round(Date.parse(d.scheduledAt) / 1000) * 1000).toISOString()];
      }),
    ).toEqual([
      ['reminder:P7D', instants[0]],
      [afterBreak, instants[1]],
    ]);
    const status = await env.client.workflow.getHandle(id).query(statusQuery);
    expect(status.remindersSent).toEqual(['reminder:P7D', afterBreak]);
    const received = (await t.mailbox.list()).filter((m) => m.to === 'dau-moi@syt.test.vn');
    expect(received).toHaveLength(2);
    expect(await t.db.prisma.notification.count({ where: { status: 'sent' } })).toBe(2);
  });
});
