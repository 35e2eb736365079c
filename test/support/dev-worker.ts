/**
 * The product's worker on the shared dev server (global setup), with real activities over a cloned database and a
 * real SMTP mailbox, on a task queue of its own: what the dev-server integration tests run against.
 */
import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../../src/activities';
import { createTestDeps, type TestDeps } from './stack';
import { devServerAddress } from './temporal';

export interface DevWorker {
  t: TestDeps;
  client: Client;
  taskQueue: string;
  /** How many workflows a visibility query lists (eventually consistent: poll it with waitFor). */
  count(query: string): Promise<number>;
  stop(): Promise<void>;
}

export async function startDevWorker(prefix: string): Promise<DevWorker> {
  const t = await createTestDeps();
  const taskQueue = `${prefix}-${randomBytes(4).toString('hex')}`;
  const connection = await Connection.connect({ address: devServerAddress() });
  const client = new Client({ connection });
  const native = await NativeConnection.connect({ address: devServerAddress() });
  const worker = await Worker.create({
    connection: native,
    taskQueue,
    workflowsPath: require.resolve('../../src/workflows'),
    activities: createActivities(t.deps),
  });
  const running = worker.run();
  return {
    t,
    client,
    taskQueue,
    async count(query) {
      let n = 0;
      for await (const _ of client.workflow.list({ query })) n++;
      return n;
    },
    async stop() {
      worker.shutdown();
      await running;
      await native.close();
      await connection.close();
      await t.close();
    },
  };
}
