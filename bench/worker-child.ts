/**
 * The worker of `bench workflows`, in its own process so that its resident memory is its own (read from
 * /proc/<pid>/status by the bench). `product`: the product's worker (`createWorker` from src/worker.ts, the real
 * activities over PostgreSQL, SMTP and the log SMS provider) on a prebuilt bundle, as production runs it
 * (`npm run build:workflow`). `empty`: a worker with only ./empty-workflow.ts, for the server's limit.
 * Writes `READY` on stdout once it polls; SIGTERM shuts it down.
 */
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createPrisma } from '../src/db/prisma';
import { createMailer } from '../src/notify/mailer';
import { createSmsProvider } from '../src/notify/sms/create-sms-provider';
import { loadTemplates } from '../src/notify/template-renderer';
import { createWorker } from '../src/worker';
import { serveAsChild } from '../test/support/child-worker';

export interface BenchWorkerArgs {
  mode: 'product' | 'empty';
  address: string;
  taskQueue: string;
  databaseUrl?: string;
  smtpUrl?: string;
  bundlePath: string;
  /** Worker options to try against the defaults of src/worker.ts (bench burst's `BENCH_WORKER_OPTIONS`). */
  options?: {
    maxCachedWorkflows?: number;
    maxConcurrentActivityTaskExecutions?: number;
    maxConcurrentWorkflowTaskPolls?: number;
  };
}

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

async function run(): Promise<void> {
  const args = JSON.parse(process.argv[2] ?? '{}') as BenchWorkerArgs;
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const closers: (() => Promise<void> | void)[] = [];
  let worker: Worker;
  if (args.mode === 'empty') {
    const connection = await NativeConnection.connect({ address: args.address });
    closers.push(() => connection.close());
    worker = await Worker.create({
      connection,
      taskQueue: args.taskQueue,
      workflowBundle: { codePath: args.bundlePath },
      // bench burst's timer limit: the one activity its workflow runs.
      activities: { noop: async () => undefined },
    });
  } else {
    const prisma = createPrisma(args.databaseUrl!);
    const mailer = createMailer(args.smtpUrl!, 'Nhắc Hạn <nhac-han@bench.local>');
    closers.push(
      () => prisma.$disconnect(),
      () => mailer.close(),
    );
    const created = await createWorker({
      address: args.address,
      namespace: 'default',
      taskQueue: args.taskQueue,
      workflowBundlePath: args.bundlePath,
      options: args.options,
      deps: {
        prisma,
        mailer,
        sms: createSmsProvider({ provider: 'log' }, { log: quiet }),
        templates: loadTemplates(),
        links: { baseUrl: 'https://nhachan.bench.gov.vn', secret: 'bench-secret-0123456789' },
        log: quiet,
      },
    });
    worker = created.worker;
    closers.unshift(() => created.connection.close());
  }
  await serveAsChild(worker, closers);
}

run().catch((err) => {
  console.error(err);
  process.exit(1);
});
