/**
 * `nhac-han user add` with wrong options, as an administrator types it: every wrong option named at once, one line
 * each, exit code 1, no stack trace, and nothing written (the options are checked before any connection).
 */
import { execFile } from 'node:child_process';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

function userAdd(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/nhac-han.js', 'user', 'add', ...args],
      // No database reachable: a run that got past validation would fail differently.
      { cwd: ROOT, timeout: 60_000, env: { ...process.env, DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/none' } },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}

test('two wrong options: both named, each on its own line', async () => {
  const r = await userAdd('--email', 'khong-phai-email', '--role', 'boss', '--password', 'short');
  expect(r.code).toBe(1);
  const lines = r.stderr.split('\n').filter((l) => l.startsWith('--'));
  expect(lines.map((l) => l.split(':')[0])).toEqual(['--email', '--role', '--password']);
  expect(r.stderr).not.toContain('    at ');
  expect(r.stdout).toBe('');
});
