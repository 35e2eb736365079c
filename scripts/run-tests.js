#!/usr/bin/env node
/*
 * `npm test`: the suite, then the fault and fuzz suites one at a time (jest.config.js says why). With arguments
 * (`npm test -- test/web/holidays.test.ts`) one jest run takes them, the heavy suites included when named.
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

if (args.length > 0)
  process.exit(
    run(
      args,
      args.some((a) => /faults|fuzz/.test(a)),
    ),
  );
const main = run([], false);
const heavy = run(['--runInBand'], true);
process.exit(main !== 0 ? main : heavy);
