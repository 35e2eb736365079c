/**
 * The worker of the fault suite (test/faults/, bench/faults.bench.ts): the product's worker (`createWorker` from
 * src/worker.ts, the real activities over PostgreSQL, SMTP and the eSMS provider) in its own process, so that the
 * suite can kill -9 it like a host losing power. Writes `READY` on stdout once it polls its task queue.
 *
 * `skewMs` puts this worker's clock that far off the true time: the activities' clock (`ActivityDeps.clock`, the
 * one every time-dependent activity decision reads: working hours, link expiry, report dates) runs skewed, as on a
 * host whose NTP failed. Temporal's timers stay the server's, as they are in production.
 */
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { createPrisma } from '../../src/db/prisma';
import { createMailer } from '../../src/notify/mailer';
import { createSmsProvider } from '../../src/notify/sms/create-sms-provider';
import { loadTemplates } from '../../src/notify/template-renderer';
import { createWorker } from '../../src/worker';
import { serveAsChild } from './child-worker';

export interface FaultWorkerArgs {
  address: string;
  taskQueue: string;
  databaseUrl: string;
  smtpUrl: string;
  esms: { baseUrl: string; apiKey: string; secretKey: string; brandname: string; timeoutMs: number };
  /** Prebuilt workflow bundle, so a restarted worker is polling within seconds. */
  bundlePath: string;
  /** How far this worker's clock is off, in ms (positive: ahead). */
  skewMs: number;
}

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

async function run(): Promise<void> {
  const args = JSON.parse(process.argv[2] ?? '{}') as FaultWorkerArgs;
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const prisma = createPrisma(args.databaseUrl, { max: 10 });
  const mailer = createMailer(args.smtpUrl, 'Nhắc Hạn <nhac-han@faults.local>');
  const { timeoutMs, ...esms } = args.esms;
  const { worker, connection } = await createWorker({
    address: args.address,
    namespace: 'default',
    taskQueue: args.taskQueue,
    workflowBundlePath: args.bundlePath,
    deps: {
      prisma,
      mailer,
      sms: createSmsProvider({ provider: 'esms', esms, timeoutMs }, { log: quiet }),
      templates: loadTemplates(),
      links: { baseUrl: 'http://nhac-han.test', secret: 'fault-suite-secret-0123456789' },
      log: quiet,
      clock: () => new Date(Date.now() + args.skewMs),
    },
  });
  await serveAsChild(worker, [() => connection.close(), () => mailer.close(), () => prisma.$disconnect()]);
}

run().catch((err) => {
  console.error(err);
  process.exit(1);
});
