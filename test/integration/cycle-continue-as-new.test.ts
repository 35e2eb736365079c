/**
 * A cycle whose history is cut short again and again (continue-as-new at 60 events instead of 8,000) still does
 * its work once: each obligation workflow started once, each reminder and escalation sent once, every agency's
 * state carried from run to run, and the cycle closed with all of them at the end.
 *
 * On the dev server in real time: in Temporal's time-skipping test server (1.35) the clock stopped skipping once a
 * cycle had continued as new while its children signalled it (a timer 41 days ahead waited in real time).
 */
import { randomBytes } from 'node:crypto';
import { cycleWorkflowId } from '../../src/domain/cycle-schedule';
import { demoPlan } from '../../src/domain/demo-plan';
import { PlanSchema } from '../../src/domain/plan-schema';
import { recordSubmission } from '../../src/services/assignment-service';
import { storePlanOnly } from '../../src/services/plan-service';
import { cycleStatusQuery, planCycleWorkflow } from '../../src/workflows/plan-cycle.workflow';
import { startDevWorker, type DevWorker } from '../support/dev-worker';
import { waitFor } from '../support/wait';

const AGENCIES = 30;
let w: DevWorker;

beforeAll(async () => {
  w = await startDevWorker('can');
});

afterAll(async () => {
  await w?.stop();
});

test('a cycle that continues as new every few dozen events loses and repeats nothing', async () => {
  const code = `CAN-${randomBytes(3).toString('hex').toUpperCase()}`;
  const plan = PlanSchema.parse(
    demoPlan({
      agencies: AGENCIES,
      // The on-time half must have reported before the reminder (45 s): room for a loaded CI machine.
      dueIn: 'PT90S',
      reminders: ['PT45S'],
      escalateAfter: ['PT5S'],
      now: new Date(),
      code,
    }),
  );
  const year = plan.years.from;
  const dueAt = Date.parse(String((plan.obligations[0]!.due as { at: string }).at));
  const codes = plan.agencies.filter((a) => a.code.startsWith('DV')).map((a) => a.code);
  expect(codes).toHaveLength(AGENCIES);
  const { prisma } = w.t.db;
  await storePlanOnly(prisma, plan);
  // As the Schedule or a plan apply starts it, but with the hand-over threshold lowered.
  await w.client.workflow.start(planCycleWorkflow, {
    workflowId: cycleWorkflowId(code, year),
    taskQueue: w.taskQueue,
    args: [{ planCode: code, year, maxHistoryEvents: 60 }],
  });
  const cycle = w.client.workflow.getHandle(cycleWorkflowId(code, year));
  await waitFor('the cycle has started every obligation', async () => {
    const s = await cycle.query(cycleStatusQuery);
    return s.total === AGENCIES && !s.syncing ? s : undefined;
  });

  // The first half reports at once; the rest stay silent through the reminder, the deadline and the escalation.
  const onTime = codes.slice(0, AGENCIES / 2);
  const late = codes.slice(AGENCIES / 2);
  const obligation = plan.obligations[0]!.id;
  for (const agency of onTime) {
    await recordSubmission({ prisma, temporal: w.client }, { plan: code, year, obligation, agency, channel: 'cli' });
  }
  const escalated = await waitFor(
    'every late agency escalated',
    async () => {
      const s = await cycle.query(cycleStatusQuery);
      return s.byState.escalated === late.length ? s : undefined;
    },
    Math.max(dueAt + 60_000 - Date.now(), 10_000),
  );
  expect(escalated).toMatchObject({ total: AGENCIES, closed: onTime.length, byState: { submitted: onTime.length } });

  // Once each: the late agencies' focal points had the reminder and the overdue notice, their heads the
  // escalation; the agencies that reported, nothing.
  const mails = await w.t.mailbox.list();
  const ids = mails.map((m) => m.messageId);
  expect(new Set(ids).size).toBe(ids.length);
  for (const c of codes) {
    const n = c.slice(2);
    const got = {
      agency: c,
      focal: mails.filter((m) => m.to === `dau-moi-${n}@demo.nhac-han.test`).length,
      head: mails.filter((m) => m.to === `thu-truong-${n}@demo.nhac-han.test`).length,
    };
    expect(got).toEqual({ agency: c, ...(late.includes(c) ? { focal: 2, head: 1 } : { focal: 0, head: 0 }) });
  }

  for (const agency of late) {
    await recordSubmission({ prisma, temporal: w.client }, { plan: code, year, obligation, agency, channel: 'cli' });
  }
  const result = await cycle.result();
  expect(result).toMatchObject({
    total: AGENCIES,
    closed: AGENCIES,
    byState: { submitted: onTime.length, late: late.length },
  });
  // Some 30 child starts and 100 signals from them: many hand-overs, each history short.
  expect(result.run).toBeGreaterThan(3);
  expect((await cycle.describe()).historyLength).toBeLessThan(150);
  expect(await prisma.assignment.count({ where: { planCode: code } })).toBe(AGENCIES);
  const started = await w.count(`WorkflowType = "obligationWorkflow" AND NhacHanPlan = "${code}"`);
  expect(started).toBe(AGENCIES);
}, 240_000);
