/**
 * A calendar change whose re-targeting fails half way (Temporal unreachable) is stored, marked unfinished, and
 * finished later with the two calendars it was made between: the running workflow moves, its cycle is told, the
 * coordinator gets one notice. Then a re-applied plan whose only change is its reminders re-times the running
 * workflow (the deadline stays). Real dev server, real PostgreSQL, real SMTP mailbox.
 */
import { randomBytes } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { PlanSchema } from '../../src/domain/plan-schema';
import { demoPlan } from '../../src/domain/demo-plan';
import { installCalendarData, SHIPPED_CALENDAR } from '../../src/domain/calendar-data';
import { isWorkingDay } from '../../src/domain/holiday-calendar';
import { addDaysToDate, localDateOf } from '../../src/domain/business-time';
import { cycleWorkflowId } from '../../src/domain/cycle-start';
import { calendarChangeWorkflowId } from '../../src/domain/workflow-ids';
import { applyPlan } from '../../src/services/plan-service';
import { changeHolidays, RetargetError } from '../../src/services/holiday-service';
import { retargetPendingChanges } from '../../src/services/holiday-retarget';
import { statusQuery } from '../../src/workflows/obligation.workflow';
import { startDevWorker, type DevWorker } from '../support/dev-worker';
import { waitFor } from '../support/wait';

let w: DevWorker;
const code = `RES-${randomBytes(3).toString('hex').toUpperCase()}`;

beforeAll(async () => {
  w = await startDevWorker('calres');
});

afterAll(async () => {
  installCalendarData(SHIPPED_CALENDAR);
  await w?.stop();
});

/** A Temporal client whose every call fails as an unreachable server does. */
const unreachable = (): Client => {
  const fail = async () => {
    throw new Error('14 UNAVAILABLE: No connection established');
  };
  return {
    workflow: { getHandle: () => ({ query: fail, executeUpdate: fail, signal: fail }), start: fail },
  } as unknown as Client;
};

test('a half-done calendar change is finished later; a reminders-only re-apply re-times the running workflow', async () => {
  const { t, client, taskQueue } = w;
  const prisma = t.db.prisma;
  const deps = { prisma, temporal: client, taskQueue };

  // A working weekday about three weeks ahead: the deadline, and the day the admin then makes a day off.
  let d = addDaysToDate(localDateOf(new Date().toISOString()), 21);
  while (!isWorkingDay(d)) d = addDaysToDate(d, 1);
  const year = Number(d.slice(0, 4));
  const input = demoPlan({ agencies: 1, dueIn: 'PT1H', reminders: [], escalateAfter: [], now: new Date(), code });
  const planInput = {
    ...input,
    years: { from: year, to: year },
    obligations: [{ ...input.obligations![0]!, stated: `chậm nhất ngày ${d}`, due: { type: 'once', date: d } }],
    policy: { ...input.policy, reminders: ['P10D'], escalation: [] },
  };
  const applied = await applyPlan(deps, PlanSchema.parse(planInput));
  expect(applied.workflows.started).toBe(1);
  const id = `${code}/${year}/bao-cao-thu/DV01`;
  const handle = client.workflow.getHandle(id);
  const before = await handle.query(statusQuery);
  expect(localDateOf(before.dueAt)).toBe(d);

  // The change is stored, but Temporal is unreachable: nothing moves, the change waits to be finished.
  const change = {
    type: 'set' as const,
    input: { date: d, kind: 'day-off', name: 'Nghỉ (thử nghiệm)', source: 'Công văn 1/TEST ngày 01/12/2026' },
  };
  const failed = await changeHolidays({ ...deps, temporal: unreachable() }, 'admin@so-noi-vu.test', change).catch(
    (e: unknown) => e,
  );
  expect(failed).toBeInstanceOf(RetargetError);
  expect((failed as Error).message).toContain('nhac-han holidays retarget');
  const pending = await prisma.holidayChange.findFirstOrThrow({
    where: { dates: { has: d } },
    orderBy: { id: 'desc' },
  });
  expect(pending.retargetedAt).toBeNull();
  expect(localDateOf((await prisma.assignment.findUniqueOrThrow({ where: { id } })).dueAt.toISOString())).toBe(d);
  expect((await handle.query(statusQuery)).dueAt).toBe(before.dueAt);

  // Finished later (what `holidays retarget` and the web process's start do).
  const cycleRunning = await client.workflow
    .getHandle(cycleWorkflowId(code, year))
    .describe()
    .then((x) => x.status.name === 'RUNNING')
    .catch(() => false);
  const finished = await retargetPendingChanges(deps);
  expect(finished).toHaveLength(1);
  expect(finished[0]).toMatchObject({
    changeId: pending.id,
    rescheduled: 1,
    plans: [code],
    cyclesTold: cycleRunning ? 1 : 0,
  });
  const after = await handle.query(statusQuery);
  expect(Date.parse(after.dueAt)).toBeGreaterThan(Date.parse(before.dueAt));
  const row = await prisma.assignment.findUniqueOrThrow({ where: { id } });
  expect(row.dueAt.toISOString()).toBe(after.dueAt);
  expect((await prisma.holidayChange.findUniqueOrThrow({ where: { id: pending.id } })).retargetedAt).not.toBeNull();
  const coordinator = 'dieu-phoi@demo.nhac-han.test';
  const notices = async () => (await t.mailbox.list()).filter((x) => x.to === coordinator);
  await waitFor('the change notice', async () => ((await notices()).length >= 1 ? true : undefined), 60_000);
  await client.workflow.getHandle(calendarChangeWorkflowId(pending)).result();
  expect(await retargetPendingChanges(deps)).toEqual([]);
  expect(await notices()).toHaveLength(1);

  // Re-applied with other reminders only: the deadline stays, the running workflow takes the new reminder.
  const reapplied = await applyPlan(
    deps,
    PlanSchema.parse({ ...planInput, policy: { ...planInput.policy, reminders: ['P5D'] } }),
  );
  expect(reapplied.assignments).toMatchObject({ moved: 0, retimed: 1 });
  expect(reapplied.workflows.rescheduled).toBe(1);
  const retimed = await handle.query(statusQuery);
  expect(retimed.dueAt).toBe(after.dueAt);
  expect(retimed.nextStep?.step).toBe('reminder:P5D');
}, 240_000);
