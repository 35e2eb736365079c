#!/usr/bin/env node
/*
 * What `npm install` does after the packages are in: generate the Prisma client, then set up the Temporal
 * toolchain (scripts/setup-toolchain.js). Prisma's CLI wants a native schema-engine binary even for `generate`,
 * which only uses bundled WebAssembly; where the binary cannot be downloaded we point it at a placeholder.
 */
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');

function prismaGenerate() {
  const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1' };
  if (!env.PRISMA_SCHEMA_ENGINE_BINARY) {
    const placeholder = path.join(ROOT, '.tools', 'prisma-schema-engine-placeholder');
    fs.mkdirSync(path.dirname(placeholder), { recursive: true });
    if (!fs.existsSync(placeholder))
      fs.writeFileSync(placeholder, '#!/bin/sh\necho "placeholder: migrations use scripts/migrate.mjs" >&2\nexit 1\n', {
        mode: 0o755,
      });
    env.PRISMA_SCHEMA_ENGINE_BINARY = placeholder;
  }
  const bin = path.join(ROOT, 'node_modules', 'prisma', 'build', 'index.js');
  const r = spawnSync(process.execPath, [bin, 'generate'], { cwd: ROOT, env, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

console.log('[nhac-han setup] generating the Prisma client …');
prismaGenerate();
// `--generate-only` (npm run db:generate) stops here.
if (!process.argv.includes('--generate-only')) {
  // The compiled CLI (bin/nhac-han.js runs dist/ while it is current): a failed build only slows the CLI's start.
  console.log('[nhac-han setup] compiling the CLI (dist/) …');
  require('node:child_process').spawnSync(process.execPath, [path.join(__dirname, 'build.js'), '--quiet'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  require('./setup-toolchain.js');
}
