/**
 * `nhac-han holidays --year 2026 --json` as a coordinator runs it, held day by day against the official 2026
 * schedule: Tết Dương lịch (văn bản 12729/VPCP-KGVX ngày 25/12/2025), Tết Bính Ngọ and Quốc khánh (the Prime
 * Minister's decision on the Bộ Nội vụ proposal, 10/2025), Giỗ Tổ and 30/4–1/5 by the Labour Code. Plain weekends are
 * not listed; make-up Saturdays are, as working days.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

function holidays(args: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/nhac-han.js', 'holidays', ...args],
      { cwd: ROOT, timeout: 60_000 },
      (error, stdout) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout });
      },
    );
  });
}

interface Item {
  date: string;
  name: string;
  kind: string;
  reason: string;
  source: string;
}

test('holidays --year 2026 --json is the official 2026 schedule, day by day', async () => {
  const run = await holidays(['--year', '2026', '--json']);
  expect(run.code).toBe(0);
  const items = JSON.parse(run.stdout) as Item[];
  expect(items.map(({ date, name, kind, reason }) => [date, kind, reason, name])).toEqual([
    // Tết Dương lịch 1/1–4/1: Friday 2/1 swapped, worked back on Saturday 10/1.
    ['2026-01-01', 'day-off', 'holiday', 'Tết Dương lịch'],
    ['2026-01-02', 'day-off', 'official-bridge', 'Nghỉ hoán đổi dịp Tết Dương lịch'],
    ['2026-01-10', 'working-day', 'make-up', 'Làm bù cho ngày 2/1/2026'],
    // Tết Bính Ngọ 14/2–22/2: the five statutory days 16/2–20/2 between two weekends.
    ['2026-02-16', 'day-off', 'holiday', 'Tết Nguyên đán (29 tháng Chạp)'],
    ['2026-02-17', 'day-off', 'holiday', 'Tết Nguyên đán (mùng 1)'],
    ['2026-02-18', 'day-off', 'holiday', 'Tết Nguyên đán (mùng 2)'],
    ['2026-02-19', 'day-off', 'holiday', 'Tết Nguyên đán (mùng 3)'],
    ['2026-02-20', 'day-off', 'holiday', 'Tết Nguyên đán (mùng 4)'],
    // Giỗ Tổ on Sunday 26/4, made up on Monday 27/4.
    ['2026-04-26', 'day-off', 'holiday', 'Giỗ Tổ Hùng Vương (10/3 âm lịch)'],
    ['2026-04-27', 'day-off', 'compensatory', 'Nghỉ bù Giỗ Tổ Hùng Vương'],
    // 30/4–1/5 on Thursday and Friday, no swap.
    ['2026-04-30', 'day-off', 'holiday', 'Ngày Chiến thắng (30/4)'],
    ['2026-05-01', 'day-off', 'holiday', 'Ngày Quốc tế Lao động (1/5)'],
    // Quốc khánh 29/8–2/9: Monday 31/8 swapped, worked back on Saturday 22/8; the holidays are 1/9 and 2/9.
    ['2026-08-22', 'working-day', 'make-up', 'Làm bù cho ngày 31/8/2026'],
    ['2026-08-31', 'day-off', 'official-bridge', 'Nghỉ hoán đổi dịp Quốc khánh'],
    ['2026-09-01', 'day-off', 'holiday', 'Quốc khánh (ngày liền kề)'],
    ['2026-09-02', 'day-off', 'holiday', 'Quốc khánh (2/9)'],
  ]);
  for (const item of items) {
    expect(item.source).toMatch(/12729\/VPCP-KGVX ngày 25\/12\/2025/);
    expect(item.source).toMatch(/Quốc khánh \(29\/8 - 02\/9\/2026, hoán đổi thứ Hai 31\/8 sang thứ Bảy 22\/8\/2026\)/);
  }
}, 60_000);

test('holidays --year 2028 --json marks every day as an estimate under the 2019 Code', async () => {
  const run = await holidays(['--year', '2028', '--json']);
  expect(run.code).toBe(0);
  const items = JSON.parse(run.stdout) as Item[];
  expect(items.length).toBeGreaterThan(10);
  expect(new Set(items.map((i) => [i.kind, i.source].join(' | ')))).toEqual(
    new Set(['day-off | Bộ luật Lao động 2019, Điều 112 (ước tính)']),
  );
}, 60_000);

test('holidays --year 2028 says in its text how the year was estimated', async () => {
  const run = await holidays(['--year', '2028']);
  expect(run.code).toBe(0);
  expect(run.stdout).toContain('Tết Nguyên đán: 2 ngày trước mùng 1 và 3 ngày từ mùng 1');
}, 60_000);

test('holidays list --help names the --year and --json it takes; holidays retarget is listed', async () => {
  const list = await holidays(['list', '--help']);
  expect(list.code).toBe(0);
  expect(list.stdout).toMatch(/--year <year>/);
  expect(list.stdout).toMatch(/--json/);
  const help = await holidays(['--help']);
  expect(help.stdout).toMatch(/retarget/);
});
