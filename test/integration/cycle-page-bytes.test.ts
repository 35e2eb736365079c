/**
 * A cycle whose obligations carry many reminder steps reads them in pages that Temporal accepts. The dev server,
 * like every Temporal server, refuses an activity result over 2 MB and fails the activity for good: 200 obligations
 * with 150 reminder steps each made one 200-obligation page weigh about 3 MB, and the cycle workflow failed before
 * it had started a single obligation (seen in the fault suite's long form, 2026-12-07). Pages now end at a byte
 * budget; the cycle starts every obligation once.
 */
import { randomBytes } from 'node:crypto';
import { PAGE_BYTES, createCycleActivities } from '../../src/activities/cycle-activities';
import { cycleWorkflowId } from '../../src/domain/cycle-schedule';
import { demoPlan } from '../../src/domain/demo-plan';
import { PlanSchema } from '../../src/domain/plan-schema';
import { storePlanOnly } from '../../src/services/plan-service';
import { cycleStatusQuery, planCycleWorkflow } from '../../src/workflows/plan-cycle.workflow';
import { startDevWorker, type DevWorker } from '../support/dev-worker';
import { waitFor } from '../support/wait';

const AGENCIES = 200;
const STEPS = 150;
let w: DevWorker;

beforeAll(async () => {
  w = await startDevWorker('pagebytes');
});

afterAll(async () => {
  await w?.stop();
});

test('200 obligations of 150 reminder steps each: pages under the budget, every obligation started once', async () => {
  const code = `PAGE-${randomBytes(3).toString('hex').toUpperCase()}`;
  const plan = PlanSchema.parse(
    demoPlan({
      agencies: AGENCIES,
      // Far enough that no step comes during the test: only the starts are looked at.
      dueIn: 'P20D',
      reminders: Array.from({ length: STEPS }, (_, i) => `PT${(i + 1) * 60}M`),
      escalateAfter: ['P1D'],
      now: new Date(),
      code,
    }),
  );
  const year = plan.years.from;
  const { prisma } = w.t.db;
  await storePlanOnly(prisma, plan);

  // The pages themselves: each under the budget, together every obligation once, in order.
  const { cyclePage } = createCycleActivities({ prisma });
  const ids: string[] = [];
  for (let offset = 0, pages = 0; ; pages++) {
    expect(pages).toBeLessThan(AGENCIES);
    const page = await cyclePage({ planCode: code, year, offset, limit: 200 });
    expect(Buffer.byteLength(JSON.stringify(page.starts))).toBeLessThanOrEqual(PAGE_BYTES);
    ids.push(...page.starts.map((s) => s.workflowId));
    if (page.nextOffset === undefined || page.nextOffset >= page.total) break;
    expect(page.nextOffset).toBe(offset + page.starts.length);
    offset = page.nextOffset;
  }
  expect(ids).toHaveLength(AGENCIES);
  expect(new Set(ids).size).toBe(AGENCIES);

  await w.client.workflow.start(planCycleWorkflow, {
    workflowId: cycleWorkflowId(code, year),
    taskQueue: w.taskQueue,
    args: [{ planCode: code, year }],
  });
  const cycle = w.client.workflow.getHandle(cycleWorkflowId(code, year));
  const status = await waitFor(
    'the cycle has started every obligation',
    async () => {
      const d = await cycle.describe();
      if (d.status.name !== 'RUNNING') throw new Error(`the cycle is ${d.status.name}`);
      const s = await cycle.query(cycleStatusQuery);
      return s.total === AGENCIES && !s.syncing ? s : undefined;
    },
    180_000,
  );
  expect(status.total).toBe(AGENCIES);
  let started = 0;
  for await (const _ of w.client.workflow.list({
    query: `NhacHanPlan = "${code}" AND WorkflowType = "obligationWorkflow"`,
  })) {
    started++;
  }
  expect(started).toBe(AGENCIES);
  await cycle.terminate('test over');
  for (const id of ids) await w.client.workflow.getHandle(id).terminate('test over');
}, 300_000);
