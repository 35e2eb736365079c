/** Temporal for tests: the shared dev server (global setup) or a time-skipping server per file. */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../../src/activities';
import { SEARCH_ATTRIBUTE_DEFINITIONS } from '../../src/domain/search-attributes';
import { createTestDeps } from './stack';

export function devServerAddress(): string {
  const a = process.env.NHAC_HAN_TEST_TEMPORAL_ADDRESS;
  if (!a) throw new Error('NHAC_HAN_TEST_TEMPORAL_ADDRESS is not set: run the tests through jest');
  return a;
}

export function testServerExecutable(): string {
  const tools = process.env.NHAC_HAN_TEST_TOOLS_DIR ?? path.join(__dirname, '..', '..', '.tools');
  return path.join(tools, 'test-server', 'temporal-test-server');
}

/** Temporal's time-skipping test server, started from the path scripts/setup-toolchain.js prepared. */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: testServerExecutable() } },
  });
  // Out of the box this server skips ahead whenever nothing is in flight, racing the test's own steps (a submission
  // sent just after a plan was applied arrived after the first reminder on a busy CI machine). Held here, the clock
  // moves only inside advance() or while a test awaits a workflow result.
  await env.connection.testService?.lockTimeSkipping({});
  return env;
}

/**
 * Advances the time-skipping server's clock by `ms`, exactly: the server unlocks its clock and locks it again in
 * the timer that ends the sleep. (Awaiting a sleeper workflow's result instead overshoots: between the result and
 * the client's lock the server skips on to the next timer, e.g. closing a late window before a submission.)
 */
export async function advance(env: TestWorkflowEnvironment, ms: number): Promise<void> {
  if (ms > 0) await env.sleep(ms);
}

/** The Java test server accepts custom search attributes once they are registered, as the dev server's are. */
export async function registerSearchAttributes(env: TestWorkflowEnvironment): Promise<void> {
  const { IndexedValueType } = temporal.api.enums.v1;
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
}

/**
 * A time-skipping server with the search attributes registered, real activity dependencies (cloned database, SMTP
 * mailbox), and a factory for workers on one task queue (a worker runs once: `runUntil` shuts it down).
 */
export async function createTimeSkippingHarness(prefix = 'ts') {
  const env = await createTimeSkippingEnv();
  await registerSearchAttributes(env);
  const t = await createTestDeps();
  const taskQueue = `${prefix}-${randomBytes(4).toString('hex')}`;
  return {
    env,
    t,
    taskQueue,
    worker: () =>
      Worker.create({
        connection: env.nativeConnection,
        taskQueue,
        workflowsPath: require.resolve('./test-workflows'),
        activities: createActivities(t.deps),
      }),
    async close() {
      await env.teardown();
      await t.close();
    },
  };
}
