/**
 * The Temporal worker: the workflows and the activities built from the dependencies it is handed (by
 * src/runtime/activity-deps.ts, the one place that builds the real mailer and SMS provider). Runs in-process under
 * `nhac-han start`, or alone as `nhac-han worker` against external services.
 */
import { packageRoot } from './runtime/package-root';
import path from 'node:path';
import { NativeConnection, Worker, type InjectedSinks, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from './activities';
import { WORKER_DEFAULTS, type WorkerTuning } from './config';
import type { Metrics } from './runtime/metrics';
import type { MetricsSinks } from './workflows/started-interceptor';

export interface WorkerSetup {
  address: string;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  /** Prebuilt workflow bundle (npm run build:workflow); default: bundle src/workflows at start. */
  workflowBundlePath?: string;
  /** What the environment sets (`loadConfig().worker`). (Default: `WORKER_DEFAULTS`.) */
  tuning?: WorkerTuning;
  /** Any other worker option, over the tuning (tests and benches). */
  options?: Partial<WorkerOptions>;
  /** The process's metrics: the activities count their messages, the workflows their starts. (Default: none.) */
  metrics?: Metrics;
}

/** The workflow interceptor that counts starts; the prebuilt bundle includes it too (scripts/build-workflow-bundle.ts). */
export const WORKFLOW_INTERCEPTOR_MODULES = [require.resolve('./workflows/started-interceptor')];

/**
 * The worker's capacity settings, from the environment's tuning (`WORKER_*`, src/config.ts) and the fixed ones
 * below; bench/burst gives its limit's worker the same, so that the two differ only in their workflow code.
 */
export function workerTuningOptions(tuning: WorkerTuning): Partial<WorkerOptions> {
  return {
    // Bounded to what the worker's clients can serve (a database pool of 10, 5 SMTP connections): more concurrent
    // sends only queue inside the process and swell its memory.
    maxConcurrentActivityTaskExecutions: 32,
    // Memory against promptness (bench/workflows, 1,000 open obligations): each cached workflow costs about 0.2 MB
    // beyond the first 500; with all cached the worker held 680 MB and a burst of 100 reminders went out 1 s after
    // their instant (median), with 500 cached 573–581 MB and 1.4 s. Evicted workflows replay when their timer
    // fires, which a reminder due days ahead does not notice. More pollers let a burst of timers reach the worker.
    maxCachedWorkflows: tuning.maxCachedWorkflows,
    maxConcurrentWorkflowTaskPolls: 20,
  };
}

export async function createWorker(setup: WorkerSetup): Promise<{ worker: Worker; connection: NativeConnection }> {
  const connection = await NativeConnection.connect({ address: setup.address });
  const metrics = setup.metrics;
  const sinks: InjectedSinks<MetricsSinks> = {
    metrics: {
      workflowStarted: {
        fn: (info) => metrics?.workflowsStarted.inc({ type: info.workflowType }),
        callDuringReplay: false,
      },
      timerLateness: {
        fn: (info, lateMs) =>
          metrics?.timerLateness.observe({ workflow_type: info.workflowType }, Math.max(0, lateMs) / 1000),
        callDuringReplay: false,
      },
    },
  };
  const worker = await Worker.create({
    connection,
    namespace: setup.namespace,
    taskQueue: setup.taskQueue,
    ...(setup.workflowBundlePath
      ? { workflowBundle: { codePath: setup.workflowBundlePath } }
      : {
          workflowsPath: require.resolve('./workflows'),
          bundlerOptions: { ignoreModules: [] },
          interceptors: { workflowModules: WORKFLOW_INTERCEPTOR_MODULES },
        }),
    activities: createActivities(metrics ? { ...setup.deps, metrics } : setup.deps),
    sinks,
    ...workerTuningOptions(setup.tuning ?? WORKER_DEFAULTS),
    ...setup.options,
  });
  return { worker, connection };
}

export const WORKFLOW_BUNDLE_PATH = path.join(packageRoot(), 'dist', 'workflow-bundle.js');
