/** Applies prisma/migrations through scripts/migrate.mjs (see there for why it is a separate Node process). */
import { packageRoot } from '../runtime/package-root';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export async function applyMigrations(databaseUrl: string): Promise<string[]> {
  const script = path.join(packageRoot(), 'scripts', 'migrate.mjs');
  const { stdout } = await run(process.execPath, ['--experimental-wasm-modules', '--no-warnings', script, 'deploy'], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
  }).catch((err: { stderr?: string; message: string }) => {
    throw new Error((err.stderr ?? err.message).trim().split('\n')[0] ?? 'migration failed');
  });
  const last = stdout.trim().split('\n').pop() ?? '{}';
  return (JSON.parse(last) as { applied: string[] }).applied;
}
