/**
 * `nhac-han start` writes DATA_DIR/nhac-han.run.json while it runs: its pid and the addresses of the embedded
 * services. A second start refuses while the pid is alive; CLI commands with no DATABASE_URL/TEMPORAL_ADDRESS read
 * it to find the running services. A file left by a killed process (kill -9) is detected by its dead pid.
 */
import fs from 'node:fs';
import path from 'node:path';
import { tightenDataDir, writePrivateFile } from '../runtime/private-files';

export interface RunState {
  pid: number;
  startedAt: string;
  databaseUrl: string;
  temporalAddress: string;
  temporalNamespace: string;
  temporalUiUrl: string | null;
  smtpUrl: string;
  webUrl: string;
  taskQueue: string;
  /** The embedded Temporal dev server's pid, so a start after a crash can stop a leftover one. */
  temporalPid?: number;
}

export class AlreadyRunningError extends Error {
  override name = 'AlreadyRunningError';
}

export function runStatePath(dataDir: string): string {
  return path.join(dataDir, 'nhac-han.run.json');
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The run file as the last run left it, alive or not (for crash recovery). */
export function readLastRunState(dataDir: string): RunState | null {
  try {
    return JSON.parse(fs.readFileSync(runStatePath(dataDir), 'utf8')) as RunState;
  } catch {
    return null;
  }
}

export function readRunState(dataDir: string): RunState | null {
  try {
    const state = JSON.parse(fs.readFileSync(runStatePath(dataDir), 'utf8')) as RunState;
    return alive(state.pid) ? state : null;
  } catch {
    return null;
  }
}

/** Claims DATA_DIR for this process; throws AlreadyRunningError naming the other pid. Returns a release function. */
export function claimDataDir(dataDir: string): () => void {
  tightenDataDir(dataDir);
  const lock = path.join(dataDir, 'nhac-han.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writePrivateFile(lock, String(process.pid), 'wx');
      return () => {
        fs.rmSync(lock, { force: true });
        fs.rmSync(runStatePath(dataDir), { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const other = Number(fs.readFileSync(lock, 'utf8'));
      if (Number.isInteger(other) && other > 0 && other !== process.pid && alive(other)) {
        throw new AlreadyRunningError(
          `Nhắc Hạn đang chạy với DATA_DIR=${dataDir} (pid ${other}); dừng nó (Ctrl-C) hoặc dùng DATA_DIR khác / already running (pid ${other})`,
        );
      }
      fs.rmSync(lock, { force: true });
    }
  }
  throw new AlreadyRunningError(`could not claim ${lock}`);
}

export function writeRunState(dataDir: string, state: RunState): void {
  const file = runStatePath(dataDir);
  // Private: it holds the database URL with its password, which the CLI reads to reach the embedded services.
  writePrivateFile(`${file}.tmp`, JSON.stringify(state, null, 2));
  fs.renameSync(`${file}.tmp`, file);
}
