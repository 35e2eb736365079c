/** `nhac-han web`: the web app alone, against DATABASE_URL and TEMPORAL_ADDRESS. The only file besides the
 * embedded stack that listens. */
import { Connection } from '@temporalio/client';
import { ENV, loadConfig } from './config';
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
  });
  await app.listen({ port: config.port, host: '0.0.0.0' });
  const stop = async () => {
    await app.close();
    await connection.close();
    await prisma.$disconnect();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}
