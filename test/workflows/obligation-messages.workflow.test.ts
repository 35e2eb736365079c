/**
 * Messages that a coordinator's action asks for, sent by the obligation workflow itself (time-skipping server, real
 * activities, a real SMTP mailbox): "Nhắc ngay" pressed after closing time goes out once at the next opening, and an
 * extension tells the agency its new deadline, once.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import fs from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { PlanSchema, type PlanInput } from '../../src/domain/plan-schema';
import { extendDeadline, remindNow } from '../../src/services/assignment-actions';
import { applyPlan } from '../../src/services/plan-service';
import { statusQuery } from '../../src/workflows/obligation.workflow';
import type { TestDeps } from '../support/stack';
import { advance, createTimeSkippingHarness } from '../support/temporal';
import { waitFor } from '../support/wait';

// Due Friday 15/1/2027, one reminder a week before (Fri 8/1, 08:00); working hours 07:00–20:00 (the default).
const plan: PlanInput = {
  code: 'MSG',
  title: 'Kế hoạch kiểm thử tin nhắn',
  years: { from: 2027, to: 2027 },
  coordinator: 'SNV',
  agencies: [
    { code: 'SNV', name: 'Sở Nội vụ', kind: 'department', contacts: [{ role: 'coordinator', email: 'snv@test.vn' }] },
    {
      code: 'SYT',
      name: 'Sở Y tế',
      kind: 'department',
      contacts: [{ role: 'focal', email: 'dau-moi@syt.test.vn' }],
    },
  ],
  obligations: [
    {
      id: 'bao-cao-nam',
      title: 'Báo cáo năm',
      from: ['SYT'],
      to: 'SNV',
      due: { type: 'once', date: '2027-01-15' },
    },
  ],
  policy: { reminders: ['P7D'], escalation: [], channels: ['email'] },
};
const key = { plan: 'MSG', year: 2027, obligation: 'bao-cao-nam', agency: 'SYT' };
const id = 'MSG/2027/bao-cao-nam/SYT';

let h: Awaited<ReturnType<typeof createTimeSkippingHarness>>;
let env: TestWorkflowEnvironment;
let t: TestDeps;
let worker: Worker;

beforeAll(async () => {
  h = await createTimeSkippingHarness('msg');
  ({ env, t } = h);
  worker = await h.worker();
});

afterAll(async () => {
  await h?.close();
});

/** Replays the run with the current code; with NHAC_HAN_RECORD_HISTORIES=1, keeps it for test/workflows/replay.test.ts. */
async function recordHistory(workflowId: string, file: string): Promise<void> {
  const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
  await Worker.runReplayHistory({ workflowsPath: require.resolve('../../src/workflows') }, history);
  if (process.env.NHAC_HAN_RECORD_HISTORIES === '1') {
    const dir = path.join(__dirname, '..', 'fixtures', 'histories');
    fs.writeFileSync(path.join(dir, file), temporal.api.history.v1.History.encode(history).finish());
  }
}

const to = async (address: string, subject: RegExp) =>
  (await t.mailbox.list()).filter((m) => m.to === address && subject.test(m.subject));
const advanceTo = async (iso: string) => advance(env, Date.parse(iso) - (await env.currentTimeMs()));

test('"Nhắc ngay" at 21:00 is queued for 07:00 the next working day and sent once then; an extension is told once', async () => {
  await worker.runUntil(async () => {
    await advanceTo('2026-12-31T20:00:00+07:00');
    const applyNow = await env.currentTimeMs();
    await applyPlan(
      {
        prisma: t.db.prisma,
        temporal: env.client,
        taskQueue: h.taskQueue,
        now: () => new Date(applyNow),
        schedules: false,
      },
      PlanSchema.parse(plan),
    );
    await waitFor('the assignment recorded as pending', async () =>
      (await t.db.prisma.assignment.findUnique({ where: { id } }))?.state === 'pending' ? true : undefined,
    );

    // Wednesday 13/1 at 21:00, after closing: the answer names Thursday's opening, and nothing is sent yet.
    await advanceTo('2027-01-13T21:00:00+07:00');
    const pressedAt = new Date(await env.currentTimeMs());
    const answer = await remindNow({ prisma: t.db.prisma, temporal: env.client, now: () => pressedAt }, key);
    expect(answer.queued).toBe(true);
    expect(Date.parse(answer.sendAt)).toBe(Date.parse('2027-01-14T07:00:00+07:00'));
    const manual = () =>
      t.db.prisma.notification.findMany({ where: { assignmentId: id, key: { contains: ':manual:' } } });
    await advanceTo('2027-01-14T06:59:00+07:00');
    expect(await manual()).toEqual([]);

    await advanceTo('2027-01-14T07:01:00+07:00');
    const sent = await waitFor('the queued reminder sent', async () => {
      const rows = await manual();
      return rows.length === 1 && rows[0]!.status === 'sent' ? rows : undefined;
    });
    const events = await t.db.prisma.assignmentEvent.findMany({ where: { assignmentId: id, type: 'reminder' } });
    const manualEvent = events.find((e) => (e.detail as { step: string }).step.startsWith('manual:'));
    // Sent at the opening on the server's clock, not at the press.
    expect(Date.parse((manualEvent?.detail as { scheduledAt: string }).scheduledAt)).toBeGreaterThanOrEqual(
      Date.parse('2027-01-14T07:00:00+07:00'),
    );
    expect(sent[0]!.recipient).toBe('dau-moi@syt.test.vn');

    // Thursday 14/1 in working hours: the coordinator extends the deadline to Friday 22/1.
    const status = await env.client.workflow.getHandle(id).query(statusQuery);
    expect(status.remindersSent.filter((s) => s.startsWith('manual:'))).toHaveLength(1);
    await advanceTo('2027-01-14T09:00:00+07:00');
    const extendedAt = new Date(await env.currentTimeMs());
    await extendDeadline({ prisma: t.db.prisma, temporal: env.client, now: () => extendedAt }, key, {
      newDueDate: '2027-01-22',
      reason: 'Chờ số liệu của các huyện',
      coordinator: { userId: null, email: 'snv@test.vn' },
    });
    const notice = await waitFor('the extension notice', async () => {
      const mails = await to('dau-moi@syt.test.vn', /gia hạn/i);
      return mails.length > 0 ? mails : undefined;
    });
    expect(notice[0]!.text).toContain('Thời hạn mới: thứ Sáu, ngày 22/1/2027');
    expect(notice[0]!.text).toContain('Chờ số liệu của các huyện');

    // A week later the notice is still the only one, and the manual reminder was not sent again.
    await advanceTo('2027-01-21T12:00:00+07:00');
    expect(await to('dau-moi@syt.test.vn', /gia hạn/i)).toHaveLength(1);
    expect(await manual()).toHaveLength(1);
    await env.client.workflow.getHandle(id).terminate('test done');
    await recordHistory(id, 'obligation-remind-now-extended.binpb');
  });
});

test('"Nhắc ngay" on a closed obligation is refused', async () => {
  await expect(remindNow({ prisma: t.db.prisma, temporal: env.client }, { ...key, agency: 'NONE' })).rejects.toThrow(
    /no assignment/,
  );
  await t.db.prisma.assignment.update({ where: { id }, data: { state: 'submitted' } });
  await expect(remindNow({ prisma: t.db.prisma, temporal: env.client }, key)).rejects.toThrow(/already closed/);
});
