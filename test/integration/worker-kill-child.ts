/**
 * A worker process for test/integration/worker-kill.test.ts: the product's worker (`createWorker` from src/worker.ts,
 * the real activities over PostgreSQL and SMTP), run in its own process so the test can SIGKILL it like a host
 * losing power. Writes `READY` on stdout once it polls its task queue.
 *
 * With `hold`, the matching `sendReminder` attempt does all its work (mail accepted, outbox and event rows written)
 * and then never returns: the kill then lands after the side effects and before Temporal hears of the completion,
 * so the server retries the activity on the next worker and only the outbox stands between that retry and a second
 * copy. The child writes `HELD` once the other activities in flight have finished, so that the kill hits only the
 * held one (a kill inside another send's acceptance-to-record window would make a documented copy, and that is
 * test/notify/exactly-once.test.ts's subject, not this one's).
 */
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { createActivities, type Activities, type SendReminderInput } from '../../src/activities';
import { createPrisma } from '../../src/db/prisma';
import { createMailer } from '../../src/notify/mailer';
import { createSmsProvider } from '../../src/notify/sms/create-sms-provider';
import { loadTemplates } from '../../src/notify/template-renderer';
import { createWorker } from '../../src/worker';
import { serveAsChild } from '../support/child-worker';

export interface WorkerChildArgs {
  address: string;
  taskQueue: string;
  databaseUrl: string;
  smtpUrl: string;
  /** Prebuilt workflow bundle, so a restarted worker is polling within a second or two. */
  bundlePath: string;
  hold?: { assignmentId: string; step: string };
}

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

async function run(): Promise<void> {
  const args = JSON.parse(process.argv[2] ?? '{}') as WorkerChildArgs;
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const prisma = createPrisma(args.databaseUrl, { max: 5 });
  const mailer = createMailer(args.smtpUrl, 'Nhắc Hạn <nhac-han@test.local>');
  const deps = {
    prisma,
    mailer,
    sms: createSmsProvider({ provider: 'log' }, { log: quiet }),
    templates: loadTemplates(),
    links: { baseUrl: 'http://nhac-han.test', secret: 'test-secret-0123456789' },
    log: quiet,
  };
  const real = createActivities(deps);
  let inFlight = 0;
  const counted = <A extends unknown[], R>(fn: (...a: A) => Promise<R>) =>
    async function (...a: A): Promise<R> {
      inFlight++;
      try {
        return await fn(...a);
      } finally {
        inFlight--;
      }
    };
  const activities: Activities = {
    ...real,
    recordState: counted(real.recordState),
    sendEscalation: counted(real.sendEscalation),
    sendReminder: counted(async (input: SendReminderInput) => {
      const result = await real.sendReminder(input);
      const h = args.hold;
      if (h && input.assignmentId === h.assignmentId && input.step === h.step) {
        for (let i = 0; inFlight > 1 && i < 400; i++) await new Promise((r) => setTimeout(r, 50));
        process.stdout.write(`HELD ${JSON.stringify({ inFlight })}\n`);
        await new Promise(() => undefined);
      }
      return result;
    }),
  };
  const { worker, connection } = await createWorker({
    address: args.address,
    namespace: 'default',
    taskQueue: args.taskQueue,
    workflowBundlePath: args.bundlePath,
    deps,
    options: { activities },
  });
  await serveAsChild(worker, [() => connection.close(), () => mailer.close(), () => prisma.$disconnect()]);
}

run().catch((err) => {
  console.error(err);
  process.exit(1);
});
