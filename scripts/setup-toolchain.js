#!/usr/bin/env node
/*
 * Puts the two Temporal servers the project needs under .tools/ (ignored by git), idempotently:
 *
 *  - the Temporal CLI (dev server + Web UI): its normal download where the internet is reachable, else built from
 *    its Go module (v1.5.1 is the newest tag that `go install` accepts: later go.mod files carry `replace`);
 *  - Temporal's time-skipping test server: its normal download, else the Java build from Maven Central with a
 *    small launcher script.
 *
 * Run by `npm install` (postinstall) and before `npm test`. Prints progress; exits non-zero with one message that
 * names what is missing when neither path works. Set NHAC_HAN_SKIP_TOOLCHAIN=1 to skip (Docker images use the
 * official Temporal images instead).
 */
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const os = require('node:os');

const ROOT = path.resolve(__dirname, '..');
const TOOLS = path.resolve(process.env.NHAC_HAN_TOOLS_DIR || path.join(ROOT, '.tools'));
const CLI_VERSION = '1.5.1';
const TEST_SERVER_VERSION = '1.35.0';
const SDK_VERSION = '1.24.0';
const quiet = process.argv.includes('--quiet');

const say = (msg) => console.log(`[nhac-han setup] ${msg}`);
const progress = (msg) => {
  if (!quiet) say(msg);
};

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: opts.capture ? 'pipe' : 'inherit', encoding: 'utf8', ...opts });
  return { ok: r.status === 0, status: r.status, stdout: r.stdout || '', stderr: r.stderr || '', error: r.error };
}

function has(cmd) {
  return run('sh', ['-c', `command -v ${cmd}`], { capture: true }).ok;
}

function platform() {
  const arch = os.arch() === 'arm64' ? 'arm64' : 'amd64';
  const plat = process.platform === 'darwin' ? 'darwin' : process.platform === 'win32' ? 'windows' : 'linux';
  return { arch, plat };
}

/** Downloads and unpacks an archive with curl + tar; false (quietly) when the host cannot be reached. */
function tryDownload(url, destDir) {
  if (!has('curl') || !has('tar')) return false;
  fs.mkdirSync(destDir, { recursive: true });
  const archive = path.join(destDir, 'download.tar.gz');
  const r = run('curl', ['-fsSL', '--connect-timeout', '8', '--max-time', '300', '-o', archive, url], {
    capture: true,
  });
  if (!r.ok) {
    fs.rmSync(archive, { force: true });
    return false;
  }
  const x = run('tar', ['-xzf', archive, '-C', destDir], { capture: true });
  fs.rmSync(archive, { force: true });
  return x.ok;
}

function temporalCliPath() {
  return path.join(TOOLS, 'bin', process.platform === 'win32' ? 'temporal.exe' : 'temporal');
}

function cliWorks(bin) {
  return fs.existsSync(bin) && run(bin, ['--version'], { capture: true }).ok;
}

function ensureTemporalCli() {
  const bin = temporalCliPath();
  if (cliWorks(bin)) {
    progress(`Temporal CLI: ${bin} (cached)`);
    return;
  }
  const onPath = run('sh', ['-c', 'command -v temporal'], { capture: true });
  if (onPath.ok && process.env.NHAC_HAN_USE_SYSTEM_TEMPORAL === '1') {
    fs.mkdirSync(path.dirname(bin), { recursive: true });
    fs.symlinkSync(onPath.stdout.trim(), bin);
    return;
  }
  const { arch, plat } = platform();
  say('Temporal CLI: trying the official download …');
  const dl = path.join(TOOLS, 'download-cli');
  if (tryDownload(`https://temporal.download/cli/archive/latest?platform=${plat}&arch=${arch}`, dl)) {
    const found = path.join(dl, plat === 'windows' ? 'temporal.exe' : 'temporal');
    if (fs.existsSync(found)) {
      fs.mkdirSync(path.dirname(bin), { recursive: true });
      fs.renameSync(found, bin);
      fs.rmSync(dl, { recursive: true, force: true });
      if (cliWorks(bin)) return say(`Temporal CLI: downloaded to ${bin}`);
    }
  }
  fs.rmSync(dl, { recursive: true, force: true });
  if (!has('go')) {
    fail(
      'Temporal CLI: the download is unreachable and Go is not installed. Install Go 1.24+ (https://go.dev/dl, or `apt-get install golang`) ' +
        'or put a `temporal` binary at ' +
        bin,
    );
  }
  say(
    `Temporal CLI: building github.com/temporalio/cli@v${CLI_VERSION} from the Go module proxy (several minutes on 2 cores, once) …`,
  );
  const env = { ...process.env, GOBIN: path.dirname(bin), CGO_ENABLED: '0', GOFLAGS: '-mod=mod' };
  let r = run('go', ['install', `github.com/temporalio/cli/cmd/temporal@v${CLI_VERSION}`], { env, capture: true });
  if (!r.ok && /sum\.golang\.org|checksum database|verifying module/i.test(r.stderr)) {
    say(
      'Temporal CLI: the Go checksum database is unreachable; retrying with GOSUMDB=off (modules still come from the proxy).',
    );
    r = run('go', ['install', `github.com/temporalio/cli/cmd/temporal@v${CLI_VERSION}`], {
      env: { ...env, GOSUMDB: 'off' },
      capture: true,
    });
  }
  if (!r.ok || !cliWorks(bin)) {
    fail(`Temporal CLI: go install failed:\n${r.stderr.split('\n').slice(-15).join('\n')}`);
  }
  say(`Temporal CLI: built ${bin}`);
}

function testServerPath() {
  return path.join(TOOLS, 'test-server', 'temporal-test-server');
}

function ensureTestServer() {
  const launcher = testServerPath();
  const dir = path.dirname(launcher);
  const jar = path.join(dir, 'lib', `temporal-test-server-${TEST_SERVER_VERSION}.jar`);
  const marker = path.join(dir, '.native');
  if (fs.existsSync(launcher) && (fs.existsSync(jar) || fs.existsSync(marker))) {
    progress(`Temporal test server: ${launcher} (cached)`);
    return;
  }
  const { arch, plat } = platform();
  say('Temporal test server: trying the official download …');
  const dl = path.join(TOOLS, 'download-test-server');
  const url = `https://temporal.download/temporal-test-server/default?platform=${plat}&arch=${arch}&sdk-name=sdk-typescript&sdk-version=${SDK_VERSION}`;
  if (tryDownload(url, dl)) {
    const found = findFile(dl, /^temporal-test-server(\.exe)?$/);
    if (found) {
      fs.mkdirSync(dir, { recursive: true });
      fs.renameSync(found, launcher);
      fs.chmodSync(launcher, 0o755);
      fs.writeFileSync(marker, 'downloaded\n');
      fs.rmSync(dl, { recursive: true, force: true });
      return say(`Temporal test server: downloaded to ${launcher}`);
    }
  }
  fs.rmSync(dl, { recursive: true, force: true });
  const missing = ['java', 'mvn'].filter((c) => !has(c));
  if (missing.length > 0) {
    fail(
      `Temporal test server: the download is unreachable and ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not installed. ` +
        'Install a Java 17+ JDK and Maven (`apt-get install openjdk-17-jdk-headless maven`).',
    );
  }
  say(`Temporal test server: fetching io.temporal:temporal-test-server:${TEST_SERVER_VERSION} from Maven Central …`);
  const r = run(
    'mvn',
    [
      '-q',
      '-B',
      '-f',
      path.join(ROOT, 'tools', 'test-server', 'pom.xml'),
      'dependency:copy-dependencies',
      `-DoutputDirectory=${path.join(dir, 'lib')}`,
      '-DincludeScope=runtime',
    ],
    { capture: true },
  );
  if (!r.ok || !fs.existsSync(jar))
    fail(`Temporal test server: Maven failed:\n${(r.stdout + r.stderr).split('\n').slice(-15).join('\n')}`);
  // The SDK starts an `existing-path` server as `<exe> <port> [args…]`; the Java server needs the flag to skip time.
  fs.writeFileSync(
    launcher,
    `#!/bin/sh
# Launcher for Temporal's Java time-skipping test server (written by scripts/setup-toolchain.js).
DIR="$(cd "$(dirname "$0")" && pwd)"
case " $* " in *" --enable-time-skipping "*) exec java -Xss4m -cp "$DIR/lib/*" io.temporal.testserver.TestServer "$@" ;; esac
exec java -Xss4m -cp "$DIR/lib/*" io.temporal.testserver.TestServer "$@" --enable-time-skipping
`,
  );
  fs.chmodSync(launcher, 0o755);
  say(`Temporal test server: ready at ${launcher}`);
}

function findFile(dir, re) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      const f = findFile(p, re);
      if (f) return f;
    } else if (re.test(entry.name)) return p;
  }
  return null;
}

function fail(message) {
  console.error(`[nhac-han setup] ${message}`);
  process.exit(1);
}

function main() {
  if (process.env.NHAC_HAN_SKIP_TOOLCHAIN === '1') return progress('skipped (NHAC_HAN_SKIP_TOOLCHAIN=1)');
  fs.mkdirSync(TOOLS, { recursive: true });
  const t0 = Date.now();
  ensureTemporalCli();
  ensureTestServer();
  progress(`toolchain ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

main();
