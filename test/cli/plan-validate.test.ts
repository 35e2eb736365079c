/**
 * `nhac-han plan validate <file>` as a coordinator runs it: the real CLI in a child process, on each broken plan of
 * test/fixtures/broken-plans/. Every problem is one line `<path>: <message>`, exit code 1, never a stack trace.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const BROKEN = path.join('test', 'fixtures', 'broken-plans');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function validate(file: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/nhac-han.js', 'plan', 'validate', file],
      { cwd: ROOT, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const lines = (text: string) => text.split('\n').filter((l) => l !== '');

function expectNoStackTrace(run: Run): void {
  expect(run.stdout).not.toContain('    at ');
  expect(run.stderr).not.toContain('    at ');
}

/** Each broken plan and the exact lines `plan validate` must print for it. */
const CASES: ReadonlyArray<[file: string, expected: string[]]> = [
  [
    'impossible-date.yaml',
    ['obligations[0].due.date: "31/2" không phải ngày/tháng có thật (ví dụ "25/3") / not a real day/month'],
  ],
  ['unknown-agency-in-from.yaml', ['obligations[0].from[1]: không có cơ quan mã "SXYZ" / unknown agency "SXYZ"']],
  ['duplicate-agency-codes.yaml', ['agencies[3].code: mã cơ quan "SYT" bị trùng / duplicate agency code']],
  [
    'empty-group.yaml',
    [
      'obligations[0].from: nhóm "so-ban-nganh" không có cơ quan nào: không ai phải báo cáo / group is empty: no one reports',
    ],
  ],
  ['reversed-years.yaml', ['years: năm bắt đầu 2020 sau năm kết thúc 2017 / years are reversed']],
  // The plan's years are the calendar's (MIN_CALENDAR_YEAR–MAX_CALENDAR_YEAR): `plan calendar` answers every valid plan.
  [
    'years-outside-calendar.yaml',
    ['years.from: năm phải từ 2013 / year must be ≥ 2013', 'years.to: năm phải đến 2199 / year must be ≤ 2199'],
  ],
  ['overlapping-campaigns.yaml', ['campaigns[1].window: trùng thời gian với campaigns[0] / overlaps campaigns[0]']],
  [
    'offset-not-a-duration.yaml',
    [
      'policy.reminders[1]: "7 ngày" không phải khoảng thời gian ISO-8601 dương (ví dụ P7D, PT2M) / not a positive ISO-8601 duration',
    ],
  ],
  ['invalid-email.yaml', ['agencies[2].contacts[0].email: email không hợp lệ / invalid email']],
  [
    'invalid-phone.yaml',
    [
      'agencies[2].contacts[0].phone: số điện thoại không hợp lệ (ví dụ 0912345678 hoặc +84912345678) / invalid Vietnamese phone number',
    ],
  ],
  ['empty.yaml', ['(file): tệp trống / file is empty']],
  ['unknown-key.yaml', ['obligations[0]: khóa không được phép: "deadline" / unknown key(s)']],
];

describe('nhac-han plan validate', () => {
  it('covers every file of the broken-plans corpus', () => {
    const covered = new Set([...CASES.map(([f]) => f), 'years-as-strings.yaml', 'invalid-yaml.yaml']);
    expect(fs.readdirSync(path.join(ROOT, BROKEN)).sort()).toEqual([...covered].sort());
  });

  it.concurrent.each(CASES)('%s → exit 1 with its problem lines', async (file, expected) => {
    const run = await validate(path.join(BROKEN, file));
    expect(run.code).toBe(1);
    expect(lines(run.stdout)).toEqual(expected);
    expect(run.stderr).toBe('');
    expectNoStackTrace(run);
  });

  it.concurrent('invalid YAML → exit 1 with one (file) line naming the parser error', async () => {
    const run = await validate(path.join(BROKEN, 'invalid-yaml.yaml'));
    expect(run.code).toBe(1);
    expect(lines(run.stdout)).toEqual([
      expect.stringMatching(
        /^\(file\): YAML\/JSON không hợp lệ ở dòng .+: Flow map in block collection must be sufficiently indented and end with a \} \/ invalid YAML\/JSON$/,
      ),
    ]);
    expectNoStackTrace(run);
  });

  // BUG (src/domain/plan-file.ts): the yaml parser is called with prettyErrors: false, which leaves YAMLError.linePos
  // unset, so every syntax error says "ở dòng ?". The error is on line 4. Flip to `it` once fixed.
  it.concurrent('invalid YAML names the line of the error', async () => {
    const run = await validate(path.join(BROKEN, 'invalid-yaml.yaml'));
    expect(run.stdout).toContain('(file): YAML/JSON không hợp lệ ở dòng 4: Flow map in block collection');
  });

  it.concurrent('years as strings → exit 1 with a problem on years.from and years.to', async () => {
    const run = await validate(path.join(BROKEN, 'years-as-strings.yaml'));
    expect(run.code).toBe(1);
    expect(lines(run.stdout).map((l) => l.split(': ')[0])).toEqual(['years.from', 'years.to']);
    expectNoStackTrace(run);
  });

  // BUG (src/domain/plan-file.ts): zod 4 leaves `issue.input` undefined unless safeParse gets { reportInput: true },
  // so every wrong type is reported as "thiếu trường bắt buộc / required field is missing". Flip to `it` once fixed.
  it.concurrent('years as strings says they must be year numbers, not that they are missing', async () => {
    const run = await validate(path.join(BROKEN, 'years-as-strings.yaml'));
    expect(lines(run.stdout)).toEqual([
      'years.from: phải là số năm / must be a year number',
      'years.to: phải là số năm / must be a year number',
    ]);
  });

  it.concurrent('a 10 MB file → exit 1 with the size message, before parsing', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nhac-han-big-'));
    const file = path.join(dir, 'big.yaml');
    try {
      const line = `# ${'x'.repeat(1021)}\n`; // 1 KiB
      fs.writeFileSync(file, line.repeat(10 * 1024));
      expect(fs.statSync(file).size).toBe(10 * 1024 * 1024);
      const run = await validate(file);
      expect(run.code).toBe(1);
      expect(lines(run.stdout)).toEqual(['(file): tệp quá lớn: 10.0 MB, tối đa 2 MB / file too large']);
      expectNoStackTrace(run);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it.concurrent('a missing file → exit 2, one line on stderr', async () => {
    const file = path.join(BROKEN, 'does-not-exist.yaml');
    const run = await validate(file);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(lines(run.stderr)).toEqual([`${file}: không đọc được tệp / cannot read file`]);
    expectNoStackTrace(run);
  });

  it.concurrent('a seed preset → exit 0 with a one-line summary', async () => {
    const run = await validate('plans/vinh-long-bdg-2014.yaml');
    expect(run.code).toBe(0);
    expect(lines(run.stdout)).toEqual([
      'Hợp lệ / valid: VL-BDG-2014 — Kế hoạch thực hiện Chương trình quốc gia về bình đẳng giới và vì sự tiến bộ phụ nữ Việt Nam tỉnh Vĩnh Long năm 2014 (2014–2014; 16 cơ quan, 4 nghĩa vụ, 0 đợt, 4 hoạt động, 0 chỉ tiêu)',
    ]);
    expect(run.stderr).toBe('');
  });
  it.concurrent(
    'a plan naming directory agencies → exit 1 offline, saying it is checked against the database',
    async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nhac-han-ref-'));
      try {
        const file = path.join(dir, 'danh-ba.yaml');
        fs.writeFileSync(
          file,
          [
            'code: KH-DB',
            'title: Kế hoạch dùng danh bạ',
            'years: { from: 2027, to: 2027 }',
            'coordinator: SNV',
            'agencies:',
            '  - { code: SNV, name: Sở Nội vụ, kind: department, contacts: [{ role: coordinator, email: snv@tinh.vn }] }',
            'groups: { xa: { directory: UBND cấp xã } }',
            'obligations:',
            '  - { id: bao-cao-nam, title: Báo cáo năm, from: xa, to: SNV, due: { type: yearly, date: 10/12 } }',
            '',
          ].join('\n'),
        );
        const run = await validate(file);
        expect(run.code).toBe(1);
        expect(lines(run.stdout)[0]).toMatch(
          /^agencies: kế hoạch dùng cơ quan hoặc nhóm của danh bạ: cần cơ sở dữ liệu/,
        );
        expectNoStackTrace(run);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
