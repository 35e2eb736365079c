/**
 * The directory page in a real browser (Debian's Chromium, playwright-core): an admin downloads nothing, uploads a
 * 60-agency XLSX list with one bad row and sees the problem by row and column with nothing written, uploads the
 * corrected list, sees the preview, confirms, and finds the 60 agencies with their kinds and roles in Vietnamese;
 * then changes one focal officer's email. A coordinator edits an agency but has no import or contact forms.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createUser } from '../../src/services/user-service';
import { startLightWebApp, type LightWebApp } from '../support/light-web-app';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const shots = path.join(__dirname, '..', '..', 'test-results', 'screenshots');
const PASSWORD = 'mat-khau-du-dai-123';

let w: LightWebApp;
let browser: Browser;

/** 60 agencies: the committee, 20 departments, 39 communes; two contacts each (focal with email and phone, head). */
async function directoryXlsx(badEmailRow?: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('Danh sách');
  sheet.addRow([
    'Mã cơ quan',
    'Tên cơ quan',
    'Loại',
    'Cơ quan cấp trên',
    'Nhóm',
    'Vai trò',
    'Họ và tên',
    'Chức vụ',
    'Email',
    'Điện thoại',
  ]);
  sheet.addRow([
    'UBND-TINH',
    'Ủy ban nhân dân tỉnh',
    'committee',
    '',
    '',
    'head',
    'Chủ tịch UBND tỉnh',
    'Chủ tịch',
    'ubnd@tinh.gov.vn',
    '',
  ]);
  for (let i = 1; i <= 59; i++) {
    const commune = i > 20;
    const code = commune ? `XA${String(i).padStart(2, '0')}` : `SO${String(i).padStart(2, '0')}`;
    const name = commune ? `UBND xã số ${i}` : `Sở số ${i}`;
    const kind = commune ? 'UBND cấp xã' : 'Sở, ban, ngành';
    const group = commune ? 'UBND cấp xã' : 'các sở, ban, ngành';
    sheet.addRow([
      code,
      name,
      kind,
      'UBND-TINH',
      group,
      'Cán bộ đầu mối',
      `Cán bộ ${i}`,
      'Chuyên viên',
      `dau-moi-${i}@${code.toLowerCase()}.gov.vn`,
      `09123450${String(i).padStart(2, '0')}`,
    ]);
    sheet.addRow([
      code,
      name,
      kind,
      'UBND-TINH',
      group,
      'Thủ trưởng cơ quan',
      `Lãnh đạo ${i}`,
      'Giám đốc',
      `lanh-dao-${i}@${code.toLowerCase()}.gov.vn`,
      '',
    ]);
  }
  if (badEmailRow !== undefined) sheet.getRow(badEmailRow).getCell(9).value = 'dau-moi-khong-hop-le';
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function signIn(role: 'admin' | 'coordinator'): Promise<Page> {
  const email = `${role}@so-noi-vu.test`;
  await createUser(w.db.prisma, { email, role, password: PASSWORD });
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' })).newPage();
  await page.goto(`${w.url}/sign-in?next=/directory`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Mật khẩu').fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL('**/directory');
  return page;
}

beforeAll(async () => {
  fs.mkdirSync(shots, { recursive: true });
  w = await startLightWebApp();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await w?.close();
});

test('an admin imports a 60-agency XLSX through the page: errors by row first, then a preview, then confirm', async () => {
  const page = await signIn('admin');
  await expect(page.locator('#counts').innerText()).resolves.toContain('0 cơ quan');

  await page
    .getByLabel(/Tệp XLSX hoặc CSV/)
    .setInputFiles({ name: 'danh-ba.xlsx', mimeType: 'application/octet-stream', buffer: await directoryXlsx(7) });
  await page.getByRole('button', { name: 'Xem trước' }).click();
  await page.locator('#row-errors').waitFor();
  await page.screenshot({ path: path.join(shots, 'directory-01-errors.png') });
  await expect(page.locator('#row-errors tbody tr').allInnerTexts()).resolves.toEqual([
    '7\temail\temail không hợp lệ: "dau-moi-khong-hop-le" / invalid email',
  ]);
  await expect(page.locator('#confirm-import').count()).resolves.toBe(0);
  expect(await w.db.prisma.directoryAgency.count()).toBe(0);

  await page
    .getByLabel(/Tệp XLSX hoặc CSV/)
    .setInputFiles({ name: 'danh-ba.xlsx', mimeType: 'application/octet-stream', buffer: await directoryXlsx() });
  await page.getByRole('button', { name: 'Xem trước' }).click();
  await page.locator('#preview-summary').waitFor();
  await expect(page.locator('#preview-summary').innerText()).resolves.toBe(
    '60 cơ quan, 119 người liên hệ: 60 mới, 0 thay đổi, 0 giữ nguyên.',
  );
  expect(await w.db.prisma.directoryAgency.count()).toBe(0);
  await page.getByRole('button', { name: 'Xác nhận nhập danh bạ' }).click();
  // The import runs as background work; its page follows it to the result.
  await page.waitForURL(/\/directory\/jobs\/[0-9a-f-]{36}$/);
  await page.locator('#imported').waitFor({ timeout: 60_000 });
  await page.screenshot({ path: path.join(shots, 'directory-02-imported.png') });
  await expect(page.locator('#imported').innerText()).resolves.toContain('Đã nhập 60 cơ quan, 119 liên hệ: 60 mới');
  await expect(page.locator('#agencies-added').innerText()).resolves.toBe('60');
  await page.locator('#back').click();
  await page.locator('#directory').waitFor();
  expect(await w.db.prisma.directoryAgency.count()).toBe(60);
  expect(await w.db.prisma.directoryContact.count()).toBe(119);
  const row = page.locator('#agency-XA21');
  await expect(row.innerText()).resolves.toMatch(
    /UBND xã số 21\s+UBND cấp xã\s+UBND-TINH\s+UBND cấp xã\s+Đang hoạt động/,
  );
  await expect(row.innerText()).resolves.toContain(
    'Cán bộ đầu mối: Cán bộ 21 (Chuyên viên) dau-moi-21@xa21.gov.vn 0912345021',
  );
  await expect(page.locator('#directory').innerText()).resolves.not.toMatch(/\b(department|commune|focal)\b/);

  // One focal officer's new email, through the contact form.
  await row.getByText('Sửa', { exact: true }).first().click();
  const form = row.locator('form.contact-edit').first();
  await form.getByLabel('Email').fill('can-bo-moi@xa21.gov.vn');
  await form.getByRole('button', { name: 'Lưu liên hệ' }).click();
  await page.locator('#ok').waitFor();
  const focal = await w.db.prisma.directoryContact.findFirstOrThrow({ where: { agencyCode: 'XA21', role: 'focal' } });
  expect(focal.email).toBe('can-bo-moi@xa21.gov.vn');
  const audit = await w.db.prisma.auditLog.findMany({
    where: { action: { startsWith: 'directory.' } },
    orderBy: { id: 'asc' },
  });
  expect(audit.map((a) => [a.actor, a.action])).toEqual([
    ['admin@so-noi-vu.test', 'directory.import'],
    ['admin@so-noi-vu.test', 'directory.contact.update'],
  ]);
}, 240_000);

test('a coordinator edits an agency; there is no import form and no contact form for them', async () => {
  const page = await signIn('coordinator');
  await expect(page.locator('#upload').count()).resolves.toBe(0);
  await expect(page.locator('form.contact-edit').count()).resolves.toBe(0);
  const edit = page.locator('#agency-SO01 + tr.edit');
  await edit.getByText('Sửa cơ quan SO01').click();
  await edit.getByLabel('Tên').fill('Sở Nội vụ');
  await edit.getByRole('button', { name: 'Lưu cơ quan' }).click();
  await page.locator('#ok').waitFor();
  await expect(page.locator('#agency-SO01').innerText()).resolves.toContain('Sở Nội vụ');
  expect((await w.db.prisma.directoryAgency.findUniqueOrThrow({ where: { code: 'SO01' } })).name).toBe('Sở Nội vụ');
}, 120_000);
