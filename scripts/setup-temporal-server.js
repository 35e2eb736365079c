#!/usr/bin/env node
/*
 * Temporal's own server and its SQL tool, for the production-like cluster (`npm run cluster`, `npm run
 * test:cluster`), built on demand from their Go module and cached per user, not per checkout: a cold build takes
 * about half an hour on 2 cores, so `npm install` never waits for it.
 *
 *   node scripts/setup-temporal-server.js [--quiet]
 *
 * Leaves `<dir>/bin/temporal-server`, `<dir>/bin/temporal-sql-tool` and the module's PostgreSQL schemas
 * (`<dir>/schema/postgresql/v12/{temporal,visibility}/versioned`) and prints `<dir>` as its last stdout line.
 * `<dir>` is `$NHAC_HAN_TOOLS_CACHE/temporal-server-v<version>` (default `~/.cache/nhac-han-tools`, the cache
 * .ci/run keeps between runs).
 *
 * Version: v1.32.1, the newest `go.temporal.io/server` whose go.mod asks for a Go this machine has (1.26.8; v1.32.2
 * asks for 1.26.10) and carries no `replace` directive. The build uses the module's own go.sum.
 */
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const SERVER_VERSION = '1.32.1';
const MODULE = 'go.temporal.io/server';
const quiet = process.argv.includes('--quiet');
const CACHE = path.resolve(process.env.NHAC_HAN_TOOLS_CACHE || path.join(os.homedir(), '.cache', 'nhac-han-tools'));
const DIR = path.join(CACHE, `temporal-server-v${SERVER_VERSION}`);

// Progress goes to stderr: stdout carries only the directory, for the scripts that call this one.
const say = (msg) => console.error(`[nhac-han setup] ${msg}`);
const progress = (msg) => {
  if (!quiet) say(msg);
};

function fail(message) {
  say(message);
  process.exit(1);
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...opts });
  return { ok: r.status === 0, stdout: r.stdout || '', stderr: r.stderr || '' };
}

const binaries = () => ['temporal-server', 'temporal-sql-tool'].map((b) => path.join(DIR, 'bin', b));
const schemaDir = () => path.join(DIR, 'schema', 'postgresql', 'v12');

function ready() {
  const [server, sqlTool] = binaries();
  if (!fs.existsSync(path.join(schemaDir(), 'temporal', 'versioned'))) return false;
  const v = run(sqlTool, ['--version']);
  return fs.existsSync(server) && v.ok && v.stdout.includes(SERVER_VERSION);
}

/** `go mod download` of the module; returns its directory in the module cache. */
function downloadModule(env) {
  let r = run('go', ['mod', 'download', '-json', `${MODULE}@v${SERVER_VERSION}`], { env });
  if (!r.ok && /sum\.golang\.org|checksum database|verifying module/i.test(r.stdout + r.stderr)) {
    say(
      'Temporal server: the Go checksum database is unreachable; retrying with GOSUMDB=off (modules still come from the proxy).',
    );
    env.GOSUMDB = 'off';
    r = run('go', ['mod', 'download', '-json', `${MODULE}@v${SERVER_VERSION}`], { env });
  }
  if (!r.ok)
    fail(`Temporal server: go mod download failed:\n${(r.stdout + r.stderr).split('\n').slice(-15).join('\n')}`);
  return JSON.parse(r.stdout).Dir;
}

function build() {
  const t0 = Date.now();
  if (run('sh', ['-c', 'command -v go']).ok === false) {
    fail('Temporal server: Go is not installed. Install Go 1.26.8+ (https://go.dev/dl, or `apt-get install golang`).');
  }
  const env = { ...process.env, CGO_ENABLED: '0', GOFLAGS: '-mod=readonly' };
  say(`Temporal server: downloading ${MODULE}@v${SERVER_VERSION} from the Go module proxy …`);
  const moduleDir = downloadModule(env);
  const staging = `${DIR}.partial`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(path.join(staging, 'bin'), { recursive: true });
  for (const [out, pkg] of [
    ['temporal-sql-tool', './cmd/tools/sql'],
    ['temporal-server', './cmd/server'],
  ]) {
    say(`Temporal server: building ${pkg} → ${out} (the server takes about 30 minutes on 2 cores, once) …`);
    // Inherit stderr: `go build -v` prints each package as it compiles it, the progress of a half-hour build.
    const r = spawnSync('go', ['build', ...(quiet ? [] : ['-v']), '-o', path.join(staging, 'bin', out), pkg], {
      cwd: moduleDir,
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (r.status !== 0) fail(`Temporal server: go build ${pkg} failed (status ${String(r.status)})`);
  }
  fs.mkdirSync(path.join(staging, 'schema', 'postgresql'), { recursive: true });
  fs.cpSync(path.join(moduleDir, 'schema', 'postgresql', 'v12'), path.join(staging, 'schema', 'postgresql', 'v12'), {
    recursive: true,
  });
  // The module cache is read-only; the copies should not be.
  run('chmod', ['-R', 'u+w', staging]);
  fs.rmSync(DIR, { recursive: true, force: true });
  fs.renameSync(staging, DIR);
  say(`Temporal server: built in ${Math.round((Date.now() - t0) / 60_000)} min into ${DIR}`);
}

function main() {
  if (ready()) progress(`Temporal server v${SERVER_VERSION}: ${DIR} (cached)`);
  else {
    build();
    if (!ready()) fail(`Temporal server: the build finished but ${DIR} is incomplete`);
  }
  console.log(DIR);
}

// docker-compose.yml pins the same version of Temporal's images (test/ops/docker-compose.test.ts checks it).
if (require.main === module) main();
module.exports = { SERVER_VERSION };
