/**
 * Where a process or a CLI command finds its services: DATABASE_URL / TEMPORAL_ADDRESS when set, else the running
 * `nhac-han start` with the same DATA_DIR (its run file), else a clear sentence saying nothing is running.
 */
import { Client, Connection } from '@temporalio/client';
import { ENV, loadConfig, type Config } from '../config';
import { createPrisma, type PrismaClient } from '../db/prisma';
import { readRunState } from '../embedded/run-state';
import { StartupError } from './startup-error';

export interface Endpoints {
  databaseUrl: string;
  temporalAddress: string;
  namespace: string;
  taskQueue: string;
  temporalUiUrl: string | null;
  /** `TEMPORAL_STARTS_PER_SECOND` (unset: no limit). */
  startsPerSecond: number | undefined;
}

export function resolveEndpoints(config: Config, needs: { database?: boolean; temporal?: boolean }): Endpoints {
  const run = readRunState(config.dataDir);
  const databaseUrl = config.databaseUrl ?? run?.databaseUrl;
  const temporalAddress = config.temporal.address ?? run?.temporalAddress;
  const notRunning =
    `Nhắc Hạn chưa chạy với DATA_DIR=${config.dataDir}: hãy chạy "npm start" trước, hoặc đặt DATABASE_URL và TEMPORAL_ADDRESS / ` +
    'no running Nhắc Hạn found: run "npm start" first, or set DATABASE_URL and TEMPORAL_ADDRESS';
  if ((needs.database && !databaseUrl) || (needs.temporal && !temporalAddress)) throw new StartupError(notRunning);
  return {
    databaseUrl: databaseUrl ?? '',
    temporalAddress: temporalAddress ?? '',
    namespace: config.temporal.address
      ? config.temporal.namespace
      : (run?.temporalNamespace ?? config.temporal.namespace),
    taskQueue: config.temporal.address ? config.temporal.taskQueue : (run?.taskQueue ?? config.temporal.taskQueue),
    temporalUiUrl: config.temporal.uiUrl ?? run?.temporalUiUrl ?? null,
    startsPerSecond: config.temporal.startsPerSecond,
  };
}

/** A checked connection pool: a CLI command needs few connections, a long-running process more. (Default: 4.) */
export async function connectPrisma(url: string, poolSize = 4): Promise<PrismaClient> {
  const prisma = createPrisma(url, { max: poolSize });
  try {
    await prisma.$queryRawUnsafe('SELECT 1');
  } catch (err) {
    await prisma.$disconnect().catch(() => undefined);
    throw new StartupError(
      `${ENV.DATABASE_URL}: không kết nối được PostgreSQL / cannot reach PostgreSQL (${firstLine(err)})`,
    );
  }
  return prisma;
}

export async function connectTemporal(
  address: string,
  namespace: string,
): Promise<{ client: Client; connection: Connection }> {
  try {
    const connection = await Connection.connect({ address, connectTimeout: 5000 });
    return { client: new Client({ connection, namespace }), connection };
  } catch (err) {
    throw new StartupError(
      `${ENV.TEMPORAL_ADDRESS}: không kết nối được Temporal tại ${address} / cannot reach Temporal (${firstLine(err)})`,
    );
  }
}

/**
 * Runs `fn` with PostgreSQL and Temporal connected as the running product (or the environment) says, and closes
 * both afterwards, whatever `fn` did: the frame every command that acts on workflows needs.
 */
export async function withDatabaseAndTemporal<T>(
  fn: (s: { prisma: PrismaClient; client: Client; ep: Endpoints }) => Promise<T>,
  config: Config = loadConfig(),
): Promise<T> {
  const ep = resolveEndpoints(config, { database: true, temporal: true });
  const prisma = await connectPrisma(ep.databaseUrl);
  try {
    const { client, connection } = await connectTemporal(ep.temporalAddress, ep.namespace);
    try {
      return await fn({ prisma, client, ep });
    } finally {
      await connection.close();
    }
  } finally {
    await prisma.$disconnect();
  }
}

export function firstLine(err: unknown): string {
  const lines = (err instanceof Error ? err.message : String(err))
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  // Prisma's messages open with "Invalid `…` invocation in" and the code around it; the reason is their last line.
  if (lines[0]?.startsWith('Invalid `')) return lines.at(-1) ?? '';
  return lines[0] ?? '';
}
