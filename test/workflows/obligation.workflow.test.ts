/**
 * The obligation workflow on Temporal's time-skipping test server, with real activities (cloned PostgreSQL, a
 * real SMTP mailbox): weeks pass in seconds, and every reminder and escalation is checked at its instant.
 */
import { randomBytes } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../../src/activities';
import { PlanSchema, type PlanInput } from '../../src/domain/plan-schema';
import { planCalendar } from '../../src/domain/plan-calendar';
import { SEARCH_ATTRIBUTE_DEFINITIONS } from '../../src/domain/search-attributes';
import { applyPlan } from '../../src/services/plan-service';
import { recordSubmission } from '../../src/services/assignment-service';
import { statusQuery } from '../../src/workflows/obligation.workflow';
import { createTimeSkippingEnv } from '../support/temporal';
import { createTestDeps, type TestDeps } from '../support/stack';
import { temporal } from '@temporalio/proto';

const { IndexedValueType } = temporal.api.enums.v1;

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

let env: TestWorkflowEnvironment;
let t: TestDeps;
const taskQueue = `ts-${randomBytes(4).toString('hex')}`;

beforeAll(async () => {
  env = await createTimeSkippingEnv();
  // The Java test server accepts custom search attributes once they are registered, as the dev server's are.
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(
      SEARCH_ATTRIBUTE_DEFINITIONS.map(([name, type]) => [
        name,
        type === 'Keyword'
          ? IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD
          : type === 'Int'
            ? IndexedValueType.INDEXED_VALUE_TYPE_INT
            : IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
      ]),
    ),
  });
  t = await createTestDeps();
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowsPath: require.resolve('../../src/workflows'),
    activities: createActivities(t.deps),
  });
});

let worker: Worker;

afterAll(async () => {
  await env?.teardown();
  await t?.close();
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
    const nowMs = await env.currentTimeMs();
    const report = await applyPlan(
      { prisma: t.db.prisma, temporal: env.client, taskQueue, now: () => new Date(nowMs) },
      p,
    );
    expect(report.workflows.started).toBe(2);

    // Up to the first reminder: nothing is sent.
    const untilFirst = Date.parse('2027-01-08T08:00:00+07:00') - (await env.currentTimeMs());
    await env.sleep(untilFirst - 60_000);
    expect(await mails()).toHaveLength(0);
    await env.sleep(120_000);
    let received = await mails();
    expect(received.map((m) => m.to).sort()).toEqual(['dau-moi@sgd.test.vn', 'dau-moi@syt.test.vn']);
    expect(received[0]?.subject).toContain('Báo cáo năm');

    // SGD reports on 10/1; SYT never does.
    await env.sleep(Date.parse('2027-01-10T09:00:00+07:00') - (await env.currentTimeMs()));
    await recordSubmission(
      { prisma: t.db.prisma, temporal: env.client },
      { plan: 'TS-TEST', year: 2027, obligation: 'bao-cao-nam', agency: 'SGD', channel: 'cli' },
    );

    await env.sleep(Date.parse('2027-01-21T00:00:00+07:00') - (await env.currentTimeMs()));
    received = await mails();
    const to = (addr: string) => received.filter((m) => m.to === addr).length;
    expect(to('dau-moi@sgd.test.vn')).toBe(1); // silence after the submission
    expect(to('dau-moi@syt.test.vn')).toBe(4); // 3 reminders + the overdue notice
    expect(to('giam-doc@syt.test.vn')).toBe(1); // escalation to the head
    expect(to('snv@test.vn')).toBe(1); // escalation to the coordinator

    const syt = await env.client.workflow.getHandle('TS-TEST/2027/bao-cao-nam/SYT').query(statusQuery);
    expect(syt.state).toBe('escalated');
    expect(syt.remindersSent).toEqual(['reminder:P7D', 'reminder:P3D', 'reminder:P1D']);
    const sgd = await env.client.workflow.getHandle('TS-TEST/2027/bao-cao-nam/SGD').result();
    expect(sgd.state).toBe('submitted');
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
