/**
 * Account management in a real browser (Debian's Chromium, playwright-core): an admin adds a coordinator on
 * `/admin/users` (the generated password shown once), the coordinator signs in in another browser context, the admin
 * disables the account, and the coordinator's next page asks them to sign in again; their own `/account` page then
 * refuses the old session too.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createUser } from '../../src/services/user-service';
import { launchChromium, SCREENSHOTS as shots, signedInPage } from '../support/browser';
import { startLightWebApp, type LightWebApp } from '../support/light-web-app';

const ADMIN = { email: 'quan-tri@snv.gov.vn', password: 'mat-khau-quan-tri-123' };

let w: LightWebApp;
let browser: Browser;

beforeAll(async () => {
  w = await startLightWebApp({
    rateLimits: { signInPerMinute: 1000, signInPerIpPerMinute: 1000, linkPerMinute: 1000 },
  });
  await createUser(w.db.prisma, { ...ADMIN, role: 'admin' });
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await w?.close();
});

const signIn = (email: string, password: string, next: string): Promise<Page> =>
  signedInPage(browser, w.url, { email, password }, next);

/** Clicks a form button and waits for the page it posts to. */
async function press(page: Page, name: string) {
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name, exact: true }).click()]);
}

test('an admin adds a coordinator, the coordinator signs in, the admin disables them and their session stops working', async () => {
  const admin = await signIn(ADMIN.email, ADMIN.password, '/admin/users');
  await admin.getByLabel('Email', { exact: true }).fill('dieu-phoi-moi@syt.gov.vn');
  await admin.getByLabel('Vai trò').selectOption({ label: 'Điều phối' });
  await admin.getByLabel('Kế hoạch điều phối (mã, cách nhau bằng dấu phẩy)').fill('KH-01, KH-02');
  await press(admin, 'Tạo tài khoản');
  await expect(admin.locator('#ok').innerText()).resolves.toContain('Đã tạo tài khoản');
  const password = (await admin.locator('#generated-password').innerText()).trim();
  expect(password).toMatch(/^[A-Za-z2-9]{20}$/);
  const row = admin.locator('#users tr', { hasText: 'dieu-phoi-moi@syt.gov.vn' });
  await expect(row.innerText()).resolves.toMatch(/Điều phối\s+KH-01 KH-02\s+Đang dùng\s+Chưa đăng nhập/);
  const id = Number(await row.locator('td').first().innerText());
  // Shown once: the list page itself does not carry it.
  await admin.reload();
  expect(await admin.locator('#generated-password').count()).toBe(0);

  const coordinator = await signIn('dieu-phoi-moi@syt.gov.vn', password, '/plans');
  await admin.reload();
  await expect(row.innerText()).resolves.not.toContain('Chưa đăng nhập');

  await press(admin, `Khóa #${id}`);
  await expect(admin.locator('#ok').innerText()).resolves.toContain(`Đã khóa tài khoản #${id}; 1 phiên đã kết thúc.`);
  await expect(row.innerText()).resolves.toContain('Đã khóa');
  await admin.screenshot({ path: path.join(shots, 'admin-users.png'), fullPage: true });

  await coordinator.goto(`${w.url}/account`);
  await coordinator.waitForURL('**/sign-in?next=%2Faccount');
  await coordinator.getByLabel('Email').fill('dieu-phoi-moi@syt.gov.vn');
  await coordinator.getByLabel('Mật khẩu').fill(password);
  await coordinator.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect(coordinator.getByText('Email hoặc mật khẩu không đúng.').innerText()).resolves.toBeTruthy();

  const audit = await w.db.prisma.auditLog.findMany({ where: { target: `user:${id}` }, orderBy: { id: 'asc' } });
  expect(audit.map((a) => a.action)).toEqual(['user.add', 'user.disable']);
}, 180_000);

test('one changes their own password on /account (a wrong current one is named), then signs out everywhere', async () => {
  await createUser(w.db.prisma, { email: 'xem@snv.gov.vn', role: 'viewer', password: 'mat-khau-nguoi-xem-1' });
  const page = await signIn('xem@snv.gov.vn', 'mat-khau-nguoi-xem-1', '/plans');
  await Promise.all([page.waitForEvent('load'), page.getByRole('link', { name: 'xem@snv.gov.vn' }).click()]);
  await page.getByLabel('Mật khẩu hiện tại').fill('khong-dung-dau-nhe');
  await page.getByLabel('Mật khẩu mới (ít nhất 12 ký tự)').fill('mat-khau-moi-nguoi-xem');
  await press(page, 'Đổi mật khẩu');
  await expect(page.locator('#problems').innerText()).resolves.toContain(
    'currentPassword: mật khẩu hiện tại không đúng / wrong current password',
  );
  await page.getByLabel('Mật khẩu hiện tại').fill('mat-khau-nguoi-xem-1');
  await page.getByLabel('Mật khẩu mới (ít nhất 12 ký tự)').fill('mat-khau-moi-nguoi-xem');
  await press(page, 'Đổi mật khẩu');
  await expect(page.locator('#ok').innerText()).resolves.toContain('Đã đổi mật khẩu');
  await press(page, 'Đăng xuất khỏi mọi nơi');
  expect(new URL(page.url()).pathname).toBe('/sign-in');
  await page.goto(`${w.url}/account`);
  await page.waitForURL('**/sign-in?next=%2Faccount');
  expect(await w.db.prisma.session.count({ where: { user: { email: 'xem@snv.gov.vn' } } })).toBe(0);
}, 180_000);
