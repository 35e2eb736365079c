/** Temporal for tests: the shared dev server (global setup) or a time-skipping server per file. */
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';

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
  // moves only while a test awaits a workflow result, which is what advance() does.
  await env.connection.testService?.lockTimeSkipping({});
  return env;
}

/** Advances the time-skipping server's clock by `ms` (see sleeperWorkflow for why not env.sleep). */
export async function advance(env: TestWorkflowEnvironment, taskQueue: string, ms: number): Promise<void> {
  if (ms <= 0) return;
  await env.client.workflow.execute('sleeperWorkflow', {
    args: [ms],
    taskQueue,
    workflowId: `clock-${Date.now()}-${Math.random().toString(36).slice(2)}`,
  });
}
