/**
 * A merge through the reorganisations page in a real browser (Debian's Chromium, playwright-core). A plan with two
 * obligations for DV01 (A) and DV02 (B); A's first obligation is closed (submitted), the others are open. A
 * coordinator opens the page from /directory, asks to merge A and B into SNV-MOI (C) and is refused while C has no
 * one to receive messages (the list of obligations beside the successor's field); once C has a focal officer, the
 * preview lists the open obligations that will move; one of them closes before the confirmation, so the page says
 * the list changed and shows the new one; confirmed, the page says what moved and lists the merge. The dashboard and
 * the assignment page then show the open obligations under "C (trước đây: A)", A's closed one under A's own name,
 * and the consolidated report, compiled from the dashboard and downloaded as XLSX, keeps A's old name for it. Last,
 * the rename and retire forms: a missing choice refused beside its field, a rename carried out and listed.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { localDateOf } from '../../src/domain/business-time';
import { demoPlan } from '../../src/domain/demo-plan';
import { PlanSchema } from '../../src/domain/plan-schema';
import { SHEETS } from '../../src/reports/xlsx-export';
import { importDirectory } from '../../src/services/directory-import';
import { saveDirectoryContact } from '../../src/services/directory-store';
import { storePlanOnly } from '../../src/services/plan-store';
import { createUser, setCoordinatorPlans } from '../../src/services/user-service';
import { startLightWebApp, type LightWebApp } from '../support/light-web-app';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const shots = path.join(__dirname, '..', '..', 'test-results', 'screenshots');
const PASSWORD = 'mat-khau-du-dai-123';
const COORDINATOR = 'dieu-phoi@so-noi-vu.test';

const now = new Date();
const today = localDateOf(now.toISOString());
const input = demoPlan({ agencies: 2, dueIn: 'P20D', reminders: ['P7D'], escalateAfter: ['P1D'], now, code: 'REORG' });
const first = input.obligations?.[0];
if (!first) throw new Error('the demo plan has one obligation');
// A second obligation a day later: A then has one closed and one open obligation.
const plan = PlanSchema.parse({
  ...input,
  obligations: [
    first,
    {
      ...first,
      id: 'bao-cao-bo-sung',
      title: 'Báo cáo bổ sung',
      due: { type: 'instant', at: new Date(Date.parse((first.due as { at: string }).at) + 86_400_000).toISOString() },
    },
  ],
});
const year = plan.years.from;
const id = (obligation: string, agency: string) => `REORG/${year}/${obligation}/${agency}`;
const A = 'Đơn vị thử nghiệm 01';
const B = 'Đơn vị thử nghiệm 02';
const C = 'Sở Nội vụ mới';

let w: LightWebApp;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  fs.mkdirSync(shots, { recursive: true });
  w = await startLightWebApp();
  await storePlanOnly(w.db.prisma, plan, now);
  await w.db.prisma.assignment.update({
    where: { id: id('bao-cao-thu', 'DV01') },
    data: { state: 'submitted', submittedAt: now },
  });
  // C is in the directory, with no contact yet.
  await importDirectory(w.db.prisma, 'admin@so.gov.vn', [
    ['code', 'name', 'kind', 'role', 'email'],
    ['DV01', A, 'department', 'focal', 'a@dv01.gov.vn'],
    ['DV02', B, 'department', 'focal', 'b@dv02.gov.vn'],
    ['SNV-MOI', C, 'department', '', ''],
  ]);
  const u = await createUser(w.db.prisma, { email: COORDINATOR, role: 'coordinator', password: PASSWORD });
  await setCoordinatorPlans(w.db.prisma, u.id, ['REORG']);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  page = await (
    await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN', acceptDownloads: true })
  ).newPage();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await w?.close();
});

/** Clicks a button that posts a form and waits for the page it answers with. */
async function press(name: string, within = page.locator('body')) {
  await Promise.all([page.waitForEvent('load'), within.getByRole('button', { name, exact: true }).click()]);
}

const rowTexts = (table: string) => page.locator(`${table} tbody tr`).allInnerTexts();

test('a coordinator merges A and B into C through the page: refused without a recipient, list changed, then done', async () => {
  await page.goto(`${w.url}/sign-in?next=/directory`);
  await page.getByLabel('Email').fill(COORDINATOR);
  await page.getByLabel('Mật khẩu').fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL('**/directory');
  await page.getByRole('link', { name: /Tổ chức lại cơ quan/ }).click();
  await page.waitForURL('**/directory/reorganisations');
  await expect(page.locator('#no-history').innerText()).resolves.toBe('Chưa có lần tổ chức lại nào.');

  const merge = page.locator('#form-merge');
  const chooseMerge = async () => {
    await merge.getByLabel(`${A} (DV01)`).check();
    await merge.getByLabel(`${B} (DV02)`).check();
    await merge.getByLabel('Cơ quan kế thừa').selectOption('SNV-MOI');
    await expect(merge.getByLabel('Ngày hiệu lực').inputValue()).resolves.toBe(today);
  };

  // No successor chosen: the refusal is beside its field, and nothing is shown to confirm.
  await merge.getByLabel(`${A} (DV01)`).check();
  await press('Xem trước hợp nhất', merge);
  await expect(page.locator('#merge-successor-error').innerText()).resolves.toBe('Hãy chọn cơ quan kế thừa.');
  await expect(merge.getByLabel('Cơ quan kế thừa').getAttribute('aria-invalid')).resolves.toBe('true');
  await expect(merge.getByLabel(`${A} (DV01)`).isChecked()).resolves.toBe(true);

  // C has no one to receive the messages: refused, with the obligations that would have no recipient.
  await merge.getByLabel(`${A} (DV01)`).uncheck();
  await chooseMerge();
  await press('Xem trước hợp nhất', merge);
  await expect(page.locator('#merge-successor-error').innerText()).resolves.toMatch(
    /^SNV-MOI chưa có người nhận thư: cần cán bộ đầu mối, thủ trưởng hoặc cơ quan thường trực có email hoặc số điện thoại trong danh bạ\. 3 nghĩa vụ đang mở sẽ không có người nhận/,
  );
  await expect(page.locator('#preview h2').innerText()).resolves.toBe('Không thể hợp nhất');
  await expect(page.locator('#preview-summary').innerText()).resolves.toMatch(
    /: chưa thực hiện, 3 nghĩa vụ đang mở sẽ không có người nhận thư nhắc\.$/,
  );
  await expect(rowTexts('#no-recipient')).resolves.toHaveLength(3);
  await expect(page.locator('#confirm').count()).resolves.toBe(0);
  await page.screenshot({ path: path.join(shots, 'reorganise-01-refused.png'), fullPage: true });
  expect(await w.db.prisma.directoryAgency.count({ where: { state: 'merged' } })).toBe(0);

  // An admin gives C a focal officer; the preview lists what will move: A's open obligation and both of B's.
  await saveDirectoryContact(w.db.prisma, 'admin@so.gov.vn', 'SNV-MOI', undefined, {
    role: 'focal',
    email: 'dau-moi@snv-moi.gov.vn',
  });
  await chooseMerge();
  await press('Xem trước hợp nhất', merge);
  await expect(page.locator('#preview h2').innerText()).resolves.toBe('Xem trước: Hợp nhất');
  await expect(page.locator('#preview-summary').innerText()).resolves.toBe(
    `Hợp nhất ${A} (DV01), ${B} (DV02) vào ${C} (SNV-MOI), hiệu lực từ ngày ${today.split('-').map(Number).reverse().join('/')}: ` +
      `3 nghĩa vụ đang mở chuyển sang ${C}; các nghĩa vụ đã đóng giữ tên cũ trong lịch sử và báo cáo.`,
  );
  const moves = [
    ['Báo cáo bổ sung', A, 'DV01'],
    ['Báo cáo bổ sung', B, 'DV02'],
    ['Báo cáo thử nghiệm', B, 'DV02'],
  ];
  const cellsOf = async (table: string) => (await rowTexts(table)).map((r) => r.split('\t').slice(0, 4));
  await expect(cellsOf('#moves')).resolves.toEqual(
    moves.map(([title, name, code]) => ['REORG', String(year), title, `${name} (${code}) → ${C} (SNV-MOI)`]),
  );
  await page.screenshot({ path: path.join(shots, 'reorganise-02-preview.png'), fullPage: true });
  expect(await w.db.prisma.assignment.count({ where: { successorAgencyCode: { not: null } } })).toBe(0);

  // B's second report arrives before the confirmation: the list shown is no longer the list of open obligations.
  await w.db.prisma.assignment.update({
    where: { id: id('bao-cao-bo-sung', 'DV02') },
    data: { state: 'submitted', submittedAt: new Date() },
  });
  await press('Xác nhận hợp nhất');
  await expect(page.locator('#conflict').innerText()).resolves.toMatch(
    /^Danh sách nghĩa vụ đang mở đã thay đổi kể từ lúc xem trước .* Chưa có gì thay đổi\. Dưới đây là danh sách mới/,
  );
  await expect(rowTexts('#moves')).resolves.toHaveLength(2);
  expect(await w.db.prisma.directoryAgency.count({ where: { state: 'merged' } })).toBe(0);

  await press('Xác nhận hợp nhất');
  await page.waitForURL(/\/directory\/reorganisations\?done=\d+#result$/);
  await expect(page.locator('#result').innerText()).resolves.toBe(
    `Đã hợp nhất ${A}, ${B} vào ${C} từ ngày ${today.split('-').map(Number).reverse().join('/')}: 2 nghĩa vụ đang mở đã chuyển sang ${C}.`,
  );
  const history = page.locator('#history tbody tr');
  await expect(history.count()).resolves.toBe(1);
  await expect(history.innerText()).resolves.toMatch(
    new RegExp(
      `Hợp nhất\\s+${today.split('-').map(Number).reverse().join('/')}\\s+DV01: ${A}\\s+DV02: ${B}\\s+SNV-MOI: ${C}\\s+` +
        `Vào ${C} \\(SNV-MOI\\): 2 nghĩa vụ đang mở đã chuyển.*${COORDINATOR}`,
      's',
    ),
  );
  await page.screenshot({ path: path.join(shots, 'reorganise-03-done.png'), fullPage: true });
  expect(
    await w.db.prisma.assignment.findMany({
      where: { planCode: 'REORG' },
      orderBy: { id: 'asc' },
      select: { id: true, successorAgencyCode: true },
    }),
  ).toEqual([
    { id: id('bao-cao-bo-sung', 'DV01'), successorAgencyCode: 'SNV-MOI' },
    { id: id('bao-cao-bo-sung', 'DV02'), successorAgencyCode: null },
    { id: id('bao-cao-thu', 'DV01'), successorAgencyCode: null },
    { id: id('bao-cao-thu', 'DV02'), successorAgencyCode: 'SNV-MOI' },
  ]);
}, 240_000);

test('the dashboard and the assignment page show the moved obligations under "C (trước đây: A)"; the report keeps A', async () => {
  await page.goto(`${w.url}/plans/REORG/years/${year}`);
  const rows = page.locator('#matrix tbody tr');
  // Columns: the agency, then "Báo cáo thử nghiệm", "Báo cáo bổ sung".
  const row = (name: string) => rows.filter({ has: page.getByRole('rowheader', { name, exact: true }) });
  await expect(rows.locator('th').allInnerTexts()).resolves.toEqual([
    A,
    `${C} (trước đây: ${A})`,
    B,
    `${C} (trước đây: ${B})`,
  ]);
  /** Each obligation's cell of the row: its state, or '' when the row has no such obligation. */
  const states = async (name: string) => {
    const cells = row(name).locator('td');
    const out: string[] = [];
    for (let i = 0; i < (await cells.count()); i++) {
      const link = cells.nth(i).locator('a');
      out.push((await link.count()) > 0 ? ((await link.getAttribute('data-state')) ?? '') : '');
    }
    return out;
  };
  await expect(states(A)).resolves.toEqual(['submitted', '']);
  await expect(states(`${C} (trước đây: ${A})`)).resolves.toEqual(['', 'pending']);
  await expect(states(B)).resolves.toEqual(['', 'submitted']);
  await expect(states(`${C} (trước đây: ${B})`)).resolves.toEqual(['pending', '']);
  await page.screenshot({ path: path.join(shots, 'reorganise-04-dashboard.png'), fullPage: true });

  await row(`${C} (trước đây: ${A})`).getByRole('link').click();
  await page.waitForURL(`**/assignments/REORG/${year}/bao-cao-bo-sung/DV01`);
  await expect(page.locator('h1').innerText()).resolves.toBe(`Báo cáo bổ sung – ${C} (trước đây: ${A})`);
  await page.goto(`${w.url}/assignments/REORG/${year}/bao-cao-thu/DV01`);
  await expect(page.locator('h1').innerText()).resolves.toBe(`Báo cáo thử nghiệm – ${A}`);

  // The consolidated report, compiled from the dashboard and downloaded as XLSX.
  await page.goto(`${w.url}/plans/REORG/years/${year}`);
  await page.getByRole('button', { name: 'Tổng hợp ngay' }).click();
  await page.waitForURL(/\?ok=report/, { timeout: 60_000 });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('#report-list tbody tr').first().getByRole('link', { name: 'XLSX' }).click(),
  ]);
  const file = path.join(shots, '..', 'reorganise-report.xlsx');
  await download.saveAs(file);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const sheet = wb.getWorksheet(SHEETS.agencies)!;
  const lines: string[][] = [];
  sheet.eachRow((r) => {
    const code = r.getCell(2).value;
    if (typeof code === 'string' && /^DV0\d$/.test(code)) lines.push([code, r.getCell(3).text, r.getCell(4).text]);
  });
  expect(lines.map((l) => l.join(' | ')).sort()).toEqual(
    [
      `DV01 | ${A} | Báo cáo thử nghiệm`,
      `DV01 | ${C} (trước đây: ${A}) | Báo cáo bổ sung`,
      `DV02 | ${B} | Báo cáo bổ sung`,
      `DV02 | ${C} (trước đây: ${B}) | Báo cáo thử nghiệm`,
    ].sort(),
  );
}, 240_000);

test('rename and retire through the same page: a missing choice is refused beside its field; a rename is listed', async () => {
  await page.goto(`${w.url}/directory/reorganisations`);
  const retire = page.locator('#form-retire');
  await press('Xem trước giải thể', retire);
  await expect(page.locator('#retire-code-error').innerText()).resolves.toBe('Hãy chọn cơ quan.');
  await expect(retire.getByLabel('Cơ quan').getAttribute('aria-invalid')).resolves.toBe('true');
  // Merged agencies are no longer offered.
  await expect(retire.getByLabel('Cơ quan').locator('option').allInnerTexts()).resolves.toEqual([
    '— chọn —',
    `${C} (SNV-MOI)`,
  ]);

  const rename = page.locator('#form-rename');
  await rename.getByLabel('Cơ quan').selectOption('SNV-MOI');
  await press('Xem trước đổi tên', rename);
  await expect(page.locator('#rename-name-error').innerText()).resolves.toBe('Hãy nhập tên mới của cơ quan.');
  await rename.getByLabel('Tên mới').fill('Sở Nội vụ');
  await press('Xem trước đổi tên', rename);
  await expect(page.locator('#preview-summary').innerText()).resolves.toMatch(
    /^Đổi tên SNV-MOI: “Sở Nội vụ mới” thành “Sở Nội vụ”, hiệu lực từ ngày .*\. Không có nghĩa vụ nào phải chuyển\.$/,
  );
  await press('Xác nhận đổi tên');
  await expect(page.locator('#result').innerText()).resolves.toMatch(
    /^Đã đổi tên SNV-MOI: “Sở Nội vụ mới” thành “Sở Nội vụ”/,
  );
  await expect(page.locator('#history tbody tr').first().innerText()).resolves.toMatch(
    new RegExp(`^.*\\tĐổi tên\\t.*\\s+SNV-MOI: ${C}\\s+Tên mới: Sở Nội vụ\\t${COORDINATOR}$`, 's'),
  );
  expect((await w.db.prisma.directoryAgency.findUniqueOrThrow({ where: { code: 'SNV-MOI' } })).name).toBe('Sở Nội vụ');
}, 120_000);
