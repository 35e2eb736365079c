/**
 * The consolidated report end to end against real PostgreSQL, on the Nghệ An 2017 seed: compile, store, read the
 * XLSX and DOCX back, compare the indicator table with the seed document's appendix, render the DOCX to PNG,
 * and prove that a failed write leaves neither files nor row.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { main } from '../../src/cli/main';
import { parsePlanText } from '../../src/domain/plan-file';
import type { Plan } from '../../src/domain/plan-schema';
import { SECTIONS } from '../../src/reports/docx-export';
import { SHEETS } from '../../src/reports/xlsx-export';
import { compileAndStore, reportsDir } from '../../src/services/report-service';
import { storePlanOnly } from '../../src/services/plan-service';
import { createTestDatabase, type TestDatabase } from '../support/database';

const ROOT = path.resolve(__dirname, '../..');
// A copy of the seed document (shared/seeds), so the test does not depend on a folder outside the repository.
const SEED = path.join(ROOT, 'test/fixtures/seeds/004_82a79f2508c428e9.txt');
const OUT = path.join(ROOT, 'test-results/reports');
const AS_OF = new Date('2017-12-15T09:00:00+07:00');

let db: TestDatabase;
let dataDir: string;
let plan: Plan;

function loadPlan(): Plan {
  const r = parsePlanText(fs.readFileSync(path.join(ROOT, 'plans/nghe-an-bdg-2017.yaml'), 'utf8'));
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.plan;
}

async function submit(agencyCode: string, obligationId: string, at: string, state: 'submitted' | 'late') {
  const a = await db.prisma.assignment.findFirstOrThrow({
    where: { planCode: plan.code, year: 2017, obligationId, agencyCode },
  });
  await db.prisma.assignment.update({ where: { id: a.id }, data: { state, submittedAt: new Date(at) } });
  await db.prisma.submission.create({
    data: { id: `${a.id}#1`, assignmentId: a.id, receivedAt: new Date(at), channel: 'web' },
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nhac-han-reports-'));
  plan = loadPlan();
  await storePlanOnly(db.prisma, plan, new Date('2017-01-02T00:00:00+07:00'));
  // Every agency sent its 6-month report; for the annual report (due 30/11/2017) SNV on time, SYT late, the rest not.
  await db.prisma.assignment.updateMany({
    where: { planCode: plan.code, obligationId: 'bao-cao-6-thang' },
    data: { state: 'submitted', submittedAt: new Date('2017-06-28T10:00:00+07:00') },
  });
  await submit('SNV', 'bao-cao-nam', '2017-11-28T10:00:00+07:00', 'submitted');
  await submit('SYT', 'bao-cao-nam', '2017-12-05T15:00:00+07:00', 'late');
  await db.prisma.indicatorValue.createMany({
    data: [
      { planCode: plan.code, year: 2017, indicatorCode: 'MT1-1', agencyCode: 'BTCTU', value: 17.5 },
      { planCode: plan.code, year: 2017, indicatorCode: 'MT1-3', agencyCode: 'SNV', value: 29 },
      { planCode: plan.code, year: 2017, indicatorCode: 'MT2-4', agencyCode: 'NHCSXH', value: 1234.5 },
    ],
  });
  fs.mkdirSync(OUT, { recursive: true });
});

afterAll(async () => {
  await db.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** The appendix of the seed document (its second copy), as rows of cells: TT, name, unit, KQ 2016, KH 2017, …. */
function appendixRows(): string[][] {
  const lines = fs.readFileSync(SEED, 'utf8').split('\n');
  const start = lines.findIndex((l, i) => i > 200 && l.trim() === 'KẾ HOẠCH');
  const blocks: string[][] = [];
  let current: string[] = [];
  for (const line of lines.slice(start)) {
    if (line.trim() === '') {
      if (current.length > 0) blocks.push(current);
      current = [];
    } else
      current.push(
        line
          .replace(/^\t/, '')
          .replace(/\u00a0/g, ' ')
          .trim(),
      );
  }
  if (current.length > 0) blocks.push(current);
  return blocks.filter((b) => /^\d+(\.\d+)*$/.test(b[0] ?? '') && b.length >= 6);
}

/** Every table row of the DOCX as its cells' text. */
async function docxTableRows(bytes: Buffer): Promise<{ xml: string; text: string; rows: string[][] }> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
  const textOf = (fragment: string) =>
    [...fragment.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)]
      .map((m) => m[1] ?? '')
      .join('')
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"');
  const rows = [...xml.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((tr) =>
    [...tr[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((tc) => textOf(tc[0])),
  );
  const text = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) => textOf(p[0])).join('\n');
  return { xml, text, rows };
}

describe('consolidated report of Nghệ An 2017', () => {
  let result: Awaited<ReturnType<typeof compileAndStore>>;

  beforeAll(async () => {
    result = await compileAndStore(
      { prisma: db.prisma, dataDir },
      { planCode: plan.code, year: 2017, asOf: AS_OF },
      { trigger: 'manual' },
    );
  });

  it('stores one row naming its three files, which exist', async () => {
    const row = await db.prisma.compiledReport.findUniqueOrThrow({ where: { id: result.stored.id } });
    expect(row).toMatchObject({ planCode: 'NA-BDG-2017', year: 2017, trigger: 'manual', obligationId: null });
    const files = row.files as Record<string, string>;
    expect(Object.keys(files).sort()).toEqual(['csv', 'docx', 'xlsx']);
    for (const rel of Object.values(files)) {
      expect(rel.startsWith('NA-BDG-2017/2017/')).toBe(true);
      expect(fs.statSync(path.join(reportsDir(dataDir), rel)).size).toBeGreaterThan(1000);
    }
    const summary = row.summary as { totals: Record<string, number>; overdue: unknown[] };
    // 36 reporting units × 2 reports: 36 + 1 received on time, 1 late, 34 overdue.
    expect(summary.totals).toEqual({ expected: 72, onTime: 37, late: 1, overdue: 34, pending: 0, excused: 0 });
    expect(summary.overdue).toHaveLength(34);
  });

  it('lays the XLSX out as a biểu tổng hợp: title, plan number, headers, frozen, A4 landscape', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(result.buffers.xlsx as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      SHEETS.indicators,
      SHEETS.agencies,
      SHEETS.overdue,
      SHEETS.values,
    ]);
    const ws = wb.getWorksheet(SHEETS.indicators);
    if (!ws) throw new Error('no sheet');
    expect(ws.getCell('A1').value).toBe('BIỂU TỔNG HỢP KẾT QUẢ THỰC HIỆN CÁC MỤC TIÊU, CHỈ TIÊU NĂM 2017');
    expect(ws.getCell('A2').text).toContain('(số 1046/QĐ-UBND)');
    expect(ws.getCell('A3').value).toBe('Số liệu tính đến ngày 15/12/2017');
    expect([ws.getCell('A5').value, ws.getCell('C5').value, ws.getCell('E5').value, ws.getCell('F5').value]).toEqual([
      'TT',
      'Mục tiêu, chỉ tiêu',
      'KQ năm 2016',
      'KH năm 2017',
    ]);
    expect(ws.getCell('G5').value).toBe('Kết quả thực hiện năm 2017');
    expect(ws.getCell('H6').value).toBe('Kết quả tổng hợp');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 7 });
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToWidth: 1 });

    const byCode = new Map<string, ExcelJS.Row>();
    ws.eachRow((row) => {
      const code = row.getCell(2).value;
      if (typeof code === 'string' && plan.indicators.some((i) => i.code === code)) byCode.set(code, row);
    });
    const cells = (code: string) => {
      const row = byCode.get(code);
      if (!row) throw new Error(`no row ${code}`);
      return [3, 4, 5, 6, 7, 8, 9, 10].map((c) => row.getCell(c).value);
    };
    expect(cells('MT1-1')).toEqual([
      'Tỷ lệ nữ tham gia các cấp ủy Đảng',
      '%',
      16.21,
      16.21,
      1,
      17.5,
      108,
      'Ban Tổ chức Tỉnh ủy',
    ]);
    expect(cells('MT1-3')).toEqual([
      'Tỷ lệ nữ đại biểu Hội đồng nhân dân các cấp',
      '%',
      28.3,
      30,
      1,
      29,
      96.7,
      'Sở Nội vụ',
    ]);
    expect(cells('MT4-1').slice(2, 4)).toEqual(['113/100', '115/100']);
    expect(byCode.size).toBe(plan.indicators.length);
    expect(byCode.get('MT1-1')?.getCell(6).numFmt).toBe('#,##0.##;-#,##0.##;0');

    const agencies = wb.getWorksheet(SHEETS.agencies);
    const rows: unknown[][] = [];
    agencies?.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    expect(rows.find((r) => r[1] === 'SYT' && r[3] === plan.obligations[1]?.title)).toEqual([
      expect.any(Number),
      'SYT',
      'Sở Y tế',
      plan.obligations[1]?.title,
      '30/11/2017',
      '5/12/2017',
      'Nộp muộn',
      5,
    ]);
    expect(rows.find((r) => r[2] === 'Quá hạn, chưa gửi')?.[6]).toBe(34);
    const overdue: unknown[] = [];
    wb.getWorksheet(SHEETS.overdue)?.eachRow((r) => overdue.push(r.getCell(3).value));
    expect(overdue).toContain('UBND huyện Yên Thành');
    expect(overdue).not.toContain('Sở Y tế');
  });

  it('writes a DOCX draft with the four sections filled from the data', async () => {
    const { text } = await docxTableRows(result.buffers.docx as Buffer);
    const at = (s: string) => text.indexOf(s);
    expect(at(SECTIONS.deployment)).toBeGreaterThan(0);
    expect(at(SECTIONS.deployment)).toBeLessThan(at(SECTIONS.results));
    expect(at(SECTIONS.results)).toBeLessThan(at(SECTIONS.shortcomings));
    expect(at(SECTIONS.shortcomings)).toBeLessThan(at(SECTIONS.recommendations));
    expect(text).toContain('Kính gửi: Ủy ban nhân dân tỉnh Nghệ An.');
    expect(text).toContain('đã nhận 38/72 báo cáo (37 đúng hạn, 1 gửi muộn); 34 báo cáo quá hạn chưa gửi');
    expect(text).toContain('Còn 34 báo cáo quá hạn chưa gửi:');
    expect(text).toContain('UBND huyện Yên Thành: Báo cáo năm');
    expect(text).toContain('Tỷ lệ nữ đại biểu Hội đồng nhân dân các cấp: đạt 29 %, bằng 96,7% kế hoạch (30).');
    expect(text).toContain('Kế hoạch có 43 chỉ tiêu; đã có số liệu 3 chỉ tiêu, trong đó 2 chỉ tiêu đạt hoặc vượt');
  });

  it('has an indicator table that matches the appendix of Quyết định 1046/QĐ-UBND', async () => {
    const { rows } = await docxTableRows(result.buffers.docx as Buffer);
    const table = rows.filter((r) => r.length === 7);
    const appendix = appendixRows();
    // 43 rows; the heading row of goal 2's first indicator ("Hằng năm, trong tổng số người…", no figures) is cut by
    // a blank line in the text, so 42 parse as rows: it is checked by name below.
    expect(appendix.length).toBe(42);
    expect(table.some((r) => r[1]?.startsWith('Hằng năm, trong tổng số người được tạo việc làm mới'))).toBe(true);
    const vi = (s: string) => (/^\d+\.\d+$/.test(s) ? s.replace('.', ',') : s);
    const unit = (s: string) => s.replace(/^\((.*)\)$/, '$1');
    const mismatches: string[] = [];
    // Where the seed plan deliberately departs from the appendix (explained in plans/nghe-an-bdg-2017.yaml).
    const documented = new Set([
      'Hằng năm, trong tổng số người được tạo việc làm mới, bảo đảm ít nhất 40% cho mỗi giới',
    ]);
    for (const [tt, name, u, kq, kh] of appendix) {
      if (documented.has(name ?? '')) continue;
      const row = table.find((r) => r[0] === tt && r[1]?.replace(/\s+/g, ' ') === name?.replace(/\s+/g, ' '));
      if (!row) {
        mismatches.push(`missing ${tt} ${name}`);
        continue;
      }
      const want = [unit(u ?? ''), vi(kq ?? ''), vi(kh ?? '')];
      const got = [row[2], row[3], row[4]];
      if (JSON.stringify(want) !== JSON.stringify(got))
        mismatches.push(`${tt} ${name}: ${JSON.stringify({ want, got })}`);
    }
    expect(mismatches).toEqual([]);
    // Seven goals, numbered as the appendix numbers them.
    expect(rows.filter((r) => r.length === 2 && /^[IVX]+$/.test(r[0] ?? '')).map((r) => r[0])).toEqual([
      'I',
      'II',
      'III',
      'IV',
      'V',
      'VI',
      'VII',
    ]);
  });

  it('renders the DOCX to PDF with LibreOffice and to PNG with pdftoppm', () => {
    const which = (cmd: string) => {
      try {
        execFileSync('sh', ['-c', `command -v ${cmd}`]);
        return true;
      } catch {
        return false;
      }
    };
    if (!which('libreoffice')) throw new Error('libreoffice is not installed (apt-get install libreoffice-writer)');
    if (!which('pdftoppm')) throw new Error('pdftoppm is not installed (apt-get install poppler-utils)');
    const docx = path.join(OUT, 'nghe-an-2017.docx');
    fs.writeFileSync(docx, result.buffers.docx as Buffer);
    fs.rmSync(path.join(OUT, 'nghe-an-2017.pdf'), { force: true });
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'lo-profile-'));
    execFileSync(
      'libreoffice',
      [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', OUT, docx],
      { stdio: 'ignore', timeout: 120_000 },
    );
    fs.rmSync(profile, { recursive: true, force: true });
    const pdf = path.join(OUT, 'nghe-an-2017.pdf');
    expect(fs.readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    // Page 1 only, named without pdftoppm's page suffix (zero-padded once the annexes make 10+ pages).
    execFileSync('pdftoppm', [
      '-png',
      '-r',
      '70',
      '-f',
      '1',
      '-l',
      '1',
      '-singlefile',
      pdf,
      path.join(OUT, 'nghe-an-2017-1'),
    ]);
    const png = fs.readFileSync(path.join(OUT, 'nghe-an-2017-1.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.length).toBeGreaterThan(20_000);
    const pdfText = execFileSync('pdftotext', ['-l', '1', pdf, '-']).toString();
    expect(pdfText).toContain('I. TÌNH HÌNH TRIỂN KHAI');
  });

  it('writes a CSV for Excel: BOM, Vietnamese numbers quoted', () => {
    const csv = (result.buffers.csv as Buffer).toString('utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toContain('MT2-4,');
    expect(csv).toContain('"1.234,5"');
    expect(csv.split('\r\n')[0]).toBe(
      '\uFEFFMã chỉ tiêu,Mục tiêu,Chỉ tiêu,Đơn vị tính,KQ năm 2016,KH năm 2017,Số đơn vị báo cáo,Kết quả năm 2017,So với KH,Đơn vị chủ trì',
    );
  });
});

describe('all or nothing', () => {
  const filesUnder = (dir: string): string[] =>
    fs.existsSync(dir)
      ? fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.\w+$/.test(f))
      : [];

  it('leaves no files when the row cannot be inserted', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nhac-han-reports-fail-'));
    const spy = jest.spyOn(db.prisma.compiledReport, 'create').mockRejectedValueOnce(new Error('database went away'));
    const before = await db.prisma.compiledReport.count();
    await expect(
      compileAndStore(
        { prisma: db.prisma, dataDir: dir },
        { planCode: plan.code, year: 2017, asOf: AS_OF },
        { trigger: 'manual' },
      ),
    ).rejects.toThrow('database went away');
    spy.mockRestore();
    expect(filesUnder(path.join(dir, 'reports'))).toEqual([]);
    expect(await db.prisma.compiledReport.count()).toBe(before);
  });

  it('leaves no files and no row when the second file cannot be written', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nhac-han-reports-fail-'));
    const real = fsp.writeFile.bind(fsp);
    let calls = 0;
    const spy = jest.spyOn(fsp, 'writeFile').mockImplementation((...args: Parameters<typeof fsp.writeFile>) => {
      calls++;
      return calls === 2 ? Promise.reject(new Error('disk full')) : real(...args);
    });
    const before = await db.prisma.compiledReport.count();
    await expect(
      compileAndStore(
        { prisma: db.prisma, dataDir: dir },
        { planCode: plan.code, year: 2017, asOf: AS_OF },
        { trigger: 'manual' },
      ),
    ).rejects.toThrow('disk full');
    spy.mockRestore();
    expect(calls).toBe(2);
    expect(filesUnder(path.join(dir, 'reports'))).toEqual([]);
    expect(await db.prisma.compiledReport.count()).toBe(before);
  });
});

describe('nhac-han report', () => {
  const env = { ...process.env };
  let errors: string[];
  let logs: string[];

  beforeEach(() => {
    process.env.DATABASE_URL = db.url;
    process.env.DATA_DIR = dataDir;
    errors = [];
    logs = [];
    jest.spyOn(console, 'error').mockImplementation((m: unknown) => void errors.push(String(m)));
    jest.spyOn(console, 'log').mockImplementation((m: unknown) => void logs.push(String(m)));
  });
  afterEach(() => {
    jest.restoreAllMocks();
    process.env = { ...env };
  });

  it('writes the chosen format to --out and keeps a manual report', async () => {
    const out = path.join(dataDir, 'out.xlsx');
    const before = await db.prisma.compiledReport.count({ where: { trigger: 'manual' } });
    const code = await main(['report', '--plan', 'NA-BDG-2017', '--year', '2017', '--format', 'xlsx', '--out', out]);
    expect(errors).toEqual([]);
    expect(code).toBe(0);
    expect(fs.readFileSync(out).subarray(0, 2).toString()).toBe('PK');
    expect(logs.join('\n')).toContain(`Đã lập báo cáo / report written: ${out} (xlsx,`);
    expect(await db.prisma.compiledReport.count({ where: { trigger: 'manual' } })).toBe(before + 1);
  });

  it.each([
    [
      ['--plan', 'NA-BDG-2017', '--year', '2017', '--format', 'pdf', '--out', 'x.pdf'],
      '--format: phải là một trong xlsx, docx, csv / must be one of xlsx, docx, csv',
    ],
    [
      ['--plan', 'NA-BDG-2017', '--year', 'abc', '--format', 'csv', '--out', 'x.csv'],
      '--year: phải là số nguyên 2013–2199 / must be an integer 2013–2199',
    ],
    [
      ['--plan', 'NA-BDG-2017', '--year', '2017', '--format', 'csv'],
      '--out: thiếu đường dẫn tệp / missing output file',
    ],
    [
      ['--plan', 'NOPE', '--year', '2017', '--format', 'csv', '--out', '/tmp/x.csv'],
      'Không có kế hoạch "NOPE" / no plan "NOPE"',
    ],
    [
      ['--plan', 'NA-BDG-2017', '--year', '2019', '--format', 'csv', '--out', '/tmp/x.csv'],
      'Kế hoạch "NA-BDG-2017" không có năm 2019 (2017–2017) / the plan does not cover 2019',
    ],
    [
      ['--plan', 'NA-BDG-2017', '--year', '2017', '--format', 'csv', '--out', '/nonexistent/dir/x.csv'],
      '--out: thư mục /nonexistent/dir không tồn tại / the folder does not exist',
    ],
  ])('refuses %j with one clear line', async (args, message) => {
    const code = await main(['report', ...args]);
    expect(code).toBe(1);
    expect(errors).toEqual([message]);
  });
});
