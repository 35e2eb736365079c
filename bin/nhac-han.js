#!/usr/bin/env node
// The `nhac-han` command. Runs the compiled dist/ (built by `npm install` and `npm run build`) while it is as new as
// the sources, which starts in well under the time tsx needs to compile the command's modules; otherwise (an edited
// checkout, a failed build) it runs the TypeScript sources through tsx (a runtime dependency).
//
// A command ends when its work ends: long-running ones (`start`, `worker`, `web`) resolve only after a stop signal
// and an ordered shutdown. The process then exits once stdout and stderr are flushed: writes to a pipe are
// asynchronous, and exiting at once cut `plan calendar --json | jq` at 64–128 KiB.
'use strict';
const path = require('node:path');
const fs = require('node:fs');

const ROOT = path.join(__dirname, '..');

/** The newest modification time under `dir` (files and folders), in ms; folders whose name starts with `.` skipped. */
function newest(dir) {
  let max = fs.statSync(dir).mtimeMs;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const p = path.join(dir, entry.name);
    max = Math.max(max, entry.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return max;
}

/** dist/ is usable when its stamp is newer than every source file and tsconfig (NHAC_HAN_SOURCES=1 forces tsx). */
function compiledEntry() {
  if (process.env.NHAC_HAN_SOURCES === '1') return null;
  const entry = path.join(ROOT, 'dist', 'src', 'cli', 'main.js');
  try {
    const stamp = Number(fs.readFileSync(path.join(ROOT, 'dist', '.build-stamp'), 'utf8'));
    const sources = Math.max(
      newest(path.join(ROOT, 'src')),
      ...['tsconfig.json', 'tsconfig.build.json'].map((f) => fs.statSync(path.join(ROOT, f)).mtimeMs),
    );
    return Number.isFinite(stamp) && sources < stamp && fs.existsSync(entry) ? entry : null;
  } catch {
    return null;
  }
}

const compiled = compiledEntry();
if (!compiled) require('tsx/cjs');
// `nhac-han … | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

/** Exits with `code` once everything written so far has reached stdout and stderr. */
function exitWhenFlushed(code) {
  process.exitCode = code;
  let pending = 2;
  const done = () => {
    if (--pending === 0) process.exit(code);
  };
  // A write's callback runs once it and every earlier write have been handed to the operating system.
  process.stdout.write('', done);
  process.stderr.write('', done);
}

const { main } = require(compiled ?? path.join(ROOT, 'src', 'cli', 'main.ts'));
main(process.argv.slice(2)).then(exitWhenFlushed, (err) => {
  console.error(err);
  exitWhenFlushed(1);
});
