/**
 * A plan's Temporal Schedule and cycles on the real dev server: applying a plan that covers this year and two more
 * runs this year's cycle at once and schedules the others (one calendar entry per year, at its start); a Schedule
 * firing starts the year that is due, and only once; re-applying with an added agency reaches the running cycle;
 * pausing and removing the plan pause and remove its Schedule, removing also ends its workflows.
 */
import { randomBytes } from 'node:crypto';
import { ScheduleNotFoundError, type Client } from '@temporalio/client';
import { cycleStarts } from '../../src/domain/cycle-schedule';
import { PlanSchema, type PlanInput } from '../../src/domain/plan-schema';
import { applyPlan, changePlanStatus, planScheduleId, PlanStatusChangeError } from '../../src/services/plan-service';
import { cycleStatusQuery } from '../../src/workflows/plan-cycle.workflow';
import type { TestDeps } from '../support/stack';
import { startDevWorker, type DevWorker } from '../support/dev-worker';
import { waitFor } from '../support/wait';

let w: DevWorker;
let t: TestDeps;
let client: Client;
let taskQueue: string;
const code = `SCHED-${randomBytes(3).toString('hex').toUpperCase()}`;
const year = new Date().getFullYear();

beforeAll(async () => {
  w = await startDevWorker('sched');
  ({ t, client, taskQueue } = w);
});

afterAll(async () => {
  await w?.stop();
});

const count = (query: string) => w.count(query);

// A yearly report on 31/12: this year's is still ahead whatever day the test runs.
const planInput = (agencies: string[], campaigns: PlanInput['campaigns'] = []): PlanInput => ({
  code,
  title: 'Kế hoạch kiểm thử lịch chạy',
  years: { from: year, to: year + 2 },
  coordinator: 'SNV',
  agencies: [
    { code: 'SNV', name: 'Sở Nội vụ', kind: 'department', contacts: [{ role: 'coordinator', email: 'snv@test.vn' }] },
    ...agencies.map((a) => ({
      code: a,
      name: `Đơn vị ${a}`,
      kind: 'department' as const,
      contacts: [{ role: 'focal' as const, email: `${a.toLowerCase()}@test.vn` }],
    })),
  ],
  obligations: [
    { id: 'bao-cao-nam', title: 'Báo cáo năm', from: agencies, to: 'SNV', due: { type: 'yearly', date: '31/12' } },
  ],
  campaigns,
  policy: { reminders: ['P7D'], channels: ['email'] },
});

test('this year runs now, later years are scheduled; a firing starts the due year once; pause and remove', async () => {
  const plan = PlanSchema.parse(planInput(['DV01', 'DV02']));
  const report = await applyPlan({ prisma: t.db.prisma, temporal: client, taskQueue }, plan);
  expect(report.cycles.running).toEqual([year]);
  expect(report.cycles.scheduled.map((s) => s.year)).toEqual([year + 1, year + 2]);
  expect(report.workflows.started).toBe(2);

  // The Schedule, as an operator sees it in the Web UI: one calendar entry per later year, at its cycle start.
  const schedule = client.schedule.getHandle(planScheduleId(code));
  const described = await schedule.describe();
  const starts = cycleStarts(plan).filter((s) => s.year > year);
  expect(described.spec.calendars?.map((c) => c.comment)).toEqual(starts.map((s) => `Chu kỳ ${s.year} (${s.at})`));
  expect(described.action).toMatchObject({ type: 'startWorkflow', workflowType: 'cycleStarterWorkflow' });
  expect(described.state.paused).toBe(false);

  const cycle = client.workflow.getHandle(`${code}/${year}`);
  await waitFor('the cycle counts both agencies', async () =>
    (await cycle.query(cycleStatusQuery)).total === 2 ? true : undefined,
  );

  // Firing now (what the Schedule does at a year's start) finds this year due and its cycle already running: the
  // starter completes without a second cycle.
  await schedule.trigger();
  await waitFor('the starter ran', async () =>
    (await count(
      `WorkflowType = "cycleStarterWorkflow" AND NhacHanPlan = "${code}" AND ExecutionStatus = "Completed"`,
    )) === 1
      ? true
      : undefined,
  );
  expect(await count(`WorkflowType = "planCycleWorkflow" AND NhacHanPlan = "${code}"`)).toBe(1);

  // An agency and a campaign added to the plan: the agency's workflow starts at apply; the campaign only through the
  // running cycle, which the re-apply tells to read the plan again.
  const campaign = {
    id: 'cuoi-nam',
    name: 'Đợt cao điểm cuối năm',
    window: { from: '30/12', to: '31/12' },
    participants: ['DV03'],
  };
  const again = await applyPlan(
    { prisma: t.db.prisma, temporal: client, taskQueue },
    PlanSchema.parse(planInput(['DV01', 'DV02', 'DV03'], [campaign])),
  );
  expect(again.workflows).toMatchObject({ started: 1, existing: 2 });
  await waitFor('the cycle counts the new agency', async () =>
    (await cycle.query(cycleStatusQuery)).total === 3 ? true : undefined,
  );
  expect(
    await count(`NhacHanPlan = "${code}" AND NhacHanAgency = "DV03" AND WorkflowType = "obligationWorkflow"`),
  ).toBe(1);
  await waitFor('the cycle started the new campaign', async () =>
    (await count(`WorkflowId = "${code}/${year}/campaign/cuoi-nam"`)) === 1 ? true : undefined,
  );
  expect((await cycle.query(cycleStatusQuery)).campaigns).toEqual([`${code}/${year}/campaign/cuoi-nam`]);

  // Pause: no new year starts; resume undoes it.
  expect(await changePlanStatus({ prisma: t.db.prisma, temporal: client }, code, 'pause')).toMatchObject({
    status: 'paused',
    schedule: 'paused',
  });
  expect((await schedule.describe()).state.paused).toBe(true);
  expect((await t.db.prisma.plan.findUniqueOrThrow({ where: { code } })).status).toBe('paused');
  await changePlanStatus({ prisma: t.db.prisma, temporal: client }, code, 'resume');
  expect((await schedule.describe()).state.paused).toBe(false);

  // Remove: the Schedule is gone and every running workflow of the plan has ended.
  const removed = await changePlanStatus({ prisma: t.db.prisma, temporal: client }, code, 'remove');
  expect(removed).toMatchObject({ status: 'removed', schedule: 'deleted' });
  // Three obligations and the cycle, and the campaign unless its last message has already gone (late December).
  expect(removed.workflowsStopped).toBeGreaterThanOrEqual(4);
  await expect(schedule.describe()).rejects.toBeInstanceOf(ScheduleNotFoundError);
  await waitFor('nothing of the plan runs', async () =>
    (await count(`NhacHanPlan = "${code}" AND ExecutionStatus = "Running"`)) === 0 ? true : undefined,
  );
});

test('a status change Temporal cannot follow: pause leaves the plan as it was; remove stays recorded and a re-run finishes it', async () => {
  const failing = `${code}-F`;
  const progress: number[] = [];
  await applyPlan(
    { prisma: t.db.prisma, temporal: client, taskQueue, onProgress: (p) => progress.push(p.done) },
    PlanSchema.parse({ ...planInput(['DV01']), code: failing }),
  );
  expect(progress).toEqual([0, 1]); // stored, then the one obligation of this year started
  const schedule = client.schedule.getHandle(planScheduleId(failing));
  // Temporal answers nothing about Schedules (as when the frontend is down after the plan was read).
  const down = new Error('14 UNAVAILABLE: injected');
  const broken = {
    ...client,
    workflow: client.workflow,
    schedule: {
      getHandle: () => ({
        pause: () => Promise.reject(down),
        unpause: () => Promise.reject(down),
        delete: () => Promise.reject(down),
      }),
    },
  } as unknown as Client;
  const status = async () => (await t.db.prisma.plan.findUniqueOrThrow({ where: { code: failing } })).status;

  const paused = changePlanStatus({ prisma: t.db.prisma, temporal: broken }, failing, 'pause');
  await expect(paused).rejects.toBeInstanceOf(PlanStatusChangeError);
  await expect(paused).rejects.toMatchObject({ recorded: false });
  expect(await status()).toBe('active');
  expect((await schedule.describe()).state.paused).toBe(false);

  const removing = changePlanStatus({ prisma: t.db.prisma, temporal: broken }, failing, 'remove');
  await expect(removing).rejects.toMatchObject({ recorded: true });
  await expect(removing).rejects.toThrow(`nhac-han plan remove ${failing}`);
  // Recorded: no cycle and no Schedule firing starts anything new for it from now on.
  expect(await status()).toBe('removed');

  const again = await changePlanStatus({ prisma: t.db.prisma, temporal: client }, failing, 'remove');
  expect(again).toMatchObject({ status: 'removed', schedule: 'deleted' });
  expect(again.workflowsStopped).toBeGreaterThanOrEqual(2);
  await expect(schedule.describe()).rejects.toBeInstanceOf(ScheduleNotFoundError);
  await waitFor('nothing of the plan runs', async () =>
    (await count(`NhacHanPlan = "${failing}" AND ExecutionStatus = "Running"`)) === 0 ? true : undefined,
  );
});

test('TEMPORAL_STARTS_PER_SECOND paces an apply: start k goes out no sooner than k / rate seconds after the first', async () => {
  const paced = `${code}-P`;
  const agencies = Array.from({ length: 12 }, (_, i) => `DV${String(i + 1).padStart(2, '0')}`);
  const rate = 4;
  const seen: { done: number; at: number }[] = [];
  let began = 0;
  await applyPlan(
    {
      prisma: t.db.prisma,
      temporal: client,
      taskQueue,
      schedules: false,
      startsPerSecond: rate,
      onProgress: (p) => {
        if (p.phase === 'stored') began = Date.now();
        else seen.push({ done: p.done, at: Date.now() - began });
      },
    },
    PlanSchema.parse({ ...planInput(agencies), code: paced }),
  );
  // Batches of `rate` starts, one a second: 4, 8, 12 done; the third batch cannot begin before 2 s.
  expect(seen.map((s) => s.done)).toEqual([4, 8, 12]);
  expect(seen[1]!.at).toBeGreaterThanOrEqual(1000 - 20);
  expect(seen[2]!.at).toBeGreaterThanOrEqual(2000 - 20);
  await changePlanStatus({ prisma: t.db.prisma, temporal: client }, paced, 'remove');
});
