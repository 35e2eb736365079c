import { ENV, loadConfig, smsProviderConfig } from '../../config';
import { createPrisma } from '../../db/prisma';
import { appSecret } from '../../runtime/app-secret';
import { createMailer } from '../../notify/mailer';
import { createSmsProvider } from '../../notify/sms/create-sms-provider';
import { loadTemplates } from '../../notify/template-renderer';
import { createWorker } from '../../worker';
import { consoleLogger } from '../../runtime/logger';
import { CliError } from '../cli-error';
import { firstLine, resolveEndpoints } from '../endpoints';
import { readRunState } from '../../embedded/run-state';

/** `nhac-han worker`: the worker alone, against DATABASE_URL, TEMPORAL_ADDRESS and SMTP_URL. */
export async function workerCommand(): Promise<void> {
  const config = loadConfig();
  const ep = resolveEndpoints(config, { database: true, temporal: true });
  const smtpUrl = config.smtpUrl ?? readRunState(config.dataDir)?.smtpUrl;
  if (!smtpUrl) throw new CliError(`${ENV.SMTP_URL}: cần đặt / is required`);
  const prisma = createPrisma(ep.databaseUrl);
  const mailer = createMailer(smtpUrl, config.mailFrom);
  try {
    await prisma.$queryRawUnsafe('SELECT 1').catch((err: unknown) => {
      throw new CliError(`${ENV.DATABASE_URL}: ${firstLine(err)}`);
    });
    await mailer.verify().catch((err: unknown) => {
      throw new CliError(`${ENV.SMTP_URL}: ${firstLine(err)}`);
    });
    const { worker, connection } = await createWorker({
      address: ep.temporalAddress,
      namespace: ep.namespace,
      taskQueue: ep.taskQueue,
      workflowBundlePath: config.workflowBundle,
      deps: {
        prisma,
        mailer,
        sms: createSmsProvider(smsProviderConfig(config), { log: consoleLogger }),
        templates: loadTemplates(),
        links: { baseUrl: config.appBaseUrl, secret: appSecret(config) },
        dataDir: config.dataDir,
        log: consoleLogger,
      },
    }).catch((err: unknown) => {
      throw new CliError(`${ENV.TEMPORAL_ADDRESS}: ${firstLine(err)}`);
    });
    console.log(`[nhac-han] worker đang chạy / running: ${ep.temporalAddress}, task queue ${ep.taskQueue}`);
    try {
      await worker.run();
    } finally {
      await connection.close();
    }
  } finally {
    mailer.close();
    await prisma.$disconnect();
  }
}
