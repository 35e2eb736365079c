/**
 * `npm run bench` runs every benchmark under bench/ (files named `<name>.bench.ts`); `npm run bench -- NAME` runs
 * one. Each benchmark prints its figures as one JSON line at its end: { bench, cores, at, …figures }.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

function run(): number {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  // Options for the benchmarks themselves, in the `--name=value` form (`npm run bench -- burst --obligations=10000`).
  const options = process.argv.slice(2).filter((a) => a.startsWith('--'));
  const all = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .map((f) => f.replace(/\.bench\.ts$/, ''))
    .sort();
  const unknown = wanted.filter((w) => !all.includes(w));
  if (unknown.length > 0) {
    console.error(`Không có benchmark: ${unknown.join(', ')} / unknown benchmark; có / available: ${all.join(', ')}`);
    return 1;
  }
  let failed = 0;
  for (const name of wanted.length > 0 ? wanted : all) {
    const r = spawnSync(
      process.execPath,
      [require.resolve('tsx/cli'), path.join(__dirname, `${name}.bench.ts`), ...options],
      {
        stdio: 'inherit',
      },
    );
    if (r.status !== 0) failed++;
  }
  return failed === 0 ? 0 : 1;
}

process.exit(run());
