/**
 * A worker process for the crash tests (test/notify/exactly-once.test.ts). It runs `sendReminder` once against the
 * given database and SMTP server with the real activities, and dies by SIGKILL at the chosen point:
 *
 * - `before-send`: the outbox claimed the message, nothing reached the SMTP server;
 * - `after-accept`: the SMTP server answered 250 to the message, and the outbox's `sent` record is about to be
 *   written: the kill lands inside the one statement the design leaves between acceptance and record.
 *
 * SIGKILL leaves no chance to clean up, like a worker host losing power: in-memory state is gone, the row keeps
 * its lease. Exits 0 when no kill point was reached.
 */
import type { SendReminderInput } from '../../src/activities';
import { createActivities } from '../../src/activities';
import { createPrisma } from '../../src/db/prisma';
import { createMailer, type Mailer } from '../../src/notify/mailer';
import { createSmsProvider } from '../../src/notify/sms/create-sms-provider';
import { loadTemplates } from '../../src/notify/template-renderer';

export interface CrashChildArgs {
  databaseUrl: string;
  smtpUrl: string;
  killAt: 'before-send' | 'after-accept';
  leaseMs: number;
  input: SendReminderInput;
}

const die = (): never => {
  process.kill(process.pid, 'SIGKILL');
  throw new Error('unreachable');
};

async function run(): Promise<void> {
  const args = JSON.parse(process.argv[2] ?? '{}') as CrashChildArgs;
  const real = createPrisma(args.databaseUrl, { max: 2 });
  // The outbox writes its `sent` record with $executeRaw; the kill replaces that statement.
  const prisma = new Proxy(real, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (prop === '$executeRaw' && args.killAt === 'after-accept') {
        return (strings: TemplateStringsArray, ...values: unknown[]) => {
          if (strings.join('?').includes(`"status" = 'sent'`)) die();
          return target.$executeRaw(strings, ...values);
        };
      }
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  const smtp = createMailer(args.smtpUrl, 'Nhắc Hạn <nhac-han@test.local>', { pool: false });
  const mailer: Mailer = args.killAt === 'before-send' ? { ...smtp, send: () => Promise.resolve(die()) } : smtp;
  const activities = createActivities({
    prisma,
    mailer,
    sms: createSmsProvider({ provider: 'log' }, { log: { info: () => undefined } }),
    templates: loadTemplates(),
    links: { baseUrl: 'http://nhac-han.test', secret: 'test-secret-0123456789' },
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    clock: () => new Date('2027-06-03T01:00:00Z'),
    delivery: { leaseMs: args.leaseMs },
  });
  try {
    await activities.sendReminder(args.input);
  } finally {
    smtp.close();
    await real.$disconnect();
  }
}

run().catch((err) => {
  console.error(err);
  process.exit(1);
});
