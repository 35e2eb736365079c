/**
 * The send activities under the plan's working hours (07:00–20:00 on working days), against a real SMTP server:
 * an attempt outside them sends nothing and asks Temporal for its next retry at the opening.
 */
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { type SendEscalationInput, type SendReminderInput } from '../../src/activities';
import type { PlanInput } from '../../src/domain/plan-schema';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { createTestActivities, seedPlan, startTestSmtp, testPlan, type TestSmtp } from './notify-fixtures';

let db: TestDatabase;
let smtp: TestSmtp;
const closers: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  smtp = await startTestSmtp();
});

afterAll(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  await smtp?.stop();
  await db?.drop();
});

async function setup(code: string, clock: () => Date, policy: PlanInput['policy'] = { channels: ['email'] }) {
  const { items } = await seedPlan(db.prisma, testPlan({ code, policy }));
  const { activities, close } = createTestActivities(db.prisma, smtp.url, clock);
  closers.push(close);
  const item = items[0]!;
  const reminder: SendReminderInput = {
    assignmentId: item.id,
    revision: 0,
    step: 'reminder:PT4H',
    kind: 'upcoming',
    dueAt: item.dueAt,
  };
  return { activities, reminder, assignmentId: item.id };
}

const rowsOf = (assignmentId: string) => db.prisma.notification.findMany({ where: { assignmentId } });
async function failureOf(p: Promise<unknown>): Promise<ApplicationFailure> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof ApplicationFailure)) throw new Error(`expected an ApplicationFailure, got ${String(err)}`);
  return err;
}

test('a retry at 20:30 (Thursday) sends nothing and is retried at 07:00 on Friday; then it sends', async () => {
  let now = new Date('2027-06-03T20:30:00+07:00');
  const { activities, reminder, assignmentId } = await setup('WH1', () => now);
  const before = smtp.received.length;

  const failure = await failureOf(activities.sendReminder(reminder));
  expect(failure).toMatchObject({ type: 'OutsideWorkingHours', nonRetryable: false });
  expect(failure.nextRetryDelay).toBe(Date.parse('2027-06-04T07:00:00+07:00') - now.getTime());
  expect(failure.details).toEqual([{ opensAt: '2027-06-04T07:00:00+07:00' }]);
  expect(failure.message).toMatch(/^ngoài giờ làm việc, gửi lúc 2027-06-04T07:00:00\+07:00 \/ outside working hours/);
  expect(smtp.received.length).toBe(before);
  expect(await rowsOf(assignmentId)).toEqual([]);

  now = new Date('2027-06-04T07:00:00+07:00');
  expect(await activities.sendReminder(reminder)).toEqual({ sent: 1, alreadySent: 0, failed: 0 });
  expect(smtp.received.length).toBe(before + 1);
});

test('the server scheduled the retry after closing: refused even though the worker clock says 19:59', async () => {
  const { activities, reminder, assignmentId } = await setup('WH2', () => new Date('2027-06-03T19:59:00+07:00'));
  const env = new MockActivityEnvironment({
    attempt: 3,
    retryPolicy: { maximumAttempts: 12 },
    currentAttemptScheduledTimestampMs: Date.parse('2027-06-03T20:30:00+07:00'),
  });
  const failure = await failureOf(env.run(activities.sendReminder, reminder));
  expect(failure.nextRetryDelay).toBe(
    Date.parse('2027-06-04T07:00:00+07:00') - Date.parse('2027-06-03T20:30:00+07:00'),
  );
  expect(await rowsOf(assignmentId)).toEqual([]);
});

test('escalations too: Saturday morning waits for Monday 07:00', async () => {
  const { activities, reminder, assignmentId } = await setup('WH3', () => new Date('2027-06-12T09:00:00+07:00'));
  const escalation: SendEscalationInput = {
    assignmentId,
    revision: 0,
    step: 'escalation:1',
    notify: ['focal', 'head'],
    dueAt: reminder.dueAt,
  };
  const failure = await failureOf(activities.sendEscalation(escalation));
  expect(failure).toMatchObject({ type: 'OutsideWorkingHours', details: [{ opensAt: '2027-06-14T07:00:00+07:00' }] });
  expect(await rowsOf(assignmentId)).toEqual([]);
});

test('a plan without working hours sends at 20:30', async () => {
  const { activities, reminder } = await setup('WH4', () => new Date('2027-06-03T20:30:00+07:00'), {
    channels: ['email'],
    workingHours: false,
  });
  expect(await activities.sendReminder(reminder)).toEqual({ sent: 1, alreadySent: 0, failed: 0 });
});
