/**
 * One fault run, shared by the short form (test/faults/faults.test.ts) and the long form (bench/faults.bench.ts):
 * a demo plan of `agencies` obligations with a reminder every `stepMs` is applied on the stack of ./fault-stack.ts,
 * and while its reminders flow, the faults of the scenario happen one after another in a random order (seeded):
 * kill -9 of the worker at a random moment or inside a send burst (the mailbox or gateway took a message in the
 * last 30 ms), each replacement worker's clock skewed by ±`skewMs` in turn, restarts of the Temporal server, SMTP
 * outages, PostgreSQL stops, eSMS answers 503 or too late. Then it waits until every message is sent and nothing
 * is pending, and counts (./fault-counts.ts).
 */
import { DateTime } from 'luxon';
import { demoPlan } from '../../src/domain/demo-plan';
import { planCalendar } from '../../src/domain/plan-calendar';
import { isStaleStep } from '../../src/domain/policies';
import { PlanSchema, type Plan } from '../../src/domain/plan-schema';
import { isWorkingDay } from '../../src/domain/holiday-calendar';
import { applyPlan } from '../../src/services/plan-service';
import { waitFor } from '../support/wait';
import { countFaults, type FaultCounts, type OutboxRow } from './fault-counts';
import type { FaultStack } from './fault-stack';

export interface FaultScenario {
  agencies: number;
  /** Reminder steps, `stepMs` apart; the first comes `leadMs` after the plan is applied. */
  steps: number;
  stepMs: number;
  leadMs: number;
  kills: number;
  /** Of `kills`, how many are aimed inside a send burst. */
  killsInSendWindow: number;
  temporalRestarts: number;
  smtpOutages: number;
  /** The longest SMTP outage; each lasts between half of it and all of it. */
  smtpOutageMs: number;
  postgresStops: number;
  /** The longest PostgreSQL stop; each lasts between half of it and all of it. */
  postgresStopMs: number;
  gatewayFaults: number;
  skewMs: number;
  seed: number;
  /** How long to wait, after the last escalation is due, for everything to be sent. */
  settleMs: number;
  /**
   * Past `settleMs`, keep waiting while messages still arrive: until none has for this long (more than the send
   * policy's longest retry interval, so a quiet spell is a stall, not a backoff). A backlog that drains late is then
   * counted as delivered late (`settledAfterMs`), not as lost. (Default: no extension.)
   */
  stallMs?: number;
}

export interface FaultRunResult extends FaultCounts {
  obligations: number;
  faults: Record<string, number>;
  killsLanded: { inSendWindow: number; random: number };
  unexpectedWorkerExits: number;
  /** From the last escalation's due instant to everything settled; null when it did not settle. */
  settledAfterMs: number | null;
  /** Reminder steps left out of `expected`: more than ten minutes past when their workflow began (a slow apply). */
  staleAtStart: number;
  /** The plan's workflows (cycle, obligations) that failed: each is an agency's or the plan's steps ended early. */
  failedWorkflows: number;
  runMs: number;
}

/** A small deterministic PRNG (mulberry32): the same seed gives the same fault order. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Working hours around the run (from half an hour before to an hour after it) when they fit in today and today is
 * a working day: every arrival must then fall inside them. Otherwise none (the demo plan's default).
 */
function workingHoursAround(start: Date, spanMs: number): { from: string; to: string } | false {
  const from = DateTime.fromJSDate(start, { zone: 'Asia/Ho_Chi_Minh' }).minus({ minutes: 30 });
  const to = DateTime.fromJSDate(start, { zone: 'Asia/Ho_Chi_Minh' }).plus({ milliseconds: spanMs, hours: 1 });
  if (!from.hasSame(to, 'day') || !isWorkingDay(from.toISODate()!)) return false;
  return { from: from.toFormat('HH:mm'), to: to.toFormat('HH:mm') };
}

/**
 * The messages the plan owes. A reminder step already more than STALE_STEP_MS past when its workflow began is missed
 * by design (src/domain/policies.ts), so when `startedAt` is given (each obligation workflow's start) such steps are
 * left out and counted in `staleAtStart`: on a loaded machine the apply of hundreds of obligations takes minutes.
 */
function expectedKeys(plan: Plan, startedAt?: Map<string, number>): { keys: string[]; staleAtStart: number } {
  const keys: string[] = [];
  let staleAtStart = 0;
  for (const item of planCalendar(plan)) {
    const n = item.agency.slice(2);
    const agency = plan.agencies.find((a) => a.code === item.agency)!;
    const phone = `+84${agency.contacts[0]!.phone!.slice(1)}`;
    const focal = `dau-moi-${n}@demo.nhac-han.test`;
    for (const r of item.reminderSteps) {
      const began = startedAt?.get(item.id);
      if (began !== undefined && isStaleStep(Date.parse(r.at), began, began, true)) {
        staleAtStart++;
        continue;
      }
      keys.push(`${item.id}#0:${r.step}:email:${focal}`, `${item.id}#0:${r.step}:sms:${phone}`);
    }
    keys.push(
      `${item.id}#0:escalation:1:focal:email:${focal}`,
      `${item.id}#0:escalation:1:focal:sms:${phone}`,
      `${item.id}#0:escalation:1:head:email:thu-truong-${n}@demo.nhac-han.test`,
      `${item.id}#0:escalation:2:coordinator:email:dieu-phoi@demo.nhac-han.test`,
    );
  }
  return { keys, staleAtStart };
}

type Fault = 'kill-burst' | 'kill-random' | 'temporal' | 'smtp' | 'postgres' | 'gateway';

export async function runFaultScenario(
  stack: FaultStack,
  s: FaultScenario,
  log: (line: string) => void,
): Promise<FaultRunResult> {
  const rand = random(s.seed);
  const started = new Date();
  const dueInMs = s.leadMs + s.steps * s.stepMs;
  const spanMs = dueInMs + 10_000 + s.settleMs;
  const workingHours = workingHoursAround(started, spanMs);
  const code = `FAULTS-${started.getTime().toString(36).toUpperCase()}`;
  const input = demoPlan({
    agencies: s.agencies,
    dueIn: `PT${Math.round(dueInMs / 1000)}S`,
    reminders: Array.from(
      { length: s.steps },
      (_, i) => `PT${Math.round((dueInMs - s.leadMs - i * s.stepMs) / 1000)}S`,
    ),
    escalateAfter: ['PT5S', 'PT10S'],
    now: started,
    code,
  });
  // The phone channels' own windows (07:00–22:00 by default) would hold every SMS of a run at night until the
  // morning: they follow the working hours here, so every channel flows throughout and nothing leaves outside them.
  input.policy = {
    ...input.policy,
    workingHours,
    sendWindows: workingHours ? { email: workingHours, sms: workingHours, zalo: workingHours } : false,
  };
  const plan = PlanSchema.parse(input);
  const { keys } = expectedKeys(plan);
  log(
    `plan ${code}: ${s.agencies} obligations, ${keys.length} messages expected, working hours ${JSON.stringify(workingHours)}`,
  );

  await stack.startWorker(0);
  await applyPlan({ prisma: stack.prisma, temporal: stack.client, taskQueue: stack.taskQueue }, plan);

  const arrivals = () => stack.mailbox.received.length + stack.gateway.messages.length;
  const lastArrival = () => Math.max(stack.mailbox.received.at(-1)?.at ?? 0, stack.gateway.messages.at(-1)?.at ?? 0);
  await waitFor('the first reminders', async () => (arrivals() > 0 ? true : undefined), s.leadMs + 120_000, 50);

  const order: Fault[] = [
    ...Array<Fault>(s.killsInSendWindow).fill('kill-burst'),
    ...Array<Fault>(s.kills - s.killsInSendWindow).fill('kill-random'),
    ...Array<Fault>(s.temporalRestarts).fill('temporal'),
    ...Array<Fault>(s.smtpOutages).fill('smtp'),
    ...Array<Fault>(s.postgresStops).fill('postgres'),
    ...Array<Fault>(s.gatewayFaults).fill('gateway'),
  ];
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const landed = { inSendWindow: 0, random: 0 };
  let skew = s.skewMs;
  const nextSkew = () => (skew = -skew);
  const dueAt = started.getTime() + dueInMs;
  for (const fault of order) {
    await new Promise((r) => setTimeout(r, rand() * Math.min(s.stepMs, 5_000)));
    if (fault === 'kill-burst') {
      // Aimed: a message arrived within the last 30 ms, so the worker is in the middle of a step's sends.
      const hit = await waitFor(
        'a send burst',
        async () => (Date.now() - lastArrival() < 30 ? true : Date.now() > dueAt + 10_000 ? false : undefined),
        dueInMs + 60_000,
        5,
      );
      await stack.killWorker(nextSkew(), hit ? 'in a send burst' : 'no burst left');
      if (hit) landed.inSendWindow++;
      else landed.random++;
    } else if (fault === 'kill-random') {
      await stack.killWorker(nextSkew());
      landed.random++;
    } else if (fault === 'temporal') await stack.restartTemporal();
    // Outages last between half and all of their length, so that they end at varied points of a step.
    else if (fault === 'smtp') await stack.smtpOutage(s.smtpOutageMs * (0.5 + rand() / 2));
    else if (fault === 'postgres') await stack.stopPostgres(s.postgresStopMs * (0.5 + rand() / 2));
    else {
      const at = Date.now();
      for (let k = 0; k < 3; k++) stack.gateway.failNext({ httpStatus: 503 });
      for (let k = 0; k < 2; k++) stack.gateway.failNext({ delayMs: 3_000 });
      stack.faults.push({ kind: 'gateway-fault', at, until: at, detail: '3 × 503, 2 answers after 3 s' });
    }
  }
  log(`faults done after ${Date.now() - started.getTime()} ms`);

  const readOutbox = () =>
    stack.prisma.notification.findMany({
      select: { key: true, channel: true, status: true, messageId: true, attemptLog: true },
    }) as Promise<OutboxRow[]>;
  const owedKeys = async () => {
    const startedAt = new Map<string, number>();
    for await (const w of stack.client.workflow.list({ query: `NhacHanPlan = "${code}"` }))
      startedAt.set(w.workflowId, w.startTime.getTime());
    return expectedKeys(plan, startedAt);
  };
  const settledProbe = async (): Promise<true | undefined> => {
    const rows = await readOutbox();
    const sent = new Set(rows.filter((r) => r.status === 'sent').map((r) => r.key));
    if ((await owedKeys()).keys.some((k) => !sent.has(k))) return undefined;
    if (rows.some((r) => r.status === 'pending' || r.status === 'sending')) return undefined;
    for await (const w of stack.client.workflow.list({ query: `NhacHanPlan = "${code}"` })) {
      const d = await stack.client.workflow.getHandle(w.workflowId).describe();
      if ((d.raw.pendingActivities ?? []).length > 0) return undefined;
    }
    return true;
  };
  const settleUntil = dueAt + 10_000 + s.settleMs;
  let settledAfterMs: number | null = null;
  for (;;) {
    const stillArriving = s.stallMs === undefined ? 0 : s.stallMs - (Date.now() - lastArrival());
    const wait = Math.max(settleUntil - Date.now(), stillArriving);
    if (wait <= 0) {
      log(
        `not settled: nothing pending-free by ${new Date(settleUntil).toISOString()} and no arrival for ${s.stallMs ?? 0} ms`,
      );
      break;
    }
    const done = await waitFor('every message sent, nothing pending', settledProbe, Math.min(wait, 60_000), 1_000).then(
      () => true,
      () => false,
    );
    if (done) {
      settledAfterMs = Date.now() - dueAt;
      break;
    }
  }

  const owed = await owedKeys();
  if (owed.staleAtStart > 0) log(`${owed.staleAtStart} reminder steps were long past when their workflow began`);
  const counts = countFaults({
    expectedKeys: owed.keys,
    outbox: await readOutbox(),
    mails: stack.mailbox.received,
    sms: stack.gateway.messages,
    faults: stack.faults,
    workingHours,
  });
  if (counts.lost > 0) {
    // What an operator would look at first: how many have no row, and a few of the rows not sent.
    const stored = new Set((await readOutbox()).map((r) => r.key));
    const notSent = await stack.prisma.notification.findMany({
      where: { status: { not: 'sent' } },
      select: { key: true, status: true, attempts: true, lastError: true },
      take: 20,
    });
    log(`lost: ${owed.keys.filter((k) => !stored.has(k)).length} expected messages have no outbox row`);
    log(`not sent (first 20): ${JSON.stringify(notSent)}`);
  }
  let failedWorkflows = 0;
  for await (const w of stack.client.workflow.list({
    query: `NhacHanPlan = "${code}" AND ExecutionStatus = "Failed"`,
  })) {
    log(`workflow failed: ${w.workflowId}`);
    failedWorkflows++;
  }
  const faults: Record<string, number> = {};
  for (const f of stack.faults) faults[f.kind] = (faults[f.kind] ?? 0) + 1;
  return {
    obligations: s.agencies,
    ...counts,
    staleAtStart: owed.staleAtStart,
    faults,
    killsLanded: landed,
    unexpectedWorkerExits: stack.unexpectedWorkerExits.length,
    settledAfterMs,
    failedWorkflows,
    runMs: Date.now() - started.getTime(),
  };
}
