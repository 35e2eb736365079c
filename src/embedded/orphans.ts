/**
 * After a crash (kill -9 of `nhac-han start` alone), its Temporal dev server and PostgreSQL can outlive it and hold
 * their ports and data. The next start, having claimed DATA_DIR, stops such leftovers: PostgreSQL by the pid in its
 * own postmaster.pid, Temporal by the pid the previous run recorded. A pid is signalled only if its command line
 * still names the program, so a recycled pid is never touched.
 */
import fs from 'node:fs';
import path from 'node:path';

function commandLine(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function stopPid(pid: number, signal: NodeJS.Signals, waitMs: number): Promise<void> {
  process.kill(pid, signal);
  const deadline = Date.now() + waitMs;
  while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (alive(pid)) process.kill(pid, 'SIGKILL');
}

/** Returns what it stopped, for the start-up log. */
export async function reapOrphans(dataDir: string, temporalPid: number | undefined): Promise<string[]> {
  const stopped: string[] = [];
  const pgPidFile = path.join(dataDir, 'postgres', 'postmaster.pid');
  const pgPid = Number((fs.existsSync(pgPidFile) ? fs.readFileSync(pgPidFile, 'utf8') : '').split('\n')[0]);
  if (Number.isInteger(pgPid) && pgPid > 0 && alive(pgPid) && /postgres/.test(commandLine(pgPid))) {
    await stopPid(pgPid, 'SIGINT', 10_000); // PostgreSQL's fast shutdown
    stopped.push(`PostgreSQL (pid ${pgPid})`);
  }
  if (temporalPid && alive(temporalPid) && /temporal/.test(commandLine(temporalPid))) {
    await stopPid(temporalPid, 'SIGTERM', 10_000);
    stopped.push(`Temporal dev server (pid ${temporalPid})`);
  }
  return stopped;
}
