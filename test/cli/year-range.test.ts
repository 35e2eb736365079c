/**
 * One range of supported years everywhere (MIN_CALENDAR_YEAR–MAX_CALENDAR_YEAR, 2013–2199): plan files, the legal
 * calendar, every `--year` of the CLI and the web app's year parameters accept the same years, so nothing accepts a
 * year that `plan calendar` then refuses.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { CommanderError } from 'commander';

import { buildProgram } from '../../src/cli/main';
import { MAX_CALENDAR_YEAR, MIN_CALENDAR_YEAR, nonWorkingDaysOfYear } from '../../src/domain/holiday-calendar';
import { year as planYear } from '../../src/domain/plan-schema-fields';
import { year as webYear } from '../../src/web/schemas/common';

const ROOT = path.join(__dirname, '..', '..');
const EDGES = [MIN_CALENDAR_YEAR - 1, MIN_CALENDAR_YEAR, MAX_CALENDAR_YEAR, MAX_CALENDAR_YEAR + 1];

/** Parses the arguments with the real program; true when commander accepted the year option. */
function cliAccepts(args: string[]): boolean {
  const program = buildProgram();
  program.configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  // Stop before any action runs: only the option parsing is under test.
  program.hook('preAction', () => {
    throw new CommanderError(0, 'test.parsed', 'parsed');
  });
  for (const sub of program.commands) {
    sub.exitOverride();
    for (const s of sub.commands) s.exitOverride();
  }
  try {
    program.parse(args, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) return err.code === 'test.parsed';
    throw err;
  }
  return true;
}

test('the range is 2013–2199', () => {
  expect([MIN_CALENDAR_YEAR, MAX_CALENDAR_YEAR]).toEqual([2013, 2199]);
});

test.each(EDGES)('%d: plan files, the calendar, the CLI and the web app agree', (y) => {
  const supported = y >= MIN_CALENDAR_YEAR && y <= MAX_CALENDAR_YEAR;
  expect(planYear.safeParse(y).success).toBe(supported);
  expect(webYear.safeParse(String(y)).success).toBe(supported);
  if (supported) expect(nonWorkingDaysOfYear(y).length).toBeGreaterThan(0);
  else expect(() => nonWorkingDaysOfYear(y)).toThrow(RangeError);
  for (const args of [
    ['plan', 'calendar', 'x.yaml', '--year', String(y)],
    ['plan', 'rebase', 'x.yaml', '--from-year', String(y)],
    ['holidays', '--year', String(y)],
    ['status', '--plan', 'X', '--year', String(y)],
    ['submit', '--plan', 'X', '--year', String(y), '--obligation', 'o', '--agency', 'A'],
  ]) {
    expect([args.join(' '), cliAccepts(args)]).toEqual([args.join(' '), supported]);
  }
});

test('the web app says which years it takes', () => {
  const r = webYear.safeParse('2012');
  expect(r.success ? [] : r.error.issues.map((i) => i.message)).toEqual(['năm từ 2013 đến 2199 / year 2013–2199']);
});

test('the real CLI refuses --year 2012 with one line and exit 1', async () => {
  const run = await new Promise<{ code: number; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ['bin/nhac-han.js', 'plan', 'calendar', 'plans/vinh-long-bdg-2014.yaml', '--year', '2012'],
      { cwd: ROOT, timeout: 60_000 },
      (error, _stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stderr }),
    );
  });
  expect(run.code).toBe(1);
  expect(run.stderr).toContain("option '--year <year>' argument '2012' is invalid. --year phải là số nguyên 2013–2199");
  expect(run.stderr).not.toMatch(/\n\s+at /);
}, 60_000);
