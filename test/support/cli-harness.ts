/**
 * bin/nhac-han.js run as an operator runs it, against this file's own cloned database and the shared Temporal dev
 * server, on a task queue no worker polls (the workflows wait, which is all the commands need), with a temporary
 * DATA_DIR and APP_SECRET.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from './database';
import { devServerAddress } from './temporal';

const ROOT = path.join(__dirname, '..', '..');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliHarness {
  db: TestDatabase;
  /** The DATA_DIR, for the files a test writes. */
  dir: string;
  cli(...args: string[]): Promise<CliResult>;
  /** Runs the command and answers its stdout; throws with its stderr when it exits non-zero. */
  ok(...args: string[]): Promise<string>;
  close(): Promise<void>;
}

export async function startCliHarness(name: string): Promise<CliHarness> {
  const db = await createTestDatabase();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `nhac-han-${name}-`));
  const env = {
    ...process.env,
    DATABASE_URL: db.url,
    TEMPORAL_ADDRESS: devServerAddress(),
    TEMPORAL_TASK_QUEUE: `${name}-${randomBytes(4).toString('hex')}`,
    DATA_DIR: dir,
    APP_SECRET: randomBytes(32).toString('base64url'),
  };
  const cli = (...args: string[]) =>
    new Promise<CliResult>((resolve) => {
      execFile(
        process.execPath,
        ['bin/nhac-han.js', ...args],
        { cwd: ROOT, timeout: 120_000, env },
        (error, stdout, stderr) =>
          resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
      );
    });
  return {
    db,
    dir,
    cli,
    async ok(...args) {
      const r = await cli(...args);
      if (r.code !== 0) throw new Error(`nhac-han ${args.join(' ')} exited ${r.code}: ${r.stderr}${r.stdout}`);
      return r.stdout;
    },
    async close() {
      await db.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
