/** The checks `/healthz` runs, named for the dependency each proves reachable; each resolves or throws. */
import type { Connection } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import type { PrismaClient } from '../db/prisma';
import type { Mailer } from '../notify/mailer';

export type HealthChecks = Record<string, () => Promise<void>>;

/** Only what the process uses is checked: the web process has no mailer or worker, so neither can make it 503. */
export function healthChecks(s: {
  prisma: PrismaClient;
  temporal: Connection;
  mailer?: Mailer;
  worker?: Worker;
}): HealthChecks {
  const checks: HealthChecks = {
    database: async () => {
      await s.prisma.$queryRawUnsafe('SELECT 1');
    },
    temporal: async () => {
      await s.temporal.workflowService.getSystemInfo({});
    },
  };
  const { mailer, worker } = s;
  if (mailer) checks.smtp = () => mailer.verify();
  if (worker) {
    checks.worker = async () => {
      if (worker.getState() !== 'RUNNING') throw new Error(`worker ${worker.getState()}`);
    };
  }
  return checks;
}
