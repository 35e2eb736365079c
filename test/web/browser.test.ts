/**
 * The web app in a real browser (Debian's Chromium driven by playwright-core), over the same real stack as the API
 * tests: a coordinator signs in with the keyboard, uploads a seed plan through the file input, validates and applies
 * it and sees the matrix; applies a demo plan and presses "Nhắc ngay"; the reminder reaches the mailbox page, where the
 * agency's link is read; a fresh browser context (no cookies) opens it and submits a PDF; the coordinator's dashboard
 * then shows "Đã nộp" and the receipt is in the mailbox. The coordinator compiles the consolidated report from the
 * dashboard ("Tổng hợp ngay") and downloads its XLSX. A forged link shows the refusal page.
 * Screenshots of every step are kept in test-results/screenshots/.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startWebApp, type WebTestApp, webDemoPlan } from '../support/web-app';
import { waitFor } from '../support/wait';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const shots = path.join(__dirname, '..', '..', 'test-results', 'screenshots');
const seedFile = path.join(__dirname, '..', '..', 'plans', 'thua-thien-hue-binh-dang-gioi-2020.yaml');
const year = new Date().getFullYear();
const code = `BRW-${randomBytes(3).toString('hex').toUpperCase()}`;
const focal = 'dau-moi-02@demo.nhac-han.test';

let w: WebTestApp;
let browser: Browser;
let coordCtx: BrowserContext;
let page: Page;
let coord: { email: string; password: string };
let link = '';

const shot = async (p: Page, name: string) => {
  await p.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
};

/** A minimal but well-formed one-page PDF (header, catalog, pages, page, xref, trailer). */
function minimalPdf(): Buffer {
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(Buffer.byteLength(body));
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body);
  body += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) body += `${String(off).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

beforeAll(async () => {
  fs.mkdirSync(shots, { recursive: true });
  w = await startWebApp();
  // An admin: plans are applied by admins (coordinators act on their plans' assignments).
  const c = await w.signedIn('admin');
  coord = { email: c.email, password: c.password };
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  coordCtx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'vi-VN' });
  page = await coordCtx.newPage();
});

afterAll(async () => {
  await browser?.close();
  await w?.close();
});

test('a coordinator signs in with the keyboard, uploads, validates and applies a seed plan, and sees the matrix', async () => {
  await page.goto(`${w.url}/sign-in`);
  await shot(page, '01-sign-in');
  await page.getByLabel('Email').focus();
  await page.keyboard.type(coord.email);
  await page.keyboard.press('Tab');
  await expect(page.evaluate<string>('document.activeElement.id')).resolves.toBe('password');
  await page.keyboard.type(coord.password);
  await page.keyboard.press('Enter');
  await page.waitForURL('**/plans');
  await expect(page.locator('header .who').innerText()).resolves.toContain(coord.email);
  await expect(page.locator('h1').innerText()).resolves.toBe('Kế hoạch');

  await page.getByLabel('Tệp kế hoạch (YAML hoặc JSON)').setInputFiles(seedFile);
  await page.getByRole('button', { name: 'Kiểm tra' }).click();
  await page.locator('#valid').waitFor();
  await expect(page.locator('#valid').innerText()).resolves.toMatch(/Tệp hợp lệ: kế hoạch TTH-/);
  await shot(page, '02-seed-validated');
  const seedCode = await page.locator('#valid strong').innerText();
  expect(await w.t.db.prisma.plan.count()).toBe(0);

  await page.getByRole('button', { name: 'Áp dụng' }).click();
  await page.locator('#applied').waitFor();
  await expect(page.locator('#applied').innerText()).resolves.toContain(`Đã áp dụng kế hoạch ${seedCode}`);
  await shot(page, '03-seed-applied');

  await page.getByRole('link', { name: '2020', exact: true }).click();
  await page.waitForURL(`**/plans/${seedCode}/years/2020`);
  const matrix = page.locator('#matrix');
  await matrix.waitFor();
  const rows = matrix.locator('tbody tr');
  expect(await rows.count()).toBeGreaterThan(3);
  const agencies = await matrix.locator('tbody th[scope=row]').allInnerTexts();
  expect(agencies).toEqual(expect.arrayContaining(['Sở Nội vụ', 'Sở Y tế', 'UBND huyện A Lưới']));
  // 2020 is long past: nothing was started and every report of the plan shows as overdue.
  const states = await matrix.locator('a[data-state] .st').allInnerTexts();
  expect(states).toHaveLength(67);
  expect(new Set(states)).toEqual(new Set(['Quá hạn']));
  const noiVu = await rows.filter({ hasText: 'Sở Nội vụ' }).locator('td').allInnerTexts();
  expect(noiVu.slice(0, 3)).toEqual(['Quá hạn\nhạn 24/3/2020', 'Quá hạn\nhạn 9/6/2020', 'Quá hạn\nhạn 9/12/2020']);
  await expect(page.locator('.counts').innerText()).resolves.toMatch(/Quá hạn\s*67[\s\S]*Tổng 67/);
  await shot(page, '04-seed-matrix');
});

test('demo plan applied, "Nhắc ngay" sends a reminder whose link is read from the mailbox page', async () => {
  const plan = webDemoPlan(code);
  await page.goto(`${w.url}/plans`);
  await page.getByLabel('Tệp kế hoạch (YAML hoặc JSON)').setInputFiles({
    name: 'demo.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(plan, null, 2)),
  });
  await page.getByRole('button', { name: 'Áp dụng' }).click();
  await page.locator('#applied').waitFor();
  await expect(page.locator('#applied').innerText()).resolves.toContain(`Đã áp dụng kế hoạch ${code}`);

  await page.goto(`${w.url}/plans/${code}/years/${year}`);
  const cell = page.locator(`#matrix a[href$="/bao-cao-thu/DV02"]`);
  await expect(cell.innerText()).resolves.toBe('Chờ nộp');
  await shot(page, '05-demo-matrix');
  await cell.click();
  await page.waitForURL(`**/assignments/${code}/${year}/bao-cao-thu/DV02`);
  await expect(page.locator('#state').getAttribute('data-state')).resolves.toBe('pending');
  await page.getByRole('button', { name: 'Nhắc ngay' }).click();
  await page.waitForURL(/\?ok=remind/);
  // In working hours it goes out now; outside them, at the next opening, which the page names.
  await expect(page.getByRole('status').innerText()).resolves.toMatch(
    /^(Đã gửi yêu cầu nhắc; thư nhắc sẽ được gửi trong giây lát\.|Ngoài giờ làm việc: thư nhắc đã được xếp lịch và sẽ gửi lúc \d{2}:\d{2} (thứ (Hai|Ba|Tư|Năm|Sáu|Bảy)|Chủ nhật), \d{2}\/\d{2}\/\d{4}\.)$/,
  );
  await shot(page, '06-remind-now');

  await waitFor('the reminder in the mailbox', async () =>
    (await w.t.mailbox.list()).some((m) => m.to === focal && /\/s\//.test(m.text)) ? true : undefined,
  );
  await page.getByRole('link', { name: 'Hộp thư thử' }).click();
  await page.waitForURL('**/mailbox');
  const mail = page.locator('details', { hasText: focal }).first();
  await mail.locator('summary').click();
  await shot(page, '07-mailbox-reminder');
  const text = await mail.locator('pre').innerText();
  link = /(http:\/\/\S+\/s\/[A-Za-z0-9_.-]+)/.exec(text)?.[1] ?? '';
  expect(link).toMatch(new RegExp(`^${w.url}/s/`));
});

test('the coordinator presses "Tổng hợp ngay" on the dashboard and downloads the XLSX', async () => {
  await page.goto(`${w.url}/plans/${code}/years/${year}`);
  await expect(page.locator('#reports').innerText()).resolves.toContain('Chưa có báo cáo tổng hợp nào');
  await page.getByRole('button', { name: 'Tổng hợp ngay' }).click();
  await page.waitForURL('**?ok=report&report=*');
  await expect(page.locator('#reports [role=status]').innerText()).resolves.toContain('Đã lập báo cáo tổng hợp.');
  await shot(page, '07a-report-compiled');
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('#report-list a', { hasText: 'XLSX' }).first().click(),
  ]);
  expect(file.suggestedFilename()).toMatch(
    new RegExp(`^Báo cáo tổng hợp ${code} ${year} \\d{4}-\\d{2}-\\d{2}\\.xlsx$`),
  );
  const bytes = fs.readFileSync(await file.path());
  expect(bytes.subarray(0, 4).toString('latin1')).toBe('PK\x03\x04');
  const row = await w.t.db.prisma.compiledReport.findFirstOrThrow({ where: { planCode: code } });
  expect(bytes).toEqual(fs.readFileSync(path.join(w.dataDir, 'reports', (row.files as { xlsx: string }).xlsx)));
  await page.getByRole('link', { name: 'Xem báo cáo' }).click();
  await page.waitForURL(`**/reports/${row.id}`);
  await expect(page.locator('h1').innerText()).resolves.toMatch(
    new RegExp(`^Báo cáo tổng hợp ${year} – Kế hoạch thử nghiệm Nhắc Hạn`),
  );
  await expect(page.locator('#report').innerText()).resolves.toMatch(/Lập lúc\s+\d{1,2} giờ \d{2} phút, /);
  await expect(page.locator('#downloads a').allInnerTexts()).resolves.toEqual([
    'Biểu tổng hợp (XLSX)',
    'Dự thảo báo cáo (DOCX)',
    'Dữ liệu (CSV)',
  ]);
  await shot(page, '07b-report-page');
});

test('the agency opens its link without an account and submits a PDF', async () => {
  expect(link).not.toBe('');
  const agency = await browser.newContext({ viewport: { width: 820, height: 1100 }, locale: 'vi-VN' });
  try {
    expect(await agency.cookies()).toEqual([]);
    const p = await agency.newPage();
    await p.goto(link);
    await expect(p.locator('h1').innerText()).resolves.toBe('Nộp báo cáo');
    const card = await p.locator('.card').first().innerText();
    expect(card).toContain('Đơn vị thử nghiệm 02');
    expect(card).toContain('Nội dung: Báo cáo thử nghiệm');
    expect(card).toMatch(/Thời hạn gửi: \d{1,2}\/\d{1,2}\/\d{4}/);
    expect(await p.locator('header .who').count()).toBe(0);
    await shot(p, '08-portal');

    await p.getByLabel(/Tệp báo cáo/).setInputFiles({
      name: 'Báo cáo 6 tháng.pdf',
      mimeType: 'application/pdf',
      buffer: minimalPdf(),
    });
    await p.getByRole('button', { name: 'Nộp báo cáo' }).click();
    await p.locator('h1', { hasText: 'Đã nhận báo cáo' }).waitFor();
    await expect(p.getByRole('status').innerText()).resolves.toContain('Báo cáo thử nghiệm');
    await shot(p, '09-portal-done');
  } finally {
    await agency.close();
  }
});

test('the coordinator sees "Đã nộp" and the receipt is in the mailbox', async () => {
  await waitFor('DV02 submitted', async () =>
    (await w.t.db.prisma.assignment.findUnique({ where: { id: `${code}/${year}/bao-cao-thu/DV02` } }))?.state ===
    'submitted'
      ? true
      : undefined,
  );
  await page.goto(`${w.url}/plans/${code}/years/${year}`);
  await page.reload();
  const cell = page.locator(`#matrix a[href$="/bao-cao-thu/DV02"]`);
  await expect(cell.getAttribute('data-state')).resolves.toBe('submitted');
  await expect(cell.innerText()).resolves.toBe('Đã nộp');
  await expect(page.locator(`#matrix a[href$="/bao-cao-thu/DV01"]`).innerText()).resolves.toBe('Chờ nộp');
  await shot(page, '10-matrix-submitted');

  await waitFor('the receipt', async () =>
    (await w.t.mailbox.list()).some((m) => m.to === focal && /xác nhận đã nhận báo cáo/.test(m.text))
      ? true
      : undefined,
  );
  await page.goto(`${w.url}/mailbox`);
  const receipt = page.locator('details', { hasText: focal }).first();
  await receipt.locator('summary').click();
  await expect(receipt.locator('pre').innerText()).resolves.toMatch(/xác nhận đã nhận báo cáo/);
  await shot(page, '11-mailbox-receipt');

  await page.goto(`${w.url}/assignments/${code}/${year}/bao-cao-thu/DV02`);
  await expect(page.locator('#state').innerText()).resolves.toBe('Đã nộp');
  await expect(page.locator('h2:has-text("Báo cáo đã nhận") + div table').innerText()).resolves.toMatch(
    /Báo cáo 6 tháng\.pdf \(\d+ byte\)\s+Đường dẫn của cơ quan/,
  );
  // The history speaks Vietnamese, and a report that is in leaves nothing to act on.
  const body = await page.locator('main').innerText();
  expect(body).toMatch(/Nhắc trước hạn|Nhắc đến hạn hôm nay/);
  expect(body).toContain('Thư điện tử');
  expect(body).toContain('Trạng thái: Đã nộp');
  expect(body).not.toMatch(/submission-receipt|state:submitted/);
  await expect(page.getByRole('button', { name: 'Nhắc ngay' }).count()).resolves.toBe(0);
  await shot(page, '12-assignment-submitted');
});

test('a forged link shows the refusal page and nothing else', async () => {
  const stranger = await browser.newContext({ viewport: { width: 820, height: 700 }, locale: 'vi-VN' });
  try {
    const p = await stranger.newPage();
    const res = await p.goto(`${w.url}/s/garbage`);
    expect(res?.status()).toBe(403);
    await expect(p.locator('h1').innerText()).resolves.toBe('Không mở được đường dẫn');
    await expect(p.getByRole('alert').innerText()).resolves.toContain('không hợp lệ, đã hết hạn hoặc đã bị thu hồi');
    const body = await p.locator('body').innerText();
    expect(body).not.toContain('Đơn vị thử nghiệm');
    expect(body).not.toContain(code);
    await shot(p, '13-forged-link');
  } finally {
    await stranger.close();
  }
});
