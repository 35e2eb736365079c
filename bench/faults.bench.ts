/**
 * `npm run bench -- faults`: the fault suite's long form (test/faults/fault-run.ts). Defaults are the counts:
 * 200 obligations, 100 worker kills (30 inside a send burst), 20 Temporal server restarts, 10 SMTP outages of up to
 * 3 minutes, 5 PostgreSQL stops of up to 5 minutes, 10 bursts of eSMS 503s and late answers, clocks skewed ±5 min.
 * Each count can be lowered for a shorter run through the environment:
 *
 *   NHAC_HAN_FAULTS_AGENCIES, _KILLS, _KILLS_IN_WINDOW, _TEMPORAL_RESTARTS, _SMTP_OUTAGES, _SMTP_OUTAGE_MS,
 *   _POSTGRES_STOPS, _POSTGRES_STOP_MS, _GATEWAY_FAULTS, _STEP_MS, _SEED, _STALL_MS (all prefixed NHAC_HAN_FAULTS_)
 *
 * After the last escalation is due it waits 20 minutes for everything to be sent, and on past that while messages
 * still arrive (until none has for `STALL_MS`, 11 minutes): a backlog that drains late counts as late
 * (`settledAfterMs`), a message still missing then as lost.
 *
 * The plan's reminder steps are as many as the faults are expected to take, so that reminders flow throughout.
 * Prints { bench: 'faults', cores, at, lost, duplicatesOutsideWindow, duplicatesInWindow, recoveryMaxMs,
 * maxRetryIntervalMs, outsideHours, failedWorkflows, … }; exits 1 when something was lost or copied outside the
 * window, or a workflow of the plan failed.
 */
import { runFaultScenario, type FaultScenario } from '../test/faults/fault-run';
import { startFaultStack } from '../test/faults/fault-stack';
import { printFigures } from './report-line';

const num = (name: string, dflt: number) => {
  const v = process.env[`NHAC_HAN_FAULTS_${name}`];
  const n = v === undefined ? dflt : Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`NHAC_HAN_FAULTS_${name}: must be a number ≥ 0, got "${v}"`);
  return n;
};

async function run(): Promise<number> {
  const scenario: Omit<FaultScenario, 'steps'> = {
    agencies: num('AGENCIES', 200),
    stepMs: num('STEP_MS', 30_000),
    leadMs: 30_000,
    kills: num('KILLS', 100),
    killsInSendWindow: num('KILLS_IN_WINDOW', 30),
    temporalRestarts: num('TEMPORAL_RESTARTS', 20),
    smtpOutages: num('SMTP_OUTAGES', 10),
    smtpOutageMs: num('SMTP_OUTAGE_MS', 180_000),
    postgresStops: num('POSTGRES_STOPS', 5),
    postgresStopMs: num('POSTGRES_STOP_MS', 300_000),
    gatewayFaults: num('GATEWAY_FAULTS', 10),
    skewMs: 5 * 60_000,
    seed: num('SEED', 17),
    settleMs: 20 * 60_000,
    // Then on while messages still arrive, until none has for 11 min (the send policy's longest interval is 10).
    stallMs: num('STALL_MS', 11 * 60_000),
  };
  // What the faults take on this machine (a worker restart ~12 s, a server restart ~3 s, outages ~¾ of their length,
  // up to 5 s between faults), so that reminder steps keep coming until the last fault is over.
  const faultsMs =
    scenario.kills * 15_000 +
    scenario.temporalRestarts * 6_000 +
    scenario.smtpOutages * (0.75 * scenario.smtpOutageMs + 2_500) +
    scenario.postgresStops * (0.75 * scenario.postgresStopMs + 6_000) +
    scenario.gatewayFaults * 2_500;
  const steps = Math.max(3, Math.ceil(faultsMs / scenario.stepMs) + 2);
  if (scenario.killsInSendWindow > scenario.kills) throw new Error('NHAC_HAN_FAULTS_KILLS_IN_WINDOW: more than KILLS');
  const say = (line: string) => process.stderr.write(`[faults] ${line}\n`);
  say(`${steps} reminder steps, faults expected to take ${Math.round(faultsMs / 60_000)} min`);
  const stack = await startFaultStack(say);
  try {
    const r = await runFaultScenario(stack, { ...scenario, steps }, say);
    for (const c of r.copies) say(`copy ${JSON.stringify(c)}`);
    printFigures('faults', {
      lost: r.lost,
      duplicatesOutsideWindow: r.duplicatesOutsideWindow,
      duplicatesInWindow: r.duplicatesInWindow,
      recoveryMaxMs: r.recoveryMaxMs,
      maxRetryIntervalMs: r.maxRetryIntervalMs,
      outsideHours: r.outsideHours,
      obligations: r.obligations,
      steps,
      expected: r.expected,
      staleAtStart: r.staleAtStart,
      delivered: r.delivered,
      failed: r.failed,
      faults: r.faults,
      killsInSendWindow: r.killsLanded.inSendWindow,
      unexpectedWorkerExits: r.unexpectedWorkerExits,
      settledAfterMs: r.settledAfterMs,
      failedWorkflows: r.failedWorkflows,
      runMs: r.runMs,
    });
    return r.lost === 0 && r.duplicatesOutsideWindow === 0 && r.failedWorkflows === 0 ? 0 : 1;
  } finally {
    await stack.close();
  }
}

run()
  .then((code) => process.exit(code))
  .catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
