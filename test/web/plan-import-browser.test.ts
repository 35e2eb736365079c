/**
 * Importing a plan from its document in a real browser (Debian's Chromium, playwright-core): a coordinator uploads
 * the Thừa Thiên Huế 2020 plan as text, sees each deadline beside the line that states it, corrects one date, drops
 * one obligation, continues to the plans page and applies the result. The stored plan is the reviewed one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Plan } from '../../src/domain/plan-schema';
import { startWebApp, type WebTestApp } from '../support/web-app';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const shots = path.join(__dirname, '..', '..', 'test-results', 'screenshots');
const seed = path.join(__dirname, '..', 'fixtures', 'import-corpus', 'seeds', '001_c67f3e36e6859e19.txt');

let w: WebTestApp;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  fs.mkdirSync(shots, { recursive: true });
  w = await startWebApp();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' })).newPage();
});

afterAll(async () => {
  await browser?.close();
  await w?.close();
});

test('upload a Kế hoạch, correct one date, drop one item, continue and apply', async () => {
  // An admin: plans are applied by admins (coordinators act on their plans' assignments).
  const c = await w.signedIn('admin');
  await page.goto(`${w.url}/sign-in?next=/plans`);
  await page.getByLabel('Email').fill(c.email);
  await page.getByLabel('Mật khẩu').fill(c.password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL('**/plans');
  await page.getByRole('link', { name: /Nhập từ văn bản kế hoạch/ }).click();
  await page.waitForURL('**/plans/import');

  await page.getByLabel(/Văn bản kế hoạch/).setInputFiles(seed);
  await page.getByRole('button', { name: 'Đọc văn bản' }).click();
  const semiAnnual = page.locator('#obligation-bao-cao-6-thang');
  await semiAnnual.waitFor();
  await page.screenshot({ path: path.join(shots, 'import-01-review.png'), fullPage: false });
  // Each deadline links to the line of the document that states it, and that line is on the page.
  const lineLink = semiAnnual.getByRole('link', { name: /dòng \d+/ });
  const line = (await lineLink.innerText()).replace(/\D/g, '');
  await expect(page.locator(`#line-${line}`).innerText()).resolves.toContain('trước ngày 10/6/2020');
  await expect(semiAnnual.locator('input[name^="date."]').inputValue()).resolves.toBe('10/6');

  await semiAnnual.locator('input[name^="date."]').fill('12/6');
  await page.locator('#obligation-ke-hoach').getByLabel('Giữ').uncheck();
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await page.locator('#valid').waitFor();
  await expect(page.locator('#valid').innerText()).resolves.toMatch(/Tệp hợp lệ: kế hoạch THUA-THIEN-HUE-2020/);
  const content = await page.locator('#content').inputValue();
  expect(content).toContain('date: 12/6');
  expect(content).not.toContain('id: ke-hoach');
  expect(await w.t.db.prisma.plan.count()).toBe(0);

  await page.getByRole('button', { name: 'Áp dụng' }).click();
  await page.locator('#applied').waitFor();
  await page.screenshot({ path: path.join(shots, 'import-02-applied.png'), fullPage: false });
  const stored = await w.t.db.prisma.plan.findUniqueOrThrow({ where: { code: 'THUA-THIEN-HUE-2020' } });
  const plan = stored.definition as unknown as Plan;
  expect(plan.obligations.map((o) => o.id)).not.toContain('ke-hoach');
  expect(plan.obligations.find((o) => o.id === 'bao-cao-6-thang')?.due).toMatchObject({ type: 'yearly', date: '12/6' });
  expect(plan.campaigns.map((x) => x.window)).toEqual([{ from: '15/11', to: '15/12' }]);
});

test('a file that is not a plan document is refused on the page, and nothing is stored', async () => {
  await page.goto(`${w.url}/plans/import`);
  await page
    .getByLabel(/Văn bản kế hoạch/)
    .setInputFiles({ name: 'anh.pdf', mimeType: 'application/pdf', buffer: Buffer.from('not a pdf') });
  await page.getByRole('button', { name: 'Đọc văn bản' }).click();
  await page.locator('#problems').waitFor();
  await expect(page.locator('#problems').innerText()).resolves.toMatch(/file: .*PDF/i);
  expect(await w.t.db.prisma.plan.count()).toBe(1);
});
