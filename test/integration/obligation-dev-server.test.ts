/**
 * The obligation workflow on the real Temporal dev server (started by the global setup) with real PostgreSQL and a
 * real SMTP server, in real time: updates with validators, search-attribute filters an operator would type, and a
 * submission that silences the reminders while the other agency is escalated.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { demoPlan } from '../../src/domain/demo-plan';
import { PlanSchema } from '../../src/domain/plan-schema';
import { extendDeadline } from '../../src/services/assignment-actions';
import { recordSubmission } from '../../src/services/assignment-service';
import { applyPlan } from '../../src/services/plan-service';
import { extendDeadlineUpdate, statusQuery } from '../../src/workflows/obligation.workflow';
import type { TestDeps } from '../support/stack';
import { startDevWorker, type DevWorker } from '../support/dev-worker';
import { waitFor } from '../support/wait';

let w: DevWorker;
let t: TestDeps;
let client: Client;
let taskQueue: string;
const code = `DEV-${randomBytes(3).toString('hex').toUpperCase()}`;

beforeAll(async () => {
  w = await startDevWorker('dev');
  ({ t, client, taskQueue } = w);
});

afterAll(async () => {
  await w?.stop();
});

const count = (query: string) => w.count(query);

test('reminders, a submission, an escalation, updates and the operator filters, on the dev server', async () => {
  const plan = PlanSchema.parse(
    demoPlan({ agencies: 2, dueIn: 'PT8S', reminders: ['PT6S'], escalateAfter: ['PT2S'], now: new Date(), code }),
  );
  const report = await applyPlan({ prisma: t.db.prisma, temporal: client, taskQueue }, plan);
  expect(report.workflows.started).toBe(2);
  const id1 = `${code}/${plan.years.from}/bao-cao-thu/DV01`;
  const id2 = `${code}/${plan.years.from}/bao-cao-thu/DV02`;

  // Re-applying the same plan starts nothing and sends nothing twice.
  const again = await applyPlan({ prisma: t.db.prisma, temporal: client, taskQueue }, plan);
  expect(again).toMatchObject({ unchanged: true, workflows: { started: 0, existing: 2 } });

  // The plan's obligations, and the plan-year cycle that owns them, each one filter away.
  await waitFor('both plan workflows listed by plan', async () =>
    (await count(`NhacHanPlan = "${code}" AND WorkflowType = "obligationWorkflow"`)) === 2 ? true : undefined,
  );
  await waitFor('the cycle listed by plan and year', async () =>
    (await count(
      `NhacHanPlan = "${code}" AND NhacHanYear = ${plan.years.from} AND WorkflowType = "planCycleWorkflow"`,
    )) === 1
      ? true
      : undefined,
  );

  // An extension to an earlier instant, or without a reason, is refused before it reaches history.
  const h1 = client.workflow.getHandle(id1);
  await expect(
    h1.executeUpdate(extendDeadlineUpdate, {
      args: [{ newDueAt: '2020-01-01T00:00:00+07:00', reason: 'x', coordinator: 'c', reminders: [], escalations: [] }],
    }),
  ).rejects.toThrow(WorkflowUpdateFailedError);
  await expect(
    h1.executeUpdate(extendDeadlineUpdate, {
      args: [{ newDueAt: '2099-01-01T00:00:00+07:00', reason: '', coordinator: 'c', reminders: [], escalations: [] }],
    }),
  ).rejects.toMatchObject({ cause: { message: expect.stringContaining('lý do') } });

  // The first reminder reaches both focal points; then DV01 reports.
  await waitFor('first reminders', async () => ((await t.mailbox.list()).length >= 2 ? true : undefined), 20_000);
  await recordSubmission(
    { prisma: t.db.prisma, temporal: client },
    { plan: code, year: plan.years.from, obligation: 'bao-cao-thu', agency: 'DV01', channel: 'cli' },
  );
  const done1 = await h1.result();
  expect(done1.state).toBe('submitted');

  await waitFor(
    'DV02 escalated',
    async () => ((await client.workflow.getHandle(id2).query(statusQuery)).state === 'escalated' ? true : undefined),
    30_000,
  );
  await waitFor('the operator filter finds exactly the escalated agency', async () =>
    (await count(`NhacHanPlan = "${code}" AND NhacHanState = "escalated"`)) === 1 &&
    (await count(`NhacHanPlan = "${code}" AND NhacHanAgency = "DV02" AND NhacHanState = "escalated"`)) === 1
      ? true
      : undefined,
  );

  const mails = await t.mailbox.list();
  const to = (addr: string) => mails.filter((m) => m.to === addr).map((m) => m.subject);
  expect(to('dau-moi-01@demo.nhac-han.test')).toHaveLength(1); // one reminder, then silence
  expect(to('dau-moi-02@demo.nhac-han.test')).toHaveLength(2); // the reminder and the overdue notice
  expect(to('thu-truong-02@demo.nhac-han.test')).toHaveLength(1); // escalation to the head
  expect(to('thu-truong-01@demo.nhac-han.test')).toHaveLength(0);

  // Extending DV02's deadline re-targets its reminders: the new one is sent with the new revision.
  const h2 = client.workflow.getHandle(id2);
  const newDue = new Date(Date.now() + 4000).toISOString();
  const s = await h2.executeUpdate(extendDeadlineUpdate, {
    args: [
      {
        newDueAt: newDue,
        reason: 'Chờ số liệu',
        coordinator: 'dieu-phoi@demo.nhac-han.test',
        reminders: [{ step: 'reminder:PT2S', at: new Date(Date.now() + 2000).toISOString(), kind: 'due-today' }],
        escalations: [],
      },
    ],
  });
  expect(s).toMatchObject({ state: 'pending', revision: 1 });
  await waitFor(
    'the moved reminder',
    async () => (
      to('dau-moi-02@demo.nhac-han.test').length,
      (await t.mailbox.list()).filter((m) => m.to === 'dau-moi-02@demo.nhac-han.test').length === 3 ? true : undefined
    ),
  );
  const rows = await t.db.prisma.assignment.findMany({ where: { planCode: code }, orderBy: { agencyCode: 'asc' } });
  expect(rows.map((r) => r.state)).toEqual(['submitted', 'pending']);

  // These histories must keep replaying with every future version of the workflow code.
  await Worker.runReplayHistory({ workflowsPath: require.resolve('../../src/workflows') }, await h1.fetchHistory());
  await Worker.runReplayHistory({ workflowsPath: require.resolve('../../src/workflows') }, await h2.fetchHistory());
  if (process.env.NHAC_HAN_RECORD_HISTORIES === '1') {
    // Refreshes the fixtures replayed by test/workflows/replay.test.ts; run deliberately, then review the diff.
    const dir = path.join(__dirname, '..', 'fixtures', 'histories');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'obligation-submitted.binpb'),
      temporal.api.history.v1.History.encode(await h1.fetchHistory()).finish(),
    );
    fs.writeFileSync(
      path.join(dir, 'obligation-escalated-extended.binpb'),
      temporal.api.history.v1.History.encode(await h2.fetchHistory()).finish(),
    );
  }
});

test('re-applying a plan with a moved deadline re-targets the running workflows, without new ones', async () => {
  const code2 = `MOVE-${randomBytes(3).toString('hex').toUpperCase()}`;
  const now = new Date();
  const v1 = PlanSchema.parse(
    demoPlan({ agencies: 1, dueIn: 'PT10M', reminders: ['PT9M'], escalateAfter: ['PT1M'], now, code: code2 }),
  );
  expect((await applyPlan({ prisma: t.db.prisma, temporal: client, taskQueue }, v1)).workflows.started).toBe(1);
  const id = `${code2}/${v1.years.from}/bao-cao-thu/DV01`;

  // The plan file now says the deadline is in 6 s, with a reminder 3 s before it.
  const v2 = PlanSchema.parse(
    demoPlan({
      agencies: 1,
      dueIn: 'PT6S',
      reminders: ['PT3S'],
      escalateAfter: ['PT1M'],
      now: new Date(),
      code: code2,
    }),
  );
  const report = await applyPlan({ prisma: t.db.prisma, temporal: client, taskQueue }, v2);
  expect(report.assignments.moved).toBe(1);
  expect(report.workflows).toMatchObject({ started: 0, existing: 1, rescheduled: 1 });

  const s = await client.workflow.getHandle(id).query(statusQuery);
  expect(s).toMatchObject({
    revision: 1,
    dueAt: new Date(v2.obligations[0]!.due.type === 'instant' ? v2.obligations[0]!.due.at : 0).toISOString(),
  });
  await waitFor(
    'the rescheduled reminder',
    async () =>
      (await t.db.prisma.notification.count({ where: { assignmentId: id, channel: 'email' } })) >= 1 ? true : undefined,
    20_000,
  );
  const rows = await t.db.prisma.notification.findMany({ where: { assignmentId: id, channel: 'email' } });
  expect(rows.map((r) => r.key)).toEqual([`${id}#1:reminder:PT3S:email:dau-moi-01@demo.nhac-han.test`]);
  await client.workflow.getHandle(id).terminate('test done');
});

test('re-applying the same plan file keeps a deadline extended for one agency', async () => {
  const code3 = `KEEP-${randomBytes(3).toString('hex').toUpperCase()}`;
  const plan = PlanSchema.parse(
    demoPlan({
      agencies: 1,
      dueIn: 'PT10M',
      reminders: ['PT9M'],
      escalateAfter: ['PT1M'],
      now: new Date(),
      code: code3,
    }),
  );
  await applyPlan({ prisma: t.db.prisma, temporal: client, taskQueue }, plan);
  const key = { plan: code3, year: plan.years.from, obligation: 'bao-cao-thu', agency: 'DV01' };
  const id = `${code3}/${plan.years.from}/bao-cao-thu/DV01`;
  const newDueDate = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
  const { dueAt } = await extendDeadline({ prisma: t.db.prisma, temporal: client }, key, {
    newDueDate,
    reason: 'Cơ quan đề nghị',
    coordinator: { userId: null, email: 'dieu-phoi@test' },
  });
  // The workflow records it through an activity: on a loaded machine that can take longer than the default 30 s.
  await waitFor(
    'the extended due date stored',
    async () =>
      (await t.db.prisma.assignment.findUnique({ where: { id } }))?.dueAt.getTime() === Date.parse(dueAt)
        ? true
        : undefined,
    120_000,
  );

  const again = await applyPlan({ prisma: t.db.prisma, temporal: client, taskQueue }, plan);
  expect(again).toMatchObject({ assignments: { moved: 0 }, workflows: { rescheduled: 0 } });
  expect(await client.workflow.getHandle(id).query(statusQuery)).toMatchObject({
    revision: 1,
    dueAt: new Date(dueAt).toISOString(),
  });
  const row = await t.db.prisma.assignment.findUniqueOrThrow({ where: { id } });
  expect(row.dueAt.toISOString()).toBe(new Date(dueAt).toISOString());
  await client.workflow.getHandle(id).terminate('test done');
});
