#!/usr/bin/env node
/*
 * `npm run build` (and the end of `npm install`): compiles src/ to dist/ with tsc, then writes dist/.build-stamp
 * with the instant the compile started. bin/nhac-han.js runs dist/ only while no file under src/ (nor a tsconfig)
 * is newer than that stamp, and the TypeScript sources through tsx otherwise: an edited checkout is never run stale.
 */
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const quiet = process.argv.includes('--quiet');
const startedAt = Date.now();
const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
if (r.status !== 0) {
  console.error('[nhac-han build] tsc failed: the CLI keeps running the sources through tsx (slower start)');
  process.exit(quiet ? 0 : (r.status ?? 1));
}
fs.writeFileSync(path.join(ROOT, 'dist', '.build-stamp'), `${startedAt}\n`);
if (!quiet) console.log(`[nhac-han build] dist/ compiled in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
