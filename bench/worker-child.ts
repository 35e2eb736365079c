/**
 * The worker of `bench workflows` and `bench burst`, in its own process so that its resident memory is its own (read
 * from /proc/<pid>/status by the bench). `product`: the product's worker (`createWorker` from src/worker.ts, the real
 * activities over PostgreSQL, SMTP and the log SMS provider) on a prebuilt bundle, as production runs it
 * (`npm run build:workflow`). `empty`: a worker with only ./empty-workflow.ts and a no-op activity, for the server's
 * limit, with the same settings as the product's (src/worker.ts's, the environment's `WORKER_*` through
 * `loadConfig`, then `options`), so that a limit and the product it is compared with differ only in their code.
 * Writes `READY` on stdout once it polls, then a `MEM <json>` line (process.memoryUsage(), bytes) every second;
 * SIGTERM shuts it down.
 */
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { loadConfig } from '../src/config';
import { createPrisma } from '../src/db/prisma';
import { createMailer } from '../src/notify/mailer';
import { createSmsProvider } from '../src/notify/sms/create-sms-provider';
import { loadTemplates } from '../src/notify/template-renderer';
import { createWorker, workerTuningOptions } from '../src/worker';
import { serveAsChild } from '../test/support/child-worker';
import type { BenchWorkerOptions } from './worker-options';

export interface BenchWorkerArgs {
  mode: 'product' | 'empty';
  address: string;
  taskQueue: string;
  databaseUrl?: string;
  smtpUrl?: string;
  bundlePath: string;
  /** Worker options to try over the product's settings (the same for both modes). */
  options?: BenchWorkerOptions;
}

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

async function run(): Promise<void> {
  const args = JSON.parse(process.argv[2] ?? '{}') as BenchWorkerArgs;
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const tuning = loadConfig(process.env).worker;
  const closers: (() => Promise<void> | void)[] = [];
  let worker: Worker;
  if (args.mode === 'empty') {
    const connection = await NativeConnection.connect({ address: args.address });
    closers.push(() => connection.close());
    worker = await Worker.create({
      connection,
      taskQueue: args.taskQueue,
      workflowBundle: { codePath: args.bundlePath },
      // bench burst's limit: the one activity its workflow runs, which tells when it ran.
      activities: { noop: async () => Date.now() },
      ...workerTuningOptions(tuning),
      ...args.options,
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
      tuning,
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
  const memory = setInterval(() => process.stdout.write(`MEM ${JSON.stringify(process.memoryUsage())}\n`), 1000);
  memory.unref();
  await serveAsChild(worker, closers);
}

run().catch((err) => {
  console.error(err);
  process.exit(1);
});
