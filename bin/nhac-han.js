#!/usr/bin/env node
// The `nhac-han` command. Runs the TypeScript sources through tsx (a runtime dependency), so the checkout works
// without a build step; `npm run build` produces dist/ for those who prefer compiled JavaScript.
//
// A command ends when its work ends: long-running ones (`start`, `worker`, `web`) resolve only after a stop signal
// and an ordered shutdown. The process then exits once stdout and stderr are flushed: writes to a pipe are
// asynchronous, and exiting at once cut `plan calendar --json | jq` at 64–128 KiB.
'use strict';
const path = require('node:path');
require('tsx/cjs');
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

const { main } = require(path.join(__dirname, '..', 'src', 'cli', 'main.ts'));
main(process.argv.slice(2)).then(exitWhenFlushed, (err) => {
  console.error(err);
  exitWhenFlushed(1);
});
