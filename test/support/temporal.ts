/** Temporal for tests: the shared dev server (global setup) or a time-skipping server per file. */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../../src/activities';
import { SEARCH_ATTRIBUTE_DEFINITIONS } from '../../src/domain/search-attributes';
import { freePort } from '../../src/embedded/ports';
import { createTestDeps } from './stack';

type Activities = ReturnType<typeof createActivities>;

/** What Prisma says while PostgreSQL is stopped: an outage of our own database, as activities see it. */
export const databaseAwayError = () => new Error(`Can't reach database server at 127.0.0.1:5432`);

export function devServerAddress(): string {
  const a = process.env.NHAC_HAN_TEST_TEMPORAL_ADDRESS;
  if (!a) throw new Error('NHAC_HAN_TEST_TEMPORAL_ADDRESS is not set: run the tests through jest');
  return a;
}

export function testServerExecutable(): string {
  const tools = process.env.NHAC_HAN_TEST_TOOLS_DIR ?? path.join(__dirname, '..', '..', '.tools');
  return path.join(tools, 'test-server', 'temporal-test-server');
}

/** How long the Java test server may take to listen: a JVM start on a loaded 2-core laptop takes far more than 5 s. */
const TEST_SERVER_START_MS = 120_000;

/**
 * Temporal's time-skipping test server, started from the path scripts/setup-toolchain.js prepared. Started here
 * rather than by the SDK, whose core gives the server a few seconds to listen: on a busy machine the JVM missed that
 * and whole test files failed before their first test. The environment is then the SDK's own, over that address.
 */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const port = await freePort();
  const server = spawn(testServerExecutable(), [String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  server.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString('utf8')).slice(-4000)));
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  try {
    await waitForPort(port, TEST_SERVER_START_MS, () =>
      server.exitCode !== null ? `the test server exited with ${server.exitCode}: ${stderr}` : undefined,
    );
  } catch (err) {
    server.kill('SIGKILL');
    throw err;
  }
  // `create` is the SDK's own constructor path for every environment kind; `createFromExistingServer` only lacks
  // the flag that enables the test service (time skipping) on the connections.
  const create = (TestWorkflowEnvironment as unknown as { create(o: unknown): Promise<TestWorkflowEnvironment> })
    .create;
  const env = await create
    .call(TestWorkflowEnvironment, {
      server: { type: 'existing' },
      address: `127.0.0.1:${port}`,
      namespace: 'default',
      supportsTimeSkipping: true,
    })
    .catch((err: unknown) => {
      server.kill('SIGKILL');
      throw err;
    });
  const teardown = env.teardown.bind(env);
  env.teardown = async () => {
    await teardown();
    server.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000).unref())]);
    if (server.exitCode === null) server.kill('SIGKILL');
  };
  // Out of the box this server skips ahead whenever nothing is in flight, racing the test's own steps (a submission
  // sent just after a plan was applied arrived after the first reminder on a busy CI machine). Held here, the clock
  // moves only inside advance() or while a test awaits a workflow result.
  await env.connection.testService?.lockTimeSkipping({});
  return env;
}

/** Resolves once something accepts connections on 127.0.0.1:`port`; `gaveUp` names a reason to stop early. */
async function waitForPort(port: number, timeoutMs: number, gaveUp: () => string | undefined): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    const reason = gaveUp();
    if (reason) throw new Error(reason);
    if (Date.now() > deadline) throw new Error(`the time-skipping test server did not listen within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
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
    /** `override` replaces some activities, given the real ones (e.g. one that fails while the database is away). */
    worker: (override?: (real: Activities) => Partial<Activities>) => {
      const real = createActivities(t.deps);
      return Worker.create({
        connection: env.nativeConnection,
        taskQueue,
        workflowsPath: require.resolve('./test-workflows'),
        activities: { ...real, ...override?.(real) },
      });
    },
    async close() {
      await env.teardown();
      await t.close();
    },
  };
}
