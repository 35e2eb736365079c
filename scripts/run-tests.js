#!/usr/bin/env node
/*
 * `npm test`: the suite, then the fault and fuzz suites one at a time (jest.config.js says why). Options alone
 * (`npm test -- --json --outputFile=r.json`) go to both runs, the second writing `r-heavy.json`; with file
 * arguments (`npm test -- test/web/holidays.test.ts`) one jest run takes them, the heavy suites included when named.
 */
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const jest = path.join(__dirname, '..', 'node_modules', 'jest', 'bin', 'jest.js');
const args = process.argv.slice(2);
const run = (extra, heavy) =>
  spawnSync(process.execPath, [jest, ...extra], {
    stdio: 'inherit',
    env: { ...process.env, NHAC_HAN_HEAVY: heavy ? '1' : '0' },
  }).status ?? 1;

const files = args.filter((a) => !a.startsWith('-'));
if (files.length > 0)
  process.exit(
    run(
      args,
      files.some((a) => /faults|fuzz/.test(a)),
    ),
  );
const heavyArgs = args.map((a) =>
  a.startsWith('--outputFile=') ? a.replace(/(\.json)?$/, (ext) => `-heavy${ext || ''}`) : a,
);
const main = run(args, false);
const heavy = run(['--runInBand', ...heavyArgs], true);
process.exit(main !== 0 ? main : heavy);
