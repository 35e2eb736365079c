/**
 * The worker: the only place that builds real clients (Prisma, SMTP, SMS) and hands them to the activities. Runs
 * in-process under `nhac-han start`, or alone as `nhac-han worker` against external services.
 */
import path from 'node:path';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps, type Logger } from './activities';

export interface WorkerSetup {
  address: string;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  /** Prebuilt workflow bundle (npm run build:workflow); default: bundle src/workflows at start. */
  workflowBundlePath?: string;
  options?: Partial<WorkerOptions>;
}

export const consoleLogger: Logger = {
  info: (m, meta) => console.log(`[worker] ${m}`, meta ? JSON.stringify(meta) : ''),
  warn: (m, meta) => console.warn(`[worker] ${m}`, meta ? JSON.stringify(meta) : ''),
  error: (m, meta) => console.error(`[worker] ${m}`, meta ? JSON.stringify(meta) : ''),
};

export async function createWorker(setup: WorkerSetup): Promise<{ worker: Worker; connection: NativeConnection }> {
  const connection = await NativeConnection.connect({ address: setup.address });
  const worker = await Worker.create({
    connection,
    namespace: setup.namespace,
    taskQueue: setup.taskQueue,
    ...(setup.workflowBundlePath
      ? { workflowBundle: { codePath: setup.workflowBundlePath } }
      : { workflowsPath: require.resolve('./workflows'), bundlerOptions: { ignoreModules: [] } }),
    activities: createActivities(setup.deps),
    // Bounded to what the worker's clients can serve (a database pool of 10, 5 SMTP connections): more concurrent
    // sends only queue inside the process and swell its memory. Cached workflows are replayed when evicted.
    maxConcurrentActivityTaskExecutions: 32,
    maxCachedWorkflows: 500,
    ...setup.options,
  });
  return { worker, connection };
}

export const WORKFLOW_BUNDLE_PATH = path.join(__dirname, '..', 'dist', 'workflow-bundle.js');
