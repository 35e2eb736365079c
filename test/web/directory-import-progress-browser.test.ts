/**
 * Importing a national directory (the 3,321 communes' People's Committees under one committee) from the web app in
 * a real browser (Debian's Chromium, playwright-core, JavaScript off): the confirmed import answers at once with its
 * job's page, which shows a `<progress>` of the agencies written and reloads itself by `<meta http-equiv="refresh">`;
 * the tab is closed half-way, and the same address opened later follows the job to its result page. A second import
 * whose file was right at preview but no longer is at confirm (another admin retired its parent meanwhile) ends on
 * the same page with the problems by row and column, and nothing written.
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
const ADMIN = 'admin@so-noi-vu.test';
const COMMUNES = 3321;

let w: LightWebApp;
let browser: Browser;

/** The committee (unless `parent` names one stored already) and `communes` communes, one focal contact each. */
async function communesXlsx(communes: number, o: { parent?: string; prefix?: string } = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('Danh sách');
  sheet.addRow(['Mã cơ quan', 'Tên cơ quan', 'Loại', 'Cơ quan cấp trên', 'Nhóm', 'Vai trò', 'Họ và tên', 'Email']);
  const parent = o.parent ?? 'UBND-TINH';
  if (!o.parent)
    sheet.addRow([parent, 'Ủy ban nhân dân tỉnh', 'committee', '', '', 'head', 'Chủ tịch', 'ubnd@tinh.gov.vn']);
  const prefix = o.prefix ?? 'XA';
  for (let i = 1; i <= communes; i++) {
    const code = `${prefix}${String(i).padStart(4, '0')}`;
    sheet.addRow([
      code,
      `UBND xã số ${i}`,
      'UBND cấp xã',
      parent,
      'UBND cấp xã',
      'Cán bộ đầu mối',
      `Cán bộ ${i}`,
      `dau-moi@${code.toLowerCase()}.gov.vn`,
    ]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function signedIn(): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'vi-VN',
    javaScriptEnabled: false,
  });
  const page = await context.newPage();
  await page.goto(`${w.url}/sign-in?next=/directory`);
  await page.getByLabel('Email').fill(ADMIN);
  await page.getByLabel('Mật khẩu').fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL('**/directory');
  return page;
}

/** Uploads the file, checks its preview, confirms; answers on the job's page. */
async function previewAndConfirm(page: Page, name: string, file: Buffer, summary: string): Promise<string> {
  await page
    .getByLabel(/Tệp XLSX hoặc CSV/)
    .setInputFiles({ name, mimeType: 'application/octet-stream', buffer: file });
  await page.getByRole('button', { name: 'Xem trước' }).click();
  await page.locator('#preview-summary').waitFor({ timeout: 60_000 });
  await expect(page.locator('#preview-summary').innerText()).resolves.toBe(summary);
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Xác nhận nhập danh bạ' }).click()]);
  expect(page.url()).toMatch(/\/directory\/jobs\/[0-9a-f-]{36}$/);
  return page.url();
}

interface Seen {
  running: boolean;
  value: string | null;
  max: string | null;
  label: string;
}

async function seenOn(page: Page): Promise<Seen> {
  const running = (await page.locator('#job-running').count()) > 0;
  if (!running) return { running, value: null, max: null, label: '' };
  const bar = page.locator('progress#progress');
  return {
    running,
    value: await bar.getAttribute('value'),
    max: await bar.getAttribute('max'),
    label: await page.locator('label[for="progress"]').innerText(),
  };
}

beforeAll(async () => {
  fs.mkdirSync(shots, { recursive: true });
  w = await startLightWebApp();
  await createUser(w.db.prisma, { email: ADMIN, role: 'admin', password: PASSWORD });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await w?.close();
});

test(`importing ${COMMUNES + 1} agencies shows the agencies written and ends on a result page, with the tab closed half-way`, async () => {
  const page = await signedIn();
  const jobUrl = await previewAndConfirm(
    page,
    'xa-toan-quoc.xlsx',
    await communesXlsx(COMMUNES),
    `${COMMUNES + 1} cơ quan, ${COMMUNES + 1} người liên hệ: ${COMMUNES + 1} mới, 0 thay đổi, 0 giữ nguyên.`,
  );
  await expect(page.locator('meta[http-equiv="refresh"]').getAttribute('content')).resolves.toBe('1');

  // Follow the refreshes until the agencies written are counted part-way (a determinate bar short of its end). The
  // directory is written in one transaction: nothing of it is visible before the end.
  const total = String(COMMUNES + 1);
  const seen: Seen[] = [await seenOn(page)];
  const partWay = (s: Seen) => s.running && s.max === total && Number(s.value) < COMMUNES + 1;
  while (!seen.some(partWay) && seen.at(-1)?.running) {
    await page.waitForEvent('load', { timeout: 30_000 });
    seen.push(await seenOn(page));
  }
  const shown = seen.find(partWay);
  expect(shown?.label).toMatch(new RegExp(`^Đã ghi \\d+/${total} cơ quan \\(\\d+%\\)$`));
  expect(await w.db.prisma.directoryAgency.count()).toBe(0);
  await page.screenshot({ path: path.join(shots, 'directory-import-01-progress.png') });
  await page.context().close();

  const again = await signedIn();
  await again.goto(jobUrl);
  await again.locator('#imported').waitFor({ timeout: 170_000 });
  await expect(again.locator('meta[http-equiv="refresh"]').count()).resolves.toBe(0);
  await expect(again.locator('#imported').innerText()).resolves.toBe(
    `Đã nhập ${total} cơ quan, ${total} liên hệ: ${total} mới, 0 thay đổi, 0 giữ nguyên.`,
  );
  await expect(again.locator('#agencies-added').innerText()).resolves.toBe(total);
  await again.screenshot({ path: path.join(shots, 'directory-import-02-result.png'), fullPage: true });
  expect(await w.db.prisma.directoryAgency.count()).toBe(COMMUNES + 1);
  expect(await w.db.prisma.directoryContact.count()).toBe(COMMUNES + 1);
  const job = await w.db.prisma.backgroundJob.findFirstOrThrow({ where: { kind: 'directory-import' } });
  expect([job.state, job.done, job.total, job.startedBy]).toEqual(['done', COMMUNES + 1, COMMUNES + 1, ADMIN]);
  const audit = await w.db.prisma.auditLog.findFirstOrThrow({ where: { action: 'directory.import' } });
  expect(audit.actor).toBe(ADMIN);

  // The directory page lists them; a coordinator's or a stranger's request for the job is refused.
  await again.locator('#back').click();
  await expect(again.locator('#counts').innerText()).resolves.toContain(`${total} cơ quan`);
  // A hundred a page, and a search that ignores case and diacritics.
  await expect(again.locator('#pager').innerText()).resolves.toContain('Cơ quan 1–100 (trang 1/34)');
  await expect(again.locator('#directory tbody tr[id^="agency-"]').count()).resolves.toBe(100);
  await again.getByLabel('Tìm theo mã, tên hoặc nhóm').fill('xa so 3321');
  await again.getByRole('button', { name: 'Tìm' }).click();
  await expect(again.locator('#matching').innerText()).resolves.toBe('1 cơ quan khớp “xa so 3321”.');
  await expect(again.locator('#agency-XA3321').innerText()).resolves.toContain('UBND xã số 3321');
  await again.context().close();
  const anonymous = await fetch(jobUrl, { redirect: 'manual' });
  expect(anonymous.status).not.toBe(200);
}, 300_000);

test('a file that went wrong between preview and confirm ends its job with the problems by row and column, and nothing written', async () => {
  await w.db.prisma.directoryAgency.create({
    data: { code: 'UBND-HUYEN', name: 'UBND huyện cũ', kind: 'committee', groups: [] },
  });
  const before = await w.db.prisma.directoryAgency.count();
  const page = await signedIn();
  const file = await communesXlsx(3, { parent: 'UBND-HUYEN', prefix: 'PH' });
  await page
    .getByLabel(/Tệp XLSX hoặc CSV/)
    .setInputFiles({ name: 'phuong.xlsx', mimeType: 'application/octet-stream', buffer: file });
  await page.getByRole('button', { name: 'Xem trước' }).click();
  await expect(page.locator('#preview-summary').innerText()).resolves.toBe(
    '3 cơ quan, 3 người liên hệ: 3 mới, 0 thay đổi, 0 giữ nguyên.',
  );
  // Meanwhile another admin removes the parent the file names.
  await w.db.prisma.directoryAgency.delete({ where: { code: 'UBND-HUYEN' } });
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Xác nhận nhập danh bạ' }).click()]);
  await page.locator('#job-failed').waitFor({ timeout: 60_000 });
  const problems = await page.locator('#job-failed li').allInnerTexts();
  expect(problems).toHaveLength(3);
  for (const [i, p] of problems.entries()) expect(p).toMatch(new RegExp(`^row ${i + 2}, parent: .*UBND-HUYEN`));
  await page.screenshot({ path: path.join(shots, 'directory-import-03-refused.png') });
  expect(await w.db.prisma.directoryAgency.count()).toBe(before - 1);
  expect(await w.db.prisma.directoryAgency.count({ where: { code: { startsWith: 'PH' } } })).toBe(0);
  await page.context().close();
}, 120_000);
