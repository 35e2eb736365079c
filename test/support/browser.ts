/**
 * Debian's Chromium driven by playwright-core, for the browser tests: one browser per file (`CHROMIUM_PATH` moves
 * it; default /usr/bin/chromium), and pages signed in through the sign-in form, each in its own context (cookies).
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';

/** Where the browser tests keep their screenshots. */
export const SCREENSHOTS = path.join(__dirname, '..', '..', 'test-results', 'screenshots');

export async function launchChromium(): Promise<Browser> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
}

/**
 * A new page in a context of its own, signed in as `account` and on `next` (a 1280×900 Vietnamese browser);
 * `timeoutMs` replaces Playwright's 30 s for the page's actions and navigations.
 */
export async function signedInPage(
  browser: Browser,
  baseUrl: string,
  account: { email: string; password: string },
  next: string,
  options: BrowserContextOptions = {},
  timeoutMs?: number,
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN', ...options });
  const page = await context.newPage();
  if (timeoutMs !== undefined) {
    page.setDefaultTimeout(timeoutMs);
    page.setDefaultNavigationTimeout(timeoutMs);
  }
  await page.goto(`${baseUrl}/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Mật khẩu').fill(account.password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL(`**${next}`);
  return page;
}
