/**
 * A benchmark's worker child (./worker-child.ts) as a process: started until it says READY, stopped with SIGTERM
 * (SIGKILL after 15 s). Shared by the workflows and capacity benches.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { BenchWorkerArgs } from './worker-child';

export function startWorker(args: BenchWorkerArgs): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['--require', 'tsx/cjs', path.join(__dirname, 'worker-child.ts'), JSON.stringify(args)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      if (out.includes('READY\n')) resolve(child);
    });
    child.once('exit', (code, signal) => reject(new Error(`worker exited (${code ?? signal}) before READY`)));
  });
}

export async function stopWorker(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(t);
}
