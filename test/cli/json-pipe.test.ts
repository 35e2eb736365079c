/**
 * `nhac-han … --json | jq`: the command's whole output reaches the next process of a pipeline. Until the CLI waited
 * for stdout to drain before exiting, the largest preset's calendar (285 kB) was cut at 128 KiB.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.join(__dirname, '..', '..');
const bin = path.join(root, 'bin', 'nhac-han.js');

/** Runs `nhac-han args | node <reader>` and returns what the reader saw: the byte count and the parsed JSON. */
function throughPipe(args: string[]): Promise<{ code: number | null; bytes: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const cli = spawn(process.execPath, [bin, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    // The reader is slow on purpose: the writer fills the pipe and must wait for it, as it does behind `jq`.
    const reader = spawn(
      process.execPath,
      [
        '-e',
        `let b = [];
         process.stdin.on('data', (c) => { b.push(c); process.stdin.pause(); setTimeout(() => process.stdin.resume(), 2); });
         process.stdin.on('end', () => { const s = Buffer.concat(b); process.stdout.write(JSON.stringify({ bytes: s.length, json: JSON.parse(s.toString('utf8')) })); });`,
      ],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    cli.stdout.pipe(reader.stdin);
    let out = '';
    reader.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    let code: number | null = null;
    cli.on('exit', (c) => (code = c));
    reader.on('error', reject);
    reader.on('close', (readerCode) => {
      if (readerCode !== 0) return reject(new Error(`the reader could not parse the output (exit ${readerCode})`));
      const r = JSON.parse(out) as { bytes: number; json: unknown };
      resolve({ code, ...r });
    });
  });
}

test('the largest preset calendar as JSON, whole, through a pipe', async () => {
  const r = await throughPipe(['plan', 'calendar', 'plans/lang-son-bdg-2017-2020.yaml', '--json']);
  expect(r.code).toBe(0);
  expect(r.bytes).toBeGreaterThan(200_000);
  const json = r.json as { plan: string; items: unknown[] };
  expect(json.plan).toBe('LS-BDG-2017-2020');
  expect(json.items.length).toBeGreaterThan(200);
}, 120_000);

test('holidays --json and a large demo plan, whole, through a pipe', async () => {
  const holidays = await throughPipe(['holidays', '--year', '2026', '--json']);
  expect(holidays.code).toBe(0);
  expect((holidays.json as { date: string }[]).some((h) => h.date === '2026-09-02')).toBe(true);
  const demo = await throughPipe(['plan', 'demo', '--agencies', '2000']);
  expect(demo.code).toBe(0);
  expect(demo.bytes).toBeGreaterThan(131_072);
  expect((demo.json as { agencies: unknown[] }).agencies).toHaveLength(2002);
}, 120_000);
