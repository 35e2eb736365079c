/**
 * A seed plan (plans/*.yaml) lived through its cycle years in Temporal's time-skipping server, re-based to 2027 as
 * a coordinator would re-run it (it keeps its own day/month deadlines). Each test file under test/workflows/seeds
 * runs one seed: a second Worker on the same time-skipping server stalled, and jest gives each file its own server.
 *
 * Each year's cycle starts at the instant `cycleStarts` gives: the first by `plan apply`; the last (of several) by
 * `cycleStarterWorkflow`, as the plan's Schedule would (the test server has no Schedules); the years between by
 * applying the same file again, the way plan-service documents for a server without Schedules. Why not the starter
 * for every year: a cycle it starts owns its obligation workflows as children, and when such a cycle closes (its
 * last obligation's late window over, 90 days after the ladder) the test server leaks a time-skipping lock (the
 * child's completion is buffered behind the parent's final workflow task and dropped with it) and its clock never
 * moves again (sdk-java #1618, sdk-typescript #1101). The last year's cycle closes after the story ends.
 *
 * Every agency reports at once except two late ones (the first and the last agency owing the year's first
 * obligation; the first is given a head, so escalation step 1 reaches two people); in the first year one obligation
 * of the last late agency is extended before its first reminder. Then the clock runs to an hour after the last
 * step, and the tests check what happened against the pure calendar:
 *  - each step of each late agency at the calendar's instant, in order, once, to the recipients the policy names;
 *  - nothing at all for an assignment that was submitted;
 *  - the extended obligation reminded and escalated at the instants of its new due date, never at the old ones;
 *  - each campaign message sent on its day (from the campaign workflow's history), to each participant;
 *  - each consolidated report compiled once; every mail the outbox sent in the SMTP mailbox exactly once.
 *
 * Set `SEED_YEAR_TRACE=1` to print the stages with the server's clock.
 */
/* eslint-disable jest/no-export -- a support module: it defines the suite that each seed's test file runs */
import fs from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { tsToMs } from '@temporalio/common/lib/time';
import { addDaysToDate } from '../../src/domain/business-time';
import { campaignRuns, cycleStarts, cycleWorkflowId, type CampaignRun } from '../../src/domain/cycle-schedule';
import { deadlineInstances, type DeadlineInstance } from '../../src/domain/deadline-rules';
import { isWorkingDay, nextWorkingDay } from '../../src/domain/holiday-calendar';
import { parsePlanText } from '../../src/domain/plan-file';
import { calendarSettings, planCalendar, schedulePolicy, type CalendarItem } from '../../src/domain/plan-calendar';
import { rebasePlan } from '../../src/domain/plan-rebase';
import { PlanSchema, type Plan } from '../../src/domain/plan-schema';
import {
  escalationSchedule,
  reminderSchedule,
  type EscalationAt,
  type EscalationTarget,
  type ReminderAt,
} from '../../src/domain/reminder-schedule';
import { PLAN_KEY } from '../../src/domain/search-attributes';
import { extendDeadline } from '../../src/services/assignment-actions';
import { recordSubmission } from '../../src/services/assignment-service';
import { applyPlan } from '../../src/services/plan-service';
import { campaignStatusQuery, type CampaignStatus } from '../../src/workflows/campaign.workflow';
import { cycleStarterWorkflow, cycleStatusQuery, type CycleStatus } from '../../src/workflows/plan-cycle.workflow';
import './quiet-runtime';
import { advance, createTimeSkippingHarness } from './temporal';
import { waitFor } from './wait';

export interface SeedYearsOptions {
  /** How many of the plan's cycle years to live through, from its first. (Default: all of them.) */
  years?: number;
  /** The year the plan is re-based to. (Default: 2027, the first whole year after the test server's clock starts.) */
  fromYear?: number;
}

/** Days after the old due date the extension moves the deadline to (then the next working day). */
const EXTENSION_DAYS = 14;
/** A step's activity is scheduled a few ms after its timer fires; a busy machine stretches that to seconds. */
const ON_TIME_MS = 5_000;

/** `SEED_YEAR_TRACE=1` prints each stage with the server's clock, to see where a run stalls. (Default: silent.) */
const trace = process.env.SEED_YEAR_TRACE
  ? (what: string, at?: number) =>
      process.stderr.write(`[seed-year] ${at === undefined ? '' : new Date(at).toISOString()} ${what}\n`)
  : () => undefined;

const PLANS_DIR = path.join(__dirname, '..', '..', 'plans');

function load(file: string): Plan {
  const r = parsePlanText(fs.readFileSync(path.join(PLANS_DIR, file), 'utf8'));
  if (!r.ok) throw new Error(r.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  return r.plan;
}

interface CycleYear {
  year: number;
  items: CalendarItem[];
  /** The first and the last agency owing the year's first obligation: they never report. */
  late: string[];
  startAt: string;
  campaigns: CampaignRun[];
  /** The first year by `plan apply`; the last (of several) by the Schedule's starter; those between by applying again. */
  startedBy: 'apply' | 're-apply' | 'schedule';
}

interface Extension {
  item: CalendarItem;
  newDueDate: string;
  /** The new due date as the plan calendar would state it, and the steps the policy gives it. */
  due: DeadlineInstance;
  reminders: ReminderAt[];
  escalations: EscalationAt[];
  /** When it was granted, and what the product's `extendDeadline` answered. */
  grantedAt?: string;
  answered?: { dueAt: string };
}

interface CampaignSend {
  step: string;
  agency: string;
  scheduledMs: number;
  completedMs: number | null;
}

/** What the workflows said before the worker stopped (queries need a worker; rows and mails do not). */
interface Seen {
  cycles: Map<number, CycleStatus>;
  campaigns: Map<string, CampaignStatus>;
  campaignSends: Map<string, CampaignSend[]>;
  starters: Map<number, string>;
  /** How each year's cycle started: the apply report (apply, re-apply), the starter workflow's status (schedule). */
  starts: Map<number, { running?: boolean; started?: number; rescheduled?: number; starter?: string }>;
}

/** Re-based to `fromYear`; the first late agency of each year gets a head as well, so step 1 reaches two people. */
export function seedPlan(file: string, fromYear: number): { plan: Plan; withHead: Set<string> } {
  const rebased = PlanSchema.parse(rebasePlan(load(file), fromYear));
  const withHead = new Set<string>();
  for (let year = rebased.years.from; year <= rebased.years.to; year++) {
    const first = lateAgencies(planCalendar(rebased, { year }))[0];
    if (first && first !== rebased.coordinator && first !== rebased.committee) withHead.add(first);
  }
  const plan = PlanSchema.parse({
    ...rebased,
    agencies: rebased.agencies.map((a) =>
      withHead.has(a.code)
        ? { ...a, contacts: [...a.contacts, { role: 'head', email: `thu-truong@${a.code.toLowerCase()}.example.vn` }] }
        : a,
    ),
  });
  return { plan, withHead };
}

function lateAgencies(items: CalendarItem[]): string[] {
  const owing = items.filter((i) => i.obligation === items[0]?.obligation).map((i) => i.agency);
  return owing.length === 0 ? [] : [...new Set([owing[0]!, owing[owing.length - 1]!])];
}

/**
 * Who the plan's policy says a step reaches, by email, as `<target>:email:<address>` for an escalation and
 * `email:<address>` for a reminder or a campaign message (the outbox key's tail). A reminder and a campaign message
 * go to the agency's focal points, else its head, else its coordinator (the coordinating agency owes reports too);
 * an escalation step to each target it names: the agency's focal points, its head, the coordinator agency's
 * coordinator (else focal, else head), the committee's head (else focal, else coordinator). The seeds have no phone
 * numbers, hence no SMS.
 */
export function policyRecipients(plan: Plan, agency: string, notify?: readonly EscalationTarget[]): string[] {
  const of = (code: string, roles: string[]) => {
    const contacts = plan.agencies.find((a) => a.code === code)?.contacts ?? [];
    for (const role of roles) {
      const found = contacts.filter((c) => c.role === role);
      if (found.length > 0) return found.flatMap((c) => (c.email ? [`email:${c.email.toLowerCase()}`] : []));
    }
    return [];
  };
  if (!notify) return of(agency, ['focal', 'head', 'coordinator']).sort();
  return notify
    .flatMap((target) => {
      const to =
        target === 'focal'
          ? of(agency, ['focal'])
          : target === 'head'
            ? of(agency, ['head'])
            : target === 'coordinator'
              ? of(plan.coordinator, ['coordinator', 'focal', 'head'])
              : of(plan.committee ?? plan.coordinator, ['head', 'focal', 'coordinator']);
      return to.map((r) => `${target}:${r}`);
    })
    .sort();
}

/** The campaign activities a campaign workflow scheduled, from its history: step, agency, server times. */
async function campaignSends(client: Client, id: string): Promise<CampaignSend[]> {
  const history = await client.workflow.getHandle(id).fetchHistory();
  const sends = new Map<number, CampaignSend>();
  for (const e of history.events ?? []) {
    const scheduled = e.activityTaskScheduledEventAttributes;
    if (scheduled?.activityType?.name === 'sendCampaignMessage') {
      const input = defaultPayloadConverter.fromPayload<{ step: string; agencyCode: string }>(
        scheduled.input!.payloads![0]!,
      );
      sends.set(Number(e.eventId), {
        step: input.step,
        agency: input.agencyCode,
        scheduledMs: tsToMs(e.eventTime),
        completedMs: null,
      });
    }
    const completed = e.activityTaskCompletedEventAttributes;
    if (completed) {
      const send = sends.get(Number(completed.scheduledEventId));
      if (send) send.completedMs = tsToMs(e.eventTime);
    }
  }
  return [...sends.values()];
}

/**
 * Defines the suite for one seed file: one `beforeAll` lives through the years (the worker runs only there), then
 * one test per promise. Call it once at the top of a test file.
 */
export function liveThroughSeedYears(file: string, options: SeedYearsOptions = {}): void {
  const fromYear = options.fromYear ?? 2027;
  const { plan, withHead } = seedPlan(file, fromYear);
  const span = options.years ?? plan.years.to - plan.years.from + 1;
  const starts = cycleStarts(plan);
  const years: CycleYear[] = Array.from({ length: span }, (_, k) => {
    const year = plan.years.from + k;
    const items = planCalendar(plan, { year });
    return {
      year,
      items,
      late: lateAgencies(items),
      startAt: starts.find((s) => s.year === year)!.at,
      campaigns: campaignRuns(plan, year).filter((c) => c.participants.length > 0),
      startedBy: k === 0 ? 'apply' : k === span - 1 ? 'schedule' : 're-apply',
    };
  });
  const first = years[0]!;
  // The last late agency's first obligation, moved two weeks on before its first reminder.
  const extendedItem = first.items.find(
    (i) => i.obligation === first.items[0]!.obligation && i.agency === first.late.at(-1),
  )!;
  let newDueDate = addDaysToDate(extendedItem.dueDate, EXTENSION_DAYS);
  if (!isWorkingDay(newDueDate, schedulePolicy(plan))) newDueDate = nextWorkingDay(newDueDate, schedulePolicy(plan));
  const newDue = deadlineInstances({ type: 'once', date: newDueDate }, [first.year], calendarSettings(plan))[0]!;
  const extension: Extension = {
    item: extendedItem,
    newDueDate,
    due: newDue,
    reminders: reminderSchedule(newDue, schedulePolicy(plan)),
    escalations: escalationSchedule(newDue, schedulePolicy(plan)),
  };
  const isLate = (i: CalendarItem) => years.find((y) => y.year === i.year)!.late.includes(i.agency);
  const lateItems = years.flatMap((y) => y.items.filter(isLate));
  const submittedItems = years.flatMap((y) => y.items.filter((i) => !isLate(i)));
  const lastStep = Math.max(
    ...lateItems.flatMap((i) => i.escalations.map((e) => Date.parse(e.at))),
    ...extension.escalations.map((e) => Date.parse(e.at)),
    ...years.flatMap((y) => y.campaigns.flatMap((c) => c.steps.map((s) => Date.parse(s.at)))),
  );

  let h: Awaited<ReturnType<typeof createTimeSkippingHarness>>;
  const seen: Seen = {
    cycles: new Map(),
    campaigns: new Map(),
    campaignSends: new Map(),
    starters: new Map(),
    starts: new Map(),
  };
  const prisma = () => h.t.db.prisma;

  describe(`${file}, re-based to ${plan.years.from}: ${span} cycle year(s) in the time-skipping server`, () => {
    beforeAll(async () => {
      h = await createTimeSkippingHarness();
      const { env, t, taskQueue } = h;
      const to = async (iso: string | number) => {
        const target = typeof iso === 'number' ? iso : Date.parse(iso);
        trace('advance to', target);
        await advance(env, target - (await env.currentTimeMs()));
      };
      const worker = await h.worker();
      await worker.runUntil(async () => {
        for (const [k, y] of years.entries()) {
          await to(y.startAt);
          const nowMs = await env.currentTimeMs();
          if (y.startedBy === 'schedule') {
            // What the plan's Schedule does at this instant (plan-service upsertPlanSchedule's action).
            const starter = `${plan.code}/cycle-starter-${new Date(nowMs).toISOString()}`;
            await env.client.workflow.start(cycleStarterWorkflow, {
              workflowId: starter,
              taskQueue,
              args: [{ planCode: plan.code }],
              typedSearchAttributes: [{ key: PLAN_KEY, value: plan.code }],
            });
            seen.starters.set(y.year, starter);
          } else {
            const report = await applyPlan(
              { prisma: t.db.prisma, temporal: env.client, taskQueue, now: () => new Date(nowMs), schedules: false },
              plan,
            );
            // (A later year's rows were stored by the first apply, so the report counts its new workflows as
            // `existing`: the cycle's count below is what says they run.)
            seen.starts.set(y.year, {
              running: report.cycles.running.includes(y.year),
              ...(y.startedBy === 'apply' ? { started: report.workflows.started } : {}),
              rescheduled: report.workflows.rescheduled,
            });
          }
          await waitFor(
            `the ${y.year} cycle to start its ${y.items.length} obligations`,
            async () => {
              const s = await env.client.workflow.getHandle(cycleWorkflowId(plan.code, y.year)).query(cycleStatusQuery);
              return !s.syncing && s.total === y.items.length ? s : undefined;
            },
            120_000,
          );
          const clock = new Date(await env.currentTimeMs());
          trace(`cycle ${y.year} running (${y.startedBy})`, clock.getTime());
          for (const i of y.items.filter((x) => !y.late.includes(x.agency))) {
            await recordSubmission(
              { prisma: t.db.prisma, temporal: env.client },
              {
                plan: plan.code,
                year: y.year,
                obligation: i.obligation,
                agency: i.agency,
                channel: 'cli',
                receivedAt: clock,
              },
            );
          }
          if (k === 0) {
            extension.grantedAt = clock.toISOString();
            extension.answered = await extendDeadline(
              { prisma: t.db.prisma, temporal: env.client, now: () => clock },
              { plan: plan.code, year: y.year, obligation: extension.item.obligation, agency: extension.item.agency },
              {
                newDueDate: extension.newDueDate,
                reason: 'Cơ quan đề nghị gia hạn',
                coordinator: { userId: null, email: 'dieu-phoi@test' },
              },
            );
          }
        }
        await to(lastStep + 3600_000);

        for (const y of years) {
          seen.cycles.set(
            y.year,
            await env.client.workflow.getHandle(cycleWorkflowId(plan.code, y.year)).query(cycleStatusQuery),
          );
          for (const c of y.campaigns) {
            seen.campaigns.set(c.id, await env.client.workflow.getHandle(c.id).query(campaignStatusQuery));
            seen.campaignSends.set(c.id, await campaignSends(env.client, c.id));
          }
        }
        for (const [year, id] of seen.starters) {
          const d = await env.client.workflow.getHandle(id).describe();
          seen.starts.set(year, { starter: d.status.name });
        }
      });
    }, 600_000);

    afterAll(async () => {
      await h?.close();
    });

    test('each year starts its cycle: by plan apply, by applying it again, by the plan Schedule’s starter', () => {
      expect([...seen.starts.entries()]).toEqual(
        years.map((y) => [
          y.year,
          // Applying the same plan file again starts the new year and moves no deadline (nor the extended one).
          y.startedBy === 'schedule'
            ? { starter: 'COMPLETED' }
            : y.startedBy === 'apply'
              ? { running: true, started: y.items.length, rescheduled: 0 }
              : { running: true, rescheduled: 0 },
        ]),
      );
    });

    test('each late agency: every reminder and escalation at its calendar instant, in order, once', async () => {
      expect(lateItems.length).toBeGreaterThan(0);
      for (const item of lateItems.filter((i) => i.id !== extension.item.id)) {
        const got = await stepEvents(item.id);
        const want = [...item.reminderSteps, ...item.escalations].map((x) => ({ step: x.step, at: Date.parse(x.at) }));
        expect({ id: item.id, steps: got.map((g) => `${g.revision}:${g.step}`) }).toEqual({
          id: item.id,
          steps: want.map((w) => `0:${w.step}`),
        });
        got.forEach((g, k) => expect(offBy(g.scheduledAt, want[k]!.at)).toBeLessThan(ON_TIME_MS));
        const row = await prisma().assignment.findUniqueOrThrow({ where: { id: item.id } });
        expect({ id: item.id, state: row.state }).toEqual({ id: item.id, state: 'escalated' });
      }
    });

    test('each step of a late agency reaches the recipients the policy names, once', async () => {
      for (const item of lateItems) {
        const extended = item.id === extension.item.id;
        const revision = extended ? 1 : 0;
        // The extended agency also hears of its extension (key `#1:extension:`), from its own recipients.
        const steps: { step: string; notify?: EscalationTarget[] }[] = extended
          ? [...extension.reminders, ...extension.escalations, { step: 'extension' }]
          : [...item.reminderSteps, ...item.escalations];
        const rows = await prisma().notification.findMany({ where: { assignmentId: item.id } });
        for (const r of rows) expect({ key: r.key, status: r.status }).toEqual({ key: r.key, status: 'sent' });
        const got = steps.map((s) => ({
          step: s.step,
          to: rows
            .filter((r) => r.key.startsWith(`${item.id}#${revision}:${s.step}:`))
            .map((r) => r.key.slice(`${item.id}#${revision}:${s.step}:`.length))
            .sort(),
        }));
        const want = steps.map((s) => ({
          step: s.step,
          to: policyRecipients(plan, item.agency, s.notify),
        }));
        expect({ id: item.id, steps: got }).toEqual({ id: item.id, steps: want });
        // Nothing else about this assignment (the steps above are every row it has).
        expect(rows.length).toBe(want.reduce((n, s) => n + s.to.length, 0));
      }
      // The agencies given a head: escalation step 1 reached the focal point and the head.
      const headed = lateItems.filter((i) => withHead.has(i.agency) && i.id !== extension.item.id);
      expect(headed.length).toBeGreaterThan(0);
      for (const item of headed) {
        const prefix = `${item.id}#0:${item.escalations[0]!.step}:`;
        const rows = await prisma().notification.findMany({ where: { key: { startsWith: prefix } } });
        expect(rows.map((r) => r.key.slice(prefix.length).split(':')[0]).sort()).toEqual(['focal', 'head']);
      }
    });

    test('silence after a submission: no step, no message for any assignment submitted', async () => {
      expect(submittedItems.length).toBeGreaterThan(0);
      const ids = submittedItems.map((i) => i.id);
      const rows = await prisma().assignment.findMany({
        where: { id: { in: ids } },
        select: { id: true, state: true },
      });
      expect(rows.filter((r) => r.state !== 'submitted')).toEqual([]);
      expect(rows.length).toBe(ids.length);
      const events = await prisma().assignmentEvent.findMany({
        where: { assignmentId: { in: ids }, type: { in: ['reminder', 'escalation'] } },
        select: { assignmentId: true, type: true },
      });
      expect(events).toEqual([]);
      const mails = await prisma().notification.findMany({
        where: { assignmentId: { in: ids } },
        select: { key: true },
      });
      expect(mails).toEqual([]);
      // An agency that was never late hears only campaign messages (the coordinator and the committee also hear the
      // ladder of the late ones; the consolidated report goes to the coordinator).
      const everLate = new Set(years.flatMap((y) => y.late));
      const quiet = plan.agencies.filter(
        (a) => !everLate.has(a.code) && a.code !== plan.coordinator && a.code !== plan.committee,
      );
      const addresses = quiet.flatMap((a) => a.contacts.flatMap((c) => (c.email ? [c.email.toLowerCase()] : [])));
      const heard = await prisma().notification.findMany({
        where: { recipient: { in: addresses }, NOT: { kind: { startsWith: 'campaign-' } } },
        select: { key: true },
      });
      expect(heard).toEqual([]);
    });

    test('an extension moves the reminders and the ladder to the new due date, none at the old instants', async () => {
      const { item } = extension;
      // Granted before the obligation's first reminder.
      expect(Date.parse(extension.grantedAt!)).toBeLessThan(Date.parse(item.reminderSteps[0]!.at));
      // The new deadline ends when the calendar says a day's deadline ends (the plan's due time, to the second).
      expect(extension.answered).toEqual({ dueAt: extension.due.dueAt });
      const row = await prisma().assignment.findUniqueOrThrow({ where: { id: item.id } });
      expect({ dueAt: row.dueAt.toISOString(), state: row.state }).toEqual({
        dueAt: new Date(extension.due.dueAt).toISOString(),
        state: 'escalated',
      });
      const got = await stepEvents(item.id);
      const want = [...extension.reminders, ...extension.escalations].map((x) => ({
        step: x.step,
        at: Date.parse(x.at),
      }));
      expect(got.map((g) => `${g.revision}:${g.step}`)).toEqual(want.map((w) => `1:${w.step}`));
      got.forEach((g, k) => expect(offBy(g.scheduledAt, want[k]!.at)).toBeLessThan(ON_TIME_MS));
      // Nothing at the old instants (those the new schedule does not share): no step of revision 0, none then.
      const shared = (at: number) => want.some((w) => Math.abs(w.at - at) < 60_000);
      const old = [...item.reminderSteps, ...item.escalations].map((x) => Date.parse(x.at)).filter((at) => !shared(at));
      expect(old.length).toBeGreaterThan(0);
      for (const at of old) expect(got.filter((g) => offBy(g.scheduledAt, at) < 60_000)).toEqual([]);
      // It went overdue at the new due instant, not at the old one.
      const overdue = await prisma().assignmentEvent.findMany({
        where: { assignmentId: item.id, type: 'state:overdue' },
      });
      expect(overdue.length).toBe(1);
      expect(offBy(overdue[0]!.at.toISOString(), Date.parse(extension.due.dueAt))).toBeLessThan(ON_TIME_MS);
    });

    test('each campaign message goes out on its day, to each participant the policy names, once', async () => {
      const runs = years.flatMap((y) => y.campaigns);
      // Vĩnh Long and the CEDAW plan have none.
      if (runs.length === 0) return expect(plan.campaigns).toEqual([]);
      for (const run of runs) {
        expect({ campaign: run.id, sent: seen.campaigns.get(run.id)?.sent }).toEqual({
          campaign: run.id,
          sent: ['notice', 'kickoff', 'mid'],
        });
        const sends = seen.campaignSends.get(run.id) ?? [];
        const rows = await prisma().notification.findMany({ where: { assignmentId: run.id } });
        for (const step of run.steps) {
          const at = Date.parse(step.at);
          const these = sends.filter((s) => s.step === step.step);
          expect({ step: step.step, agencies: these.map((s) => s.agency).sort() }).toEqual({
            step: step.step,
            agencies: [...run.participants].sort(),
          });
          for (const s of these) {
            // Scheduled at the step's instant, never before; sent (completed) within seconds of it.
            expect({ step: s.step, early: s.scheduledMs < at }).toEqual({ step: s.step, early: false });
            expect(s.scheduledMs - at).toBeLessThan(ON_TIME_MS);
            expect(s.completedMs! - at).toBeLessThan(60_000);
          }
          for (const agency of run.participants) {
            const prefix = `${run.id}#${step.step}:${agency}:`;
            const to = rows.filter((r) => r.key.startsWith(prefix));
            expect({ agency, step: step.step, to: to.map((r) => r.key.slice(prefix.length)).sort() }).toEqual({
              agency,
              step: step.step,
              to: policyRecipients(plan, agency),
            });
            for (const r of to) expect(r.status).toBe('sent');
          }
        }
      }
    });

    test('each year: the cycle counts every obligation and compiles each consolidated report once', async () => {
      let consolidatedTotal = 0;
      for (const y of years) {
        const consolidated = plan.obligations
          .filter((o) => o.kind === 'consolidated-report' && y.items.some((i) => i.obligation === o.id))
          .map((o) => o.id)
          .sort();
        consolidatedTotal += consolidated.length;
        const cycle = seen.cycles.get(y.year)!;
        expect({
          year: y.year,
          total: cycle.total,
          reported: [...cycle.reported].sort(),
          failed: cycle.reportsFailed,
        }).toEqual({
          year: y.year,
          total: y.items.length,
          reported: consolidated,
          failed: [],
        });
      }
      expect(await prisma().compiledReport.count({ where: { planCode: plan.code, trigger: 'auto' } })).toBe(
        consolidatedTotal,
      );
    });

    test('every mail the outbox sent is in the SMTP mailbox exactly once, and nothing else is', async () => {
      const sent = await prisma().notification.findMany({
        where: { channel: 'email', status: 'sent' },
        select: { messageId: true, recipient: true },
      });
      const mails = await h.t.mailbox.list(1_000_000);
      const ids = (xs: { messageId: string | null }[]) =>
        xs.map((x) => (x.messageId ?? '').replace(/^<|>$/g, '')).sort();
      expect(mails.length).toBe(sent.length);
      expect(ids(mails)).toEqual(ids(sent));
      expect(await prisma().notification.count({ where: { NOT: { status: 'sent' } } })).toBe(0);
    });

    async function stepEvents(id: string) {
      const events = await prisma().assignmentEvent.findMany({
        where: { assignmentId: id, type: { in: ['reminder', 'escalation'] } },
        orderBy: { id: 'asc' },
      });
      return events.map((e) => e.detail as { step: string; revision: number; scheduledAt: string });
    }
  });
}

function offBy(iso: string, ms: number): number {
  return Math.abs(Date.parse(iso) - ms);
}
