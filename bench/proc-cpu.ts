/**
 * CPU time from /proc, for benches that ask which process (and which thread of a worker) a burst kept busy. Linux
 * only; a process or thread gone in between counts what it had used when last read.
 */
import fs from 'node:fs';

const TICKS_PER_S = 100;

/** utime + stime of one /proc/<…>/stat line, in seconds, and the thread's name. */
function parseStat(text: string): { name: string; cpuS: number } {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  const fields = text.slice(close + 2).split(' ');
  // After the name: state is field 3, utime field 14, stime field 15 (1-based over the whole line).
  return { name: text.slice(open + 1, close), cpuS: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S };
}

function read(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** CPU seconds of a process by thread name (its main thread as `main`). */
export function threadCpu(pid: number): Record<string, number> {
  const out: Record<string, number> = {};
  let tids: string[] = [];
  try {
    tids = fs.readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tids) {
    const text = read(`/proc/${pid}/task/${tid}/stat`);
    if (!text) continue;
    const { name, cpuS } = parseStat(text);
    const key = tid === String(pid) ? 'main' : name;
    out[key] = (out[key] ?? 0) + cpuS;
  }
  return out;
}

/** CPU seconds of a process and every descendant alive now. */
export function treeCpu(rootPid: number): number {
  const parent = new Map<number, number>();
  const cpu = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const text = read(`/proc/${entry}/stat`);
    if (!text) continue;
    const after = text.slice(text.lastIndexOf(')') + 2).split(' ');
    parent.set(Number(entry), Number(after[1]));
    cpu.set(Number(entry), parseStat(text).cpuS);
  }
  let total = 0;
  for (const [pid, s] of cpu) {
    for (let p: number | undefined = pid; p !== undefined && p > 1; p = parent.get(p)) {
      if (p === rootPid) {
        total += s;
        break;
      }
    }
  }
  return total;
}

/** `after − before` per key, rounded to 0.1 s; keys under 0.1 s left out. */
export function cpuDelta(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(after)) {
    const d = Math.round((v - (before[k] ?? 0)) * 10) / 10;
    if (d >= 0.1) out[k] = d;
  }
  return out;
}
