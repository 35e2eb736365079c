/**
 * `nhac-han plan import FILE [--out DRAFT] [--json]` as a coordinator runs it: the real CLI in a child process.
 * Exit 0 with a draft (even incomplete), 1 when the file cannot be read as a plan, one line and no stack trace.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { parsePlanText } from '../../src/domain/plan-file';

const ROOT = path.join(__dirname, '..', '..');
const CORPUS = path.join('test', 'fixtures', 'import-corpus');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/nhac-han.js', 'plan', 'import', ...args],
      { cwd: ROOT, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('plan import', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nhac-han-import-cli-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('--json prints the draft, the items with their lines, and the unplaced dates', async () => {
    const run = await cli(path.join(CORPUS, 'seeds', '001_c67f3e36e6859e19.txt'), '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as {
      draft: { code: string; obligations: { due: unknown }[] };
      items: { kind: string; text: string; line: number; confidence: number }[];
      unplaced: unknown[];
    };
    expect(out.draft.code).toBe('THUA-THIEN-HUE-2020');
    expect(out.items.filter((i) => i.kind === 'deadline').map((i) => [i.line, i.text])).toEqual([
      [114, 'trước ngày 25/3/2020'],
      [114, 'trước ngày 10/6/2020'],
      [114, 'trước ngày 10/12/2020'],
      [116, 'trước ngày 15/12/2020'],
    ]);
    expect(out.items.filter((i) => i.kind === 'campaign').map((i) => [i.line, i.text])).toEqual([
      [50, 'từ 15/11 đến 15/12'],
    ]);
    for (const i of out.items) {
      expect(['deadline', 'campaign', 'activity', 'indicator', 'agency', 'document']).toContain(i.kind);
      expect(i.confidence).toBeGreaterThan(0);
      expect(i.confidence).toBeLessThanOrEqual(1);
    }
    expect(out.unplaced).toEqual([]);
  });

  it('--out writes a YAML draft that `plan validate` accepts; the summary names lines and what is missing', async () => {
    const draft = path.join(tmp, 'cedaw.yaml');
    const run = await cli(path.join(CORPUS, 'seeds', '000_284367c251a69730.txt'), '--out', draft);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'Hạn báo cáo / deadlines (1):\n  dòng 29: "trước ngày 01/10/2017" → 1/10/2017 [report]',
    );
    expect(run.stdout).toContain('Hoạt động (phụ lục) / activities (16):');
    expect(run.stdout).toContain('document.issuer: văn bản không ghi cơ quan ban hành / issuer not stated');
    const parsed = parsePlanText(fs.readFileSync(draft, 'utf8'));
    expect(parsed.ok).toBe(true);
  });

  it('--agencies matches a plan’s own agencies first and carries their contacts into the draft', async () => {
    const run = await cli(
      path.join(CORPUS, 'seeds', '001_c67f3e36e6859e19.txt'),
      '--json',
      '--agencies',
      path.join('plans', 'thua-thien-hue-binh-dang-gioi-2020.yaml'),
    );
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as {
      draft: { agencies: { code: string; contacts: { email?: string }[] }[] };
      missing: { path: string }[];
    };
    expect(out.draft.agencies.find((a) => a.code === 'BAO-TTH')?.contacts.length).toBe(1);
    expect(out.missing.filter((m) => m.path.endsWith('.contacts'))).toEqual([]);
  });

  it('bad input with --out: one clear line each, exit 1, no draft written', async () => {
    const docx = fs.readFileSync(path.join(CORPUS, 'files', 'seed-001.docx'));
    const big = path.join(tmp, 'big.pdf');
    fs.writeFileSync(big, '%PDF-1.7\n');
    fs.truncateSync(big, 50 * 1024 * 1024 + 1);
    const cases: [string, string][] = [
      [path.join(tmp, 'renamed.pdf'), 'nội dung không phải PDF'],
      [path.join(tmp, 'cut.docx'), 'tệp DOCX bị hỏng'],
      [path.join(CORPUS, 'files', 'encrypted.pdf'), 'bảo vệ bằng mật khẩu'],
      [path.join(tmp, 'blank.txt'), 'văn bản không có nội dung'],
      [big, 'tệp quá lớn'],
    ];
    fs.copyFileSync(path.join(CORPUS, 'files', 'seed-001.docx'), path.join(tmp, 'renamed.pdf'));
    fs.writeFileSync(path.join(tmp, 'cut.docx'), docx.subarray(0, 2000));
    fs.writeFileSync(path.join(tmp, 'blank.txt'), ' \n\n');
    for (const [file, says] of cases) {
      const out = path.join(tmp, `${path.basename(file)}.yaml`);
      const run = await cli(file, '--out', out);
      expect([path.basename(file), run.code, run.stdout]).toEqual([path.basename(file), 1, '']);
      expect(run.stderr.trimEnd().split('\n')).toEqual([expect.stringContaining(says)]);
      expect(fs.existsSync(out)).toBe(false);
    }
  });

  it('a file that cannot be read as a plan: exit 1, one line, no stack trace', async () => {
    const notPlan = path.join(tmp, 'note.txt');
    fs.writeFileSync(notPlan, 'Xin chào, hẹn gặp lại.\n');
    const run = await cli(notPlan);
    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'note.txt: không nhận ra kế hoạch (không có tiêu đề, hạn, đợt, hoạt động hay chỉ tiêu nào) / not a plan document\n',
    });
    const scanned = await cli(path.join(CORPUS, 'files', 'no-text-layer.pdf'), '--json');
    expect(scanned.code).toBe(1);
    expect(scanned.stderr.trim().split('\n')).toHaveLength(1);
    expect(scanned.stderr).toContain('OCR');
  });
});
