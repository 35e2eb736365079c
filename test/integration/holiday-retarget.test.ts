/**
 * Changing the legal calendar moves what is running, on the real Temporal dev server, real PostgreSQL and the real
 * SMTP mailbox, in real time. A plan is applied with a deadline on Saturday M (a weekend, so it rolls to the next
 * working day) and a reminder n days before it. An admin then swaps R, the next working day after today, for
 * Saturday M: the deadline moves back to M, and the reminder, now on R (a day off), to today at the plan's reminder
 * hour, a minute or two away. The running workflow is re-targeted, the reminder goes out at the new instant once,
 * and the coordinator gets one message naming the old and the new date.
 */
import { randomBytes } from 'node:crypto';
import { PlanSchema } from '../../src/domain/plan-schema';
import { demoPlan } from '../../src/domain/demo-plan';
import { installCalendarData, installedCalendarData, SHIPPED_CALENDAR } from '../../src/domain/calendar-data';
import { dayOffReason, isWorkingDay, nextWorkingDay } from '../../src/domain/holiday-calendar';
import { addDaysToDate } from '../../src/domain/business-time';
import { applyPlan } from '../../src/services/plan-service';
import { changeHolidays } from '../../src/services/holiday-service';
import { retargetCalendarChange } from '../../src/services/holiday-retarget';
import { setHoliday, installStoredCalendar } from '../../src/services/holiday-store';
import { statusQuery } from '../../src/workflows/obligation.workflow';
import { startDevWorker, type DevWorker } from '../support/dev-worker';
import { waitFor } from '../support/wait';

let w: DevWorker;
const code = `CAL-${randomBytes(3).toString('hex').toUpperCase()}`;
const SOURCE = {
  source: 'Công văn 9999/VPCP-KGVX',
  sourceDate: '2026-10-14',
  sourceLink: 'https://vpcp.chinhphu.vn/9999',
};
const localDate = (ms: number) => new Date(ms + 7 * 3600_000).toISOString().slice(0, 10);
const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();

beforeAll(async () => {
  w = await startDevWorker('cal');
});

afterAll(async () => {
  installCalendarData(SHIPPED_CALENDAR);
  await w?.stop();
});

test('an admin swap re-targets a running deadline: the reminder at its new instant once, one change notice', async () => {
  const { t, client, taskQueue } = w;
  const prisma = t.db.prisma;
  const deps = { prisma, temporal: client, taskQueue };

  // The reminder hour: the next whole minute at least 75 s away. Today (T) is that instant's business date.
  const at = Math.ceil((Date.now() + 75_000) / 60_000) * 60_000;
  const hour = new Date(at + 7 * 3600_000).toISOString().slice(11, 16);
  const today = localDate(at);

  // Today must be a working day for the scenario: on a weekend or holiday, an admin entry makes it one first.
  if (!isWorkingDay(today)) {
    const reason = dayOffReason(today);
    if (reason?.kind === 'weekend') {
      let far = addDaysToDate(today, 30);
      while (!isWorkingDay(far) || weekday(far) % 6 === 0) far = addDaysToDate(far, 1);
      await setHoliday(
        prisma,
        { ...SOURCE, date: far, kind: 'day-off', name: 'Hoán đổi (chuẩn bị)', makeUp: today },
        'setup',
      );
    } else {
      await setHoliday(prisma, { ...SOURCE, date: today, kind: 'working-day', name: 'Làm việc (chuẩn bị)' }, 'setup');
    }
    await installStoredCalendar(prisma);
  }
  const r = nextWorkingDay(today);
  let m = addDaysToDate(r, 1);
  while (weekday(m) !== 6 || dayOffReason(m)?.kind !== 'weekend') m = addDaysToDate(m, 1);
  const n = Math.round((Date.parse(m) - Date.parse(r)) / 86_400_000);

  const input = demoPlan({ agencies: 1, dueIn: 'PT1H', reminders: [], escalateAfter: [], now: new Date(), code });
  const plan = PlanSchema.parse({
    ...input,
    years: { from: Number(today.slice(0, 4)), to: Number(m.slice(0, 4)) },
    obligations: [{ ...input.obligations![0]!, stated: `trước ngày ${m}`, due: { type: 'once', date: m } }],
    policy: { ...input.policy, reminders: [`P${n}D`], reminderHour: hour, escalation: [] },
  });
  const applied = await applyPlan(deps, plan);
  expect(applied.workflows.started).toBe(1);
  const id = `${code}/${m.slice(0, 4)}/bao-cao-thu/DV01`;
  const handle = client.workflow.getHandle(id);
  const before = await handle.query(statusQuery);
  const oldDueDate = localDate(Date.parse(before.dueAt));
  expect(oldDueDate > m).toBe(true); // rolled past the weekend
  expect(Date.parse(before.nextStep!.at)).toBeGreaterThan(at + 3600_000); // tomorrow or later

  // The admin's swap: R off, Saturday M worked.
  const report = await changeHolidays(deps, 'admin@so-noi-vu.test', {
    type: 'set',
    input: { ...SOURCE, date: r, kind: 'day-off', name: 'Nghỉ hoán đổi (thử nghiệm)', makeUp: m },
  });
  expect(report.retarget).toMatchObject({ rescheduled: 1, plans: [code] });
  expect(report.retarget.moved).toHaveLength(1);
  expect(report.retarget.moved[0]).toMatchObject({ assignmentId: id, agency: 'DV01' });
  expect(Date.parse(report.retarget.moved[0]!.oldDueAt)).toBe(Date.parse(before.dueAt));
  const after = await handle.query(statusQuery);
  expect(localDate(Date.parse(after.dueAt))).toBe(m);
  expect(after.nextStep).toEqual({ step: `reminder:P${n}D`, at: new Date(at).toISOString() });
  const row = await prisma.assignment.findUniqueOrThrow({ where: { id } });
  expect(localDate(row.dueAt.getTime())).toBe(m);

  // The reminder goes out at the new instant, and the coordinator hears once of what moved.
  const focal = 'dau-moi-01@demo.nhac-han.test';
  const coordinator = 'dieu-phoi@demo.nhac-han.test';
  const mails = async (to: string) => (await t.mailbox.list()).filter((x) => x.to === to);
  await waitFor('the change notice', async () => ((await mails(coordinator)).length >= 1 ? true : undefined), 60_000);
  const notice = (await mails(coordinator))[0]!;
  expect(notice.subject).toContain('Lịch nghỉ thay đổi');
  const dmy = (d: string) => `${Number(d.slice(8, 10))}/${Number(d.slice(5, 7))}/${d.slice(0, 4)}`;
  const pad = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
  expect(notice.text).toContain('admin@so-noi-vu.test');
  expect(notice.text).toMatch(
    new RegExp(`hạn (${dmy(oldDueDate)}|${pad(oldDueDate)}) 23:59 → (${dmy(m)}|${pad(m)}) 23:59`),
  );
  await waitFor('the reminder', async () => ((await mails(focal)).length >= 1 ? true : undefined), 240_000);
  expect(Date.now()).toBeGreaterThanOrEqual(at - 1000);
  await waitFor('the reminder recorded', async () =>
    (await handle.query(statusQuery)).remindersSent.length === 1 ? true : undefined,
  );

  // Re-targeting the same change again (a retried command) sends nothing twice: the reminder is not re-planned and
  // the notice's outbox key is the same.
  const again = await retargetCalendarChange(deps, {
    ...report.change,
    before: SHIPPED_CALENDAR,
    after: installedCalendarData(),
  });
  expect(again.rescheduled).toBeLessThanOrEqual(1);
  await waitFor('the second re-target applied', async () => {
    const s = await handle.query(statusQuery);
    return s.revision >= 1 && s.nextStep?.step === 'due' ? true : undefined;
  });
  expect(await mails(focal)).toHaveLength(1);
  expect(await mails(coordinator)).toHaveLength(1);
  const audit = await prisma.holidayChange.findUniqueOrThrow({ where: { id: report.change.id } });
  expect(audit).toMatchObject({ actor: 'admin@so-noi-vu.test', action: 'set', dates: [r, m].sort() });
}, 360_000);
