// Starts the services every test file shares, once per `jest` run, on 127.0.0.1 and free ports:
// embedded PostgreSQL with a migrated template database (each test file clones it), and the Temporal dev server
// (in memory, headless, with the project's search attributes). Per-file services (SMTP, the time-skipping server,
// HTTP servers) are started by the files themselves. Addresses reach the test files through environment variables.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { require as tsxRequire } from 'tsx/cjs/api';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export default async function globalSetup() {
  const t0 = Date.now();
  const load = (p) => tsxRequire(path.join(root, p), import.meta.url);
  const { startEmbeddedPostgres } = await load('src/embedded/postgres.ts');
  const { applyMigrations } = await load('src/embedded/migrate.ts');
  const { startTemporalDevServer } = await load('src/embedded/temporal-dev-server.ts');
  const { freePort } = await load('src/embedded/ports.ts');

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nhac-han-test-'));
  const [pgPort, temporalPort] = [await freePort(), await freePort()];
  const [pg, temporal] = await Promise.all([
    startEmbeddedPostgres({ dataDir, port: pgPort, database: 'nhac_han_template' }),
    startTemporalDevServer({ toolsDir: path.join(root, '.tools'), port: temporalPort, uiPort: null, dbFile: null }),
  ]);
  await applyMigrations(pg.url);
  globalThis.__NHAC_HAN_TEST__ = { pg, temporal, dataDir };
  process.env.NHAC_HAN_TEST_TEMPLATE_URL = pg.url;
  process.env.NHAC_HAN_TEST_TEMPORAL_ADDRESS = temporal.address;
  process.env.NHAC_HAN_TEST_TOOLS_DIR = path.join(root, '.tools');
  console.log(`\n[test services] PostgreSQL :${pgPort}, Temporal :${temporalPort} ready in ${Date.now() - t0} ms`);
}
