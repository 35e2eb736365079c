/** `nhac-han web`: the web app alone, against DATABASE_URL and TEMPORAL_ADDRESS. The only file besides the
 * embedded stack that listens. */
import { Connection } from '@temporalio/client';
import { Client } from '@temporalio/client';
import { ENV, loadConfig, smsProviderConfig } from './config';
import { appSecret } from './runtime/app-secret';
import { createMailer } from './notify/mailer';
import { createSmsProvider } from './notify/sms/create-sms-provider';
import { loadTemplates } from './notify/template-renderer';
import { consoleLogger } from './runtime/logger';
import { createPrisma } from './db/prisma';
import { CliError } from './cli/cli-error';
import { resolveEndpoints } from './cli/endpoints';
import { buildApp } from './web/app';

export async function runServer(): Promise<void> {
  const config = loadConfig();
  const ep = resolveEndpoints(config, { database: true, temporal: true });
  const prisma = createPrisma(ep.databaseUrl);
  const connection = await Connection.connect({ address: ep.temporalAddress, connectTimeout: 5000 }).catch(
    (err: unknown) => {
      throw new CliError(`${ENV.TEMPORAL_ADDRESS}: ${err instanceof Error ? err.message : String(err)}`);
    },
  );
  // The coordinators' app sends reminders (remind now) and receipts itself, so it needs SMTP.
  if (!config.smtpUrl) throw new CliError(`${ENV.SMTP_URL}: cần cho ứng dụng web / required by the web app`);
  const mailer = createMailer(config.smtpUrl, config.mailFrom);
  const activityDeps = {
    prisma,
    mailer,
    sms: createSmsProvider(smsProviderConfig(config), { log: { info: (m, f) => consoleLogger.info(m, f) } }),
    templates: loadTemplates(),
    links: { baseUrl: config.appBaseUrl, secret: appSecret(config) },
    log: consoleLogger,
  };
  const app = await buildApp({
    health: {
      database: async () => {
        await prisma.$queryRawUnsafe('SELECT 1');
      },
      temporal: async () => {
        await connection.workflowService.getSystemInfo({});
      },
    },
    temporalUiUrl: ep.temporalUiUrl,
    logger: true,
    web: {
      prisma,
      links: activityDeps.links,
      temporal: new Client({ connection, namespace: ep.namespace }),
      taskQueue: ep.taskQueue,
      namespace: ep.namespace,
      dataDir: config.dataDir,
    },
  });
  await app.listen({ port: config.port, host: '0.0.0.0' });
  const stop = async () => {
    await app.close();
    await connection.close();
    mailer.close();
    await prisma.$disconnect();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}
