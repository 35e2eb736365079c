/**
 * The fault suite, short form (the long form is `npm run bench -- faults`): a plan of 30 obligations with a reminder
 * step every 10 s on its own PostgreSQL, Temporal dev server, SMTP mailbox and eSMS gateway, and while it runs:
 * kill -9 of the worker (once inside a send burst, once at random; the replacements' clocks 5 minutes ahead and
 * behind), a restart of the Temporal server, an SMTP outage, a PostgreSQL stop, eSMS answering 503 and too late.
 * Nothing is lost, no copy arrives outside the outbox's documented window, retries back off within the policy's
 * ten minutes, and nothing arrives outside working hours.
 */
import { SEND_RETRY } from '../../src/domain/policies';
import { runFaultScenario, type FaultRunResult } from './fault-run';
import { startFaultStack, type FaultStack } from './fault-stack';

const say = (line: string) => process.stdout.write(`[faults] ${line}\n`);
let stack: FaultStack | undefined;

beforeAll(async () => {
  stack = await startFaultStack(say);
}, 300_000);

afterAll(async () => {
  await stack?.close();
}, 120_000);

test('worker kills, a Temporal restart, SMTP and PostgreSQL outages, gateway faults, skewed clocks: nothing lost, no copy outside the window', async () => {
  const result: FaultRunResult = await runFaultScenario(
    stack!,
    {
      agencies: 30,
      steps: 5,
      stepMs: 10_000,
      leadMs: 15_000,
      kills: 2,
      killsInSendWindow: 1,
      temporalRestarts: 1,
      smtpOutages: 1,
      smtpOutageMs: 8_000,
      postgresStops: 1,
      postgresStopMs: 8_000,
      gatewayFaults: 1,
      skewMs: 5 * 60_000,
      seed: 17,
      settleMs: 120_000,
    },
    say,
  );
  say(JSON.stringify(result));
  expect(result.faults).toEqual({
    'worker-kill': 2,
    'temporal-restart': 1,
    'smtp-outage': 1,
    'postgres-stop': 1,
    'gateway-fault': 1,
  });
  expect(result).toMatchObject({
    lost: 0,
    duplicatesOutsideWindow: 0,
    failed: 0,
    unexpectedRows: 0,
    unexpectedWorkerExits: 0,
    failedWorkflows: 0,
    // Applied in seconds here: every step is owed, none left out as past when its workflow began.
    staleAtStart: 0,
  });
  expect(result.settledAfterMs).not.toBeNull();
  expect(result.delivered).toBeGreaterThanOrEqual(result.expected);
  expect(result.delivered).toBe(result.expected + result.duplicatesInWindow);
  expect(result.maxRetryIntervalMs).toBeLessThanOrEqual(10 * 60_000 + 5_000);
  expect(SEND_RETRY.maximumInterval).toBe('10 minutes');
  if (result.outsideHours !== null) expect(result.outsideHours).toBe(0);
}, 600_000);
