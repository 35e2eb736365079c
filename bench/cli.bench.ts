/**
 * `npm run bench -- cli`: how long `nhac-han` takes from process start to exit for commands that need no server
 * (`--help`, `plan validate`, `plan calendar --json`, `holidays --year`), compiled (dist/, what a user runs after
 * `npm install`) and from the sources through tsx (an edited checkout). Median of 5 runs each, in ms. Goal: the
 * compiled start under 1,500 ms on the 2-core machine.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { printFigures } from './report-line';

const ROOT = path.join(__dirname, '..');
const RUNS = 5;
const COMMANDS: Record<string, string[]> = {
  help: ['--help'],
  validate: ['plan', 'validate', 'plans/vinh-long-bdg-2014.yaml'],
  calendar: ['plan', 'calendar', 'plans/vinh-long-bdg-2014.yaml', '--json'],
  holidays: ['holidays', '--year', '2026', '--json'],
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(args: string[], sources: boolean): number {
  const runs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, ['bin/nhac-han.js', ...args], {
      cwd: ROOT,
      env: { ...process.env, NHAC_HAN_SOURCES: sources ? '1' : '0' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    if (r.status !== 0) throw new Error(`nhac-han ${args.join(' ')}: exit ${r.status}: ${String(r.stderr)}`);
    runs.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return Math.round(median(runs));
}

const stamp = path.join(ROOT, 'dist', '.build-stamp');
if (!fs.existsSync(stamp)) {
  console.error('dist/ is not built: run `npm run build` first (npm install does it)');
  process.exit(1);
}
const figures: Record<string, number> = {};
for (const [name, args] of Object.entries(COMMANDS)) {
  figures[`${name}CompiledMs`] = time(args, false);
  figures[`${name}SourcesMs`] = time(args, true);
}
const compiled = Object.keys(COMMANDS).map((n) => figures[`${n}CompiledMs`]!);
printFigures('cli', { ...figures, maxCompiledMs: Math.max(...compiled), goalMs: 1500 });
