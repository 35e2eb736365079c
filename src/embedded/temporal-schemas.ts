/**
 * Temporal's server binaries and its SQL schemas: where they are (built on demand by
 * scripts/setup-temporal-server.js), and the schema setup Temporal's admin-tools image runs, done with its SQL tool.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Client as PgClient } from 'pg';

/**
 * The directory of Temporal's server and SQL tool, built on demand (about half an hour once, then cached per user)
 * by scripts/setup-temporal-server.js, whose progress goes to this process's stderr.
 */
export function ensureTemporalServer(repoRoot: string): string {
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'setup-temporal-server.js')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const dir = (r.stdout ?? '').trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !dir) throw new Error('Temporal server: scripts/setup-temporal-server.js failed (see above)');
  return dir;
}

/**
 * Runs `temporal-sql-tool` as Temporal's admin-tools image does: on a fresh database `create-database` and
 * `setup-schema -v 0.0`, then always `update-schema` to the newest version shipped with the server.
 */
export async function setupTemporalSchemas(serverDir: string, pgUrl: string, log: (line: string) => void) {
  const u = new URL(pgUrl);
  const tool = path.join(serverDir, 'bin', 'temporal-sql-tool');
  const base = ['--plugin', 'postgres12', '--ep', u.hostname, '-p', u.port, '-u', u.username, '--pw', u.password];
  const sql = (db: string, ...args: string[]) => {
    const r = spawnSync(tool, [...base, '--db', db, ...args], { encoding: 'utf8' });
    if (r.status !== 0) {
      const out = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n').slice(-3).join(' | ');
      throw new Error(`temporal-sql-tool ${args[0] ?? ''} ${db}: ${out}`);
    }
  };
  for (const [db, folder] of [
    ['temporal', 'temporal'],
    ['temporal_visibility', 'visibility'],
  ] as const) {
    const versioned = path.join(serverDir, 'schema', 'postgresql', 'v12', folder, 'versioned');
    if (await ensureDatabase(pgUrl, db, () => sql(db, 'create-database'))) sql(db, 'setup-schema', '-v', '0.0');
    sql(db, 'update-schema', '-d', versioned);
    log(`schema ${db}: updated to the newest of ${fs.readdirSync(versioned).length} versions (${versioned})`);
  }
}

/** Creates database `name` with `create` (default: CREATE DATABASE) when missing; true when it did. */
export async function ensureDatabase(url: string, name: string, create?: () => void): Promise<boolean> {
  const u = new URL(url);
  u.pathname = '/postgres';
  const c = new PgClient({ connectionString: u.toString() });
  await c.connect();
  try {
    const r = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (r.rowCount !== 0) return false;
    if (create) create();
    else await c.query(`CREATE DATABASE "${name}"`);
    return true;
  } finally {
    await c.end();
  }
}
