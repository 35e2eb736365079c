#!/usr/bin/env node
// The `nhac-han` command. Runs the TypeScript sources through tsx (a runtime dependency), so the checkout works
// without a build step; `npm run build` produces dist/ for those who prefer compiled JavaScript.
'use strict';
const path = require('node:path');
require('tsx/cjs');
// `nhac-han … | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});
const { main } = require(path.join(__dirname, '..', 'src', 'cli', 'main.ts'));
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
