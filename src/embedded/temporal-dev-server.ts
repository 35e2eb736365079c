/**
 * The Temporal CLI's dev server (frontend + Web UI + SQLite persistence under DATA_DIR), with the project's search
 * attributes registered at start. Built or downloaded into .tools/ by scripts/setup-toolchain.js.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { SEARCH_ATTRIBUTE_DEFINITIONS } from '../domain/search-attributes';

export interface DevServer {
  address: string;
  uiUrl: string | null;
  process: ChildProcess;
  stop(): Promise<void>;
}

export function temporalCliPath(toolsDir: string): string {
  return path.join(toolsDir, 'bin', 'temporal');
}

export async function startTemporalDevServer(opts: {
  toolsDir: string;
  port: number;
  uiPort: number | null;
  dbFile: string | null;
  namespace?: string;
  log?: (line: string) => void;
  /** Dynamic config values (`--dynamic-config-value key=<JSON>`), for benches trying server settings. (Default: none.) */
  dynamicConfig?: Readonly<Record<string, string | number | boolean>>;
}): Promise<DevServer> {
  const bin = temporalCliPath(opts.toolsDir);
  if (!fs.existsSync(bin)) {
    throw new Error(
      `Chưa có Temporal CLI tại ${bin}; chạy "npm run setup" / Temporal CLI missing at ${bin}; run "npm run setup"`,
    );
  }
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(opts.port),
    '--namespace',
    opts.namespace ?? 'default',
    '--log-level',
    'warn',
  ];
  if (opts.uiPort === null) args.push('--headless');
  else args.push('--ui-port', String(opts.uiPort), '--ui-ip', '127.0.0.1');
  if (opts.dbFile) {
    fs.mkdirSync(path.dirname(opts.dbFile), { recursive: true });
    args.push('--db-filename', opts.dbFile);
  }
  for (const [name, type] of SEARCH_ATTRIBUTE_DEFINITIONS) args.push('--search-attribute', `${name}=${type}`);
  for (const [key, value] of Object.entries(opts.dynamicConfig ?? {})) {
    args.push('--dynamic-config-value', `${key}=${JSON.stringify(value)}`);
  }
  // Registering the metrics port on a fixed number would collide between parallel servers; 0 lets the OS pick.
  args.push('--metrics-port', '0');
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const onData = (b: Buffer) => {
    const s = b.toString();
    output = (output + s).slice(-4000);
    opts.log?.(s.trimEnd());
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const address = `127.0.0.1:${opts.port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const early = await Promise.race([exited, new Promise<'running'>((r) => setTimeout(() => r('running'), 250))]);
    if (early !== 'running')
      throw new Error(
        `Temporal dev server exited (${String(early)}): ${output.trim().split('\n').slice(-5).join(' | ')}`,
      );
    try {
      const conn = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await conn.workflowService.describeNamespace({ namespace: opts.namespace ?? 'default' });
        break;
      } finally {
        await conn.close();
      }
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`Temporal dev server did not become ready on ${address} within 60 s`);
      }
    }
  }
  return {
    address,
    uiUrl: opts.uiPort === null ? null : `http://127.0.0.1:${opts.uiPort}`,
    process: child,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(t);
    },
  };
}
