/**
 * `nhac-han plan calendar` explains the reminder schedule: reminders that merged onto one instant (`mergedReminders`
 * in `--json`, a line in the text), the reminder after a long break (a step of `reminderSteps`), and why a due date
 * moved, with the law and the days skipped (`dueExplanation`, `skippedDays`).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

const PLAN = `code: THU-TET
title: Kế hoạch thử sau Tết
years: { from: 2026, to: 2026 }
coordinator: SLDTBXH
committee: UBND-TINH
agencies:
  - { code: UBND-TINH, name: UBND tỉnh, kind: committee, contacts: [{ role: head, email: ubnd@tinh.example.vn }] }
  - { code: SLDTBXH, name: Sở LĐ-TB&XH, kind: department, contacts: [{ role: coordinator, email: dm@sld.example.vn }] }
  - { code: SYT, name: Sở Y tế, kind: department, contacts: [{ role: focal, email: dau-moi@syt.example.vn }] }
obligations:
  - { id: sau-tet, title: Báo cáo sau Tết, stated: chậm nhất ngày 23/2/2026, from: [SYT], to: SLDTBXH, due: { type: once, date: '2026-02-23', inclusive: true } }
  - { id: ngay-tet, title: Báo cáo ngày Tết, stated: trước ngày 18/2/2026, from: [SYT], to: SLDTBXH, due: { type: once, date: '2026-02-18', inclusive: false } }
policy: { reminders: [P7D, P3D] }
`;

let file: string;
beforeAll(() => {
  file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nhac-han-tet-')), 'plan.yaml');
  fs.writeFileSync(file, PLAN);
});

function calendar(args: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/nhac-han.js', 'plan', 'calendar', file, ...args],
      { cwd: ROOT, timeout: 60_000 },
      (error, stdout) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout }),
    );
  });
}

interface Item {
  obligation: string;
  dueDate: string;
  reminders: string[];
  reminderSteps: { step: string; at: string; kind: string }[];
  mergedReminders: { at: string; steps: string[]; text: string }[];
  skippedDays: { date: string; name: string }[];
  dueExplanation: string | null;
}

test('--json: the Tết reminders, merged and after the break; the roll with the days skipped', async () => {
  const run = await calendar(['--json']);
  expect(run.code).toBe(0);
  const { items } = JSON.parse(run.stdout) as { items: Item[] };
  const after = items.find((i) => i.obligation === 'sau-tet');
  expect(after?.reminderSteps).toEqual([
    { step: 'reminder:P7D', at: '2026-02-13T08:00:00+07:00', kind: 'upcoming' },
    { step: 'reminder:after-break:2026-02-23', at: '2026-02-23T08:00:00+07:00', kind: 'due-today' },
  ]);
  expect(after?.reminders).toEqual(['2026-02-13T08:00:00+07:00', '2026-02-23T08:00:00+07:00']);
  expect(after?.mergedReminders).toEqual([
    {
      at: '2026-02-13T08:00:00+07:00',
      steps: ['reminder:P7D', 'reminder:P3D'],
      text: 'Nhắc P7D, nhắc P3D trùng vào 08:00 13/2/2026: gửi một lần (nhắc P7D).',
    },
  ]);
  expect(after?.dueExplanation).toBeNull();
  const during = items.find((i) => i.obligation === 'ngay-tet');
  expect(during?.dueDate).toBe('2026-02-23');
  expect(during?.skippedDays.map((d) => d.date)).toEqual([
    '2026-02-17',
    '2026-02-18',
    '2026-02-19',
    '2026-02-20',
    '2026-02-21',
    '2026-02-22',
  ]);
  expect(during?.dueExplanation).toMatch(/^“Trước ngày 18\/2\/2026” không gồm ngày 18\/2\/2026: .*Điều 148 khoản 5/);
}, 60_000);

test('text: the merge and the after-break reminder under the deadline, the explanation under the moved one', async () => {
  const run = await calendar([]);
  expect(run.code).toBe(0);
  const lines = run.stdout.split('\n');
  const at = lines.indexOf('23/2/2026  Báo cáo sau Tết');
  expect(lines.slice(at + 1, at + 4)).toEqual([
    '  Nhắc: Nhắc P7D, nhắc P3D trùng vào 08:00 13/2/2026: gửi một lần (nhắc P7D).',
    '  Nhắc: 08:00 23/2/2026, ngày làm việc đầu tiên sau kỳ nghỉ dài.',
    '  - Sở Y tế [SYT]',
  ]);
  const moved = lines.indexOf('23/2/2026  Báo cáo ngày Tết');
  expect(lines[moved + 1]).toMatch(
    /^ {2}Hạn: “Trước ngày 18\/2\/2026” .* Bỏ qua 6 ngày nghỉ: .*Chủ nhật 22\/2\/2026\.$/,
  );
}, 60_000);
