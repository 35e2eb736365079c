/**
 * `nhac-han directory import|export|list` against a real PostgreSQL, as an office runs them: a CSV list with
 * Vietnamese headers goes in, comes back out as XLSX and CSV in the contract's columns, and re-imports unchanged;
 * a list with a bad email, a duplicate code and an unknown parent is refused row by row with nothing written.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { createTestDatabase, type TestDatabase } from '../support/database';

const ROOT = path.join(__dirname, '..', '..');
let db: TestDatabase;
let dir: string;

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/nhac-han.js', 'directory', ...args],
      { cwd: ROOT, timeout: 120_000, env: { ...process.env, DATABASE_URL: db.url } },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}

const GOOD = [
  'Mã cơ quan,Tên cơ quan,Loại,Cơ quan cấp trên,Nhóm,Vai trò,Họ và tên,Chức vụ,Email,Điện thoại',
  'UBND-TINH,Ủy ban nhân dân tỉnh,Ủy ban nhân dân,,,Thủ trưởng cơ quan,Lê Văn A,Chủ tịch,chutich@tinh.gov.vn,',
  'SNV,Sở Nội vụ,Sở, ban, ngành,UBND-TINH,"các sở, ban, ngành",Cán bộ đầu mối,Trần Thị B,Chuyên viên,dau-moi@snv.gov.vn,0912345678',
  'SNV,Sở Nội vụ,Sở, ban, ngành,UBND-TINH,"các sở, ban, ngành",head,Phạm C,Giám đốc,giamdoc@snv.gov.vn,',
  'XA-AN-PHU,UBND xã An Phú,commune,UBND-TINH,UBND cấp xã; vùng biên giới,focal,,,,+84987654321',
].join('\n');

beforeAll(async () => {
  db = await createTestDatabase();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nhac-han-directory-'));
}, 60_000);
afterAll(async () => {
  await db?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a CSV with Vietnamese headers imports; export writes XLSX and CSV in the contract columns; re-import is unchanged', async () => {
  fs.writeFileSync(path.join(dir, 'good.csv'), GOOD.replace(/Sở, ban, ngành/g, '"Sở, ban, ngành"'));
  const imported = await cli('import', path.join(dir, 'good.csv'), '--by', 'van-thu@tinh.gov.vn');
  expect(imported.stderr).toBe('');
  expect(imported.code).toBe(0);
  expect(imported.stdout).toContain('Đã nhập 3 cơ quan, 4 liên hệ: 3 mới, 0 thay đổi, 0 giữ nguyên.');

  const list = await cli('list', '--json');
  expect(list.code).toBe(0);
  const { agencies } = JSON.parse(list.stdout) as { agencies: Record<string, unknown>[] };
  expect(agencies.map((a) => [a.code, a.kind, a.parent, a.groups])).toEqual([
    ['SNV', 'department', 'UBND-TINH', ['các sở, ban, ngành']],
    ['UBND-TINH', 'committee', null, []],
    ['XA-AN-PHU', 'commune', 'UBND-TINH', ['UBND cấp xã', 'vùng biên giới']],
  ]);
  expect(agencies[0]!.contacts).toEqual([
    expect.objectContaining({ role: 'focal', name: 'Trần Thị B', position: 'Chuyên viên', phone: '0912345678' }),
    expect.objectContaining({ role: 'head', email: 'giamdoc@snv.gov.vn' }),
  ]);
  const text = await cli('list');
  expect(text.stdout).toContain('SNV            Sở Nội vụ (Sở, ban, ngành)');
  expect(text.stdout).toContain('Cán bộ đầu mối: Trần Thị B, dau-moi@snv.gov.vn, 0912345678');

  const xlsx = path.join(dir, 'out.xlsx');
  expect((await cli('export', '--out', xlsx)).code).toBe(0);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(xlsx);
  const sheet = wb.worksheets[0]!;
  expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual([
    'code',
    'name',
    'kind',
    'parent',
    'groups',
    'role',
    'contact_name',
    'position',
    'email',
    'phone',
  ]);
  expect(sheet.rowCount).toBe(5);
  expect(sheet.getRow(2).getCell(10).value).toBe('0912345678');

  const csv = path.join(dir, 'out.csv');
  expect((await cli('export', '--out', csv)).code).toBe(0);
  const lines = fs.readFileSync(csv, 'utf8').split('\r\n');
  expect(lines[0]).toBe('\uFEFFcode,name,kind,parent,groups,role,contact_name,position,email,phone');
  expect(lines[4]).toBe(
    'XA-AN-PHU,UBND xã An Phú,commune,UBND-TINH,"UBND cấp xã; vùng biên giới",focal,,,,+84987654321',
  );

  for (const file of [xlsx, csv]) {
    const again = await cli('import', file);
    expect([again.code, again.stdout]).toEqual([0, expect.stringContaining('0 mới, 0 thay đổi, 3 giữ nguyên')]);
  }
  const audit = await db.prisma.auditLog.findMany({ where: { action: 'directory.import' }, orderBy: { id: 'asc' } });
  expect(audit.map((a) => [a.actor, (a.detail as { added: string[] }).added.length])).toEqual([
    ['van-thu@tinh.gov.vn', 3],
    [expect.stringMatching(/^cli:/), 0],
    [expect.stringMatching(/^cli:/), 0],
  ]);
}, 240_000);

test('a bad email, a duplicate code and an unknown parent: each named by row and column, exit 1, nothing written', async () => {
  const before = await db.prisma.directoryContact.findMany({ orderBy: { id: 'asc' } });
  const bad = [
    'code,name,kind,parent,groups,role,contact_name,position,email,phone',
    'SYT,Sở Y tế,department,UBND-TINH,,focal,Ngô D,,dau-moi@syt.gov.vn,',
    'SGD,Sở Giáo dục và Đào tạo,department,UBND-TINH,,focal,,,khong-phai-email,',
    'SYT,Sở Y tế tỉnh,department,UBND-TINH,,head,,,gd@syt.gov.vn,',
    'STC,Sở Tài chính,department,SO-KHONG-CO,,focal,,,tc@stc.gov.vn,',
    'SNV,Sở Nội vụ,department,UBND-TINH,,focal,,,moi@snv.gov.vn,',
  ].join('\n');
  fs.writeFileSync(path.join(dir, 'bad.csv'), bad);
  const r = await cli('import', path.join(dir, 'bad.csv'));
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr.trim().split('\n')).toEqual([
    'row 3, email: email không hợp lệ: "khong-phai-email" / invalid email',
    'row 4, code: mã "SYT" trùng với dòng 2, nhưng tên, loại, cấp trên hoặc nhóm khác / duplicate code with different agency data',
    'row 5, parent: không có cơ quan mã "SO-KHONG-CO" trong tệp hay danh bạ / unknown parent',
  ]);
  // Row 6 alone was fine, and is not written either.
  expect(await db.prisma.directoryAgency.count()).toBe(3);
  expect(await db.prisma.directoryContact.findMany({ orderBy: { id: 'asc' } })).toEqual(before);
}, 120_000);

test('a file that is neither CSV nor XLSX, or an unknown column, is refused', async () => {
  fs.writeFileSync(path.join(dir, 'x.xlsx'), 'not a zip');
  const r = await cli('import', path.join(dir, 'x.xlsx'));
  expect([r.code, r.stderr.trim()]).toEqual([1, 'file: tệp không phải XLSX hợp lệ / not a valid XLSX file']);
  fs.writeFileSync(path.join(dir, 'cols.csv'), 'code,name,kind,fax\nA,B,other,1\n');
  const c = await cli('import', path.join(dir, 'cols.csv'));
  expect([c.code, c.stderr.trim()]).toEqual([
    1,
    'row 1, file: cột "fax" không có trong mẫu; các cột: code, name, kind, parent, groups, role, contact_name, position, email, phone / unknown column',
  ]);
}, 120_000);
