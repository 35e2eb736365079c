/**
 * `nhac-han plan calendar` marks the dates that rest on a guessed calendar: `"estimate": true` on each `--json` item
 * of a year without an official schedule, false for a decided year, and "(ước tính)" with the rule in the text.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

const PLAN = `code: THU-UOC-TINH
title: Kế hoạch thử ước tính
years: { from: 2026, to: 2028 }
coordinator: SLDTBXH
committee: UBND-TINH
agencies:
  - { code: UBND-TINH, name: UBND tỉnh, kind: committee, contacts: [{ role: head, email: ubnd@tinh.example.vn }] }
  - { code: SLDTBXH, name: Sở LĐ-TB&XH, kind: department, contacts: [{ role: coordinator, email: dm@sld.example.vn }] }
  - { code: SYT, name: Sở Y tế, kind: department, contacts: [{ role: focal, email: dau-moi@syt.example.vn }] }
obligations:
  - { id: bao-cao-nam, title: Báo cáo năm, from: [SYT], to: SLDTBXH, due: { type: yearly, date: 10/12 } }
`;

let file: string;
beforeAll(() => {
  file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nhac-han-estimate-')), 'plan.yaml');
  fs.writeFileSync(file, PLAN);
});

function calendar(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/nhac-han.js', 'plan', 'calendar', file, ...args],
      { cwd: ROOT, timeout: 60_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
      },
    );
  });
}

test('--json: estimate is true for 2027 and 2028, false for 2026', async () => {
  const run = await calendar(['--json']);
  expect(run.code).toBe(0);
  const { items } = JSON.parse(run.stdout) as { items: { year: number; dueDate: string; estimate: unknown }[] };
  expect(items.map((i) => [i.year, i.dueDate, i.estimate])).toEqual([
    [2026, '2026-12-10', false],
    [2027, '2027-12-10', true],
    [2028, '2028-12-11', true],
  ]);
}, 60_000);

test('text: estimated dates are marked and the rule is named once', async () => {
  const run = await calendar([]);
  expect(run.code).toBe(0);
  const lines = run.stdout.split('\n');
  expect(lines.filter((l) => l.includes('Báo cáo năm'))).toEqual([
    '10/12/2026  Báo cáo năm',
    '10/12/2027  Báo cáo năm (ước tính)',
    '11/12/2028  Báo cáo năm (ước tính)',
  ]);
  expect(lines[lines.indexOf('11/12/2028  Báo cáo năm (ước tính)') + 1]).toMatch(
    /^ {2}Hạn: 10\/12\/2028 là Chủ nhật; theo Bộ luật Dân sự 2015, Điều 148 khoản 5/,
  );
  expect(lines.filter((l) => l.startsWith('(ước tính) Năm'))).toEqual([
    expect.stringMatching(/^\(ước tính\) Năm 2027, 2028: Ước tính theo Bộ luật Lao động 2019, Điều 112 .*1\/9/),
  ]);
}, 60_000);
