/**
 * Argon2id hashing and checks off the event loop. One check costs ~170 ms of CPU (19 MiB, 2 passes): run on the
 * main thread, a few sign-ins a second stalled every request (and, in the embedded default, the worker sharing the
 * process). They run here in a small pool of worker threads (node:worker_threads; piscina is not among the installed
 * packages) with bounded concurrency: at most `size` at once, at most `maxQueued` waiting, beyond that `PoolBusyError`
 * (the sign-in answers 503 and the caller tries again) instead of an ever-growing queue.
 *
 * The worker's code is evaluated from a string so it runs the same under tsx, jest and the compiled build.
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { argon2id, argon2Verify } = require('hash-wasm');
parentPort.on('message', async (job) => {
  try {
    const result = job.op === 'verify'
      ? await argon2Verify({ password: job.password, hash: job.hash }).catch(() => false)
      : await argon2id({ password: job.password, salt: Buffer.from(job.salt, 'base64'), parallelism: 1, iterations: 2,
          memorySize: 19456, hashLength: 32, outputType: 'encoded' });
    parentPort.postMessage({ id: job.id, result });
  } catch (err) {
    parentPort.postMessage({ id: job.id, error: String(err && err.message || err) });
  }
});`;

type Job = { op: 'verify'; password: string; hash: string } | { op: 'hash'; password: string; salt: string };

interface Pending {
  job: Job & { id: number };
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

export class PoolBusyError extends Error {
  override name = 'PoolBusyError';
  constructor() {
    super('Máy chủ đang bận kiểm tra mật khẩu, vui lòng thử lại / too many password checks at once, try again');
  }
}

export interface PasswordPool {
  verify(password: string, hash: string): Promise<boolean>;
  hash(password: string, salt: Uint8Array): Promise<string>;
  close(): Promise<void>;
}

export function createPasswordPool(o: { size?: number; maxQueued?: number } = {}): PasswordPool {
  const size = Math.max(1, o.size ?? Math.min(2, os.availableParallelism?.() ?? os.cpus().length));
  const maxQueued = o.maxQueued ?? 64;
  const idle: Worker[] = [];
  const all: Worker[] = [];
  const queue: Pending[] = [];
  const running = new Map<Worker, Pending>();
  let nextId = 1;

  const spawn = (): Worker => {
    const w = new Worker(WORKER_SOURCE, { eval: true });
    w.on('message', (m: { id: number; result?: unknown; error?: string }) => {
      const p = running.get(w);
      running.delete(w);
      if (p) {
        if (m.error !== undefined) p.reject(new Error(m.error));
        else p.resolve(m.result);
      }
      idle.push(w);
      pump();
    });
    w.on('error', (err) => {
      const p = running.get(w);
      running.delete(w);
      all.splice(all.indexOf(w), 1);
      p?.reject(err);
      pump();
    });
    // After the listeners: attaching a 'message' listener refs the worker's port again. Unref'd, an idle pool never
    // keeps a process (a CLI command, a test run) from exiting.
    w.unref();
    all.push(w);
    return w;
  };
  const pump = () => {
    while (queue.length > 0) {
      const w = idle.pop() ?? (all.length < size ? spawn() : undefined);
      if (!w) return;
      const p = queue.shift()!;
      running.set(w, p);
      w.postMessage(p.job);
    }
  };
  const run = (job: Job): Promise<unknown> => {
    if (queue.length >= maxQueued) return Promise.reject(new PoolBusyError());
    return new Promise((resolve, reject) => {
      queue.push({ job: { ...job, id: nextId++ }, resolve, reject });
      pump();
    });
  };
  return {
    verify: async (password, hash) => (await run({ op: 'verify', password, hash })) === true,
    hash: async (password, salt) =>
      String(await run({ op: 'hash', password, salt: Buffer.from(salt).toString('base64') })),
    close: async () => {
      await Promise.all(all.map((w) => w.terminate()));
      all.length = 0;
      idle.length = 0;
    },
  };
}

/** The process's pool, created on first use. */
let shared: PasswordPool | undefined;
export function passwordPool(): PasswordPool {
  shared ??= createPasswordPool();
  return shared;
}

/** Stops the process's pool (its threads are unref'd, so this is for tidy shutdowns and tests); next use restarts it. */
export async function closePasswordPool(): Promise<void> {
  const pool = shared;
  shared = undefined;
  await pool?.close();
}
