/**
 * The plan editor in a real browser (Debian's Chromium, playwright-core): an admin creates a plan from a blank form
 * (two agencies, one with a contact; two obligations; one campaign) without typing YAML, sees a field's error beside
 * it, previews the calendar with its roll-forward reason, saves a version and applies it. A coordinator then edits
 * the plan, saves version 2, and the versions page shows what changed and who saved each.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { planCalendar } from '../../src/domain/plan-calendar';
import type { Plan } from '../../src/domain/plan-schema';
import { listPresets, loadPreset } from '../../src/services/plan-presets';
import { planSourceHash } from '../../src/services/plan-source-hash';
import { startWebApp, type WebTestApp } from '../support/web-app';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const shots = path.join(__dirname, '..', '..', 'test-results', 'screenshots');

let w: WebTestApp;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  fs.mkdirSync(shots, { recursive: true });
  w = await startWebApp();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await w?.close();
});

async function signIn(email: string, password: string, next: string) {
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' })).newPage();
  await page.goto(`${w.url}/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL(`**${next}`);
}

/** Clicks a form button and waits for the page it posts to. */
async function press(name: string | RegExp, within = page.locator('#editor')) {
  await Promise.all([page.waitForEvent('load'), within.getByRole('button', { name, exact: true }).click()]);
}

const item = (kind: string, n: number) => page.locator(`#${kind}-${n}`);

test('create a plan with two obligations and a campaign in forms, preview its calendar, save and apply', async () => {
  const admin = await w.signedIn('admin');
  await signIn(admin.email, admin.password, '/plans');
  await page.getByRole('link', { name: 'Soạn kế hoạch mới trong trình soạn' }).click();
  await page.getByRole('link', { name: 'Kế hoạch trống' }).click();
  await page.locator('#editor').waitFor();

  await page.getByLabel('Mã kế hoạch').fill('THU-SOAN');
  await page.getByLabel('Tên kế hoạch').fill('Kế hoạch thử soạn trên web');
  await page.getByLabel('Từ năm').fill('2027');
  await page.getByLabel('Đến năm').fill('2027');
  await page.getByLabel('Cơ quan điều phối (mã)').fill('SNV');
  await item('agency', 1).getByLabel('Mã cơ quan').fill('SNV');
  await item('agency', 1).getByLabel('Tên cơ quan').fill('Sở Nội vụ');
  await press('Thêm cơ quan');
  await item('agency', 2).getByLabel('Mã cơ quan').fill('SYT');
  await item('agency', 2).getByLabel('Tên cơ quan').fill('Sở Y tế');
  await press('Thêm người liên hệ', item('agency', 2));
  await item('agency', 2).getByLabel('Vai trò').selectOption({ label: 'Cán bộ đầu mối' });
  await item('agency', 2).getByLabel('Email').fill('dau-moi@syt.example.vn');

  await press('Thêm nghĩa vụ');
  await press('Thêm nghĩa vụ');
  const fill = async (n: number, id: string, title: string, date: string, stated: string) => {
    const o = item('obligation', n);
    await o.getByLabel('Mã nghĩa vụ').fill(id);
    await o.getByLabel('Tên nghĩa vụ').fill(title);
    await o.getByLabel('Lời văn bản').fill(stated);
    await o.getByLabel('Cơ quan phải báo cáo').selectOption({ label: 'Danh sách mã cơ quan' });
    await o.getByLabel('Nhóm hoặc các mã cơ quan').fill('SYT');
    await o.getByLabel('Gửi tới (mã cơ quan)').fill('SNV');
    await o.getByLabel('Cách tính hạn').selectOption({ label: 'Hằng năm, vào một ngày/tháng' });
    await o.getByLabel('Ngày', { exact: true }).fill(date);
  };
  await fill(1, 'bao-cao-6-thang', 'Báo cáo 6 tháng', '10/6', 'chậm nhất ngày 10/6 hằng năm');
  await fill(2, 'bao-cao-nam', 'Báo cáo năm', '1/1', 'chậm nhất ngày 01/01 hằng năm');
  await item('obligation', 2).getByLabel('Loại').selectOption({ label: 'Báo cáo năm' });

  await press('Thêm đợt');
  const c = item('campaign', 1);
  await c.getByLabel('Mã đợt').fill('thang-hanh-dong');
  await c.getByLabel('Tên đợt').fill('Tháng hành động vì bình đẳng giới');
  await c.getByLabel('Từ ngày').fill('15/11');
  await c.getByLabel('Đến ngày').fill('15/12');

  // A wrong date is refused beside its field, and nothing is saved.
  await item('obligation', 1).getByLabel('Ngày', { exact: true }).fill('31/6');
  await press('Xem trước lịch');
  await page.locator('#problems').waitFor();
  const dateField = item('obligation', 1).getByLabel('Ngày', { exact: true });
  await expect(dateField.getAttribute('aria-invalid')).resolves.toBe('true');
  await expect(item('obligation', 1).locator('.field-error').innerText()).resolves.toMatch(
    /"31\/6" không phải ngày\/tháng có thật/,
  );
  await page.screenshot({ path: path.join(shots, 'editor-01-field-error.png'), fullPage: false });
  await dateField.fill('10/6');

  await press('Xem trước lịch');
  const preview = page.locator('#preview');
  await preview.waitFor();
  await expect(page.locator('#problems').count()).resolves.toBe(0);
  const rows = preview.locator('tbody tr');
  await expect(rows.count()).resolves.toBe(2);
  // 1/1/2027 is Tết Dương lịch: the deadline rolls to Monday 4/1/2027, and the preview says why.
  const rolled = rows.filter({ hasText: 'Báo cáo năm' });
  await expect(rolled.locator('td').nth(3).innerText()).resolves.toMatch(/^4\/1\/2027/);
  await expect(rolled.locator('td').nth(4).innerText()).resolves.toMatch(/Điều 148.*thứ Hai, ngày 4\/1\/2027/s);
  await expect(rows.filter({ hasText: 'Báo cáo 6 tháng' }).locator('td').nth(3).innerText()).resolves.toMatch(
    /^10\/6\/2027/,
  );
  await page.screenshot({ path: path.join(shots, 'editor-02-preview.png'), fullPage: true });

  await press('Lưu phiên bản');
  await page.waitForURL('**/plans/THU-SOAN/edit?version=1&saved=1');
  await expect(page.locator('#notice').innerText()).resolves.toContain('Đã lưu phiên bản 1.');
  expect(await w.t.db.prisma.plan.count({ where: { code: 'THU-SOAN' } })).toBe(0);

  await press('Lưu và áp dụng');
  await page.locator('#applied').waitFor();
  await expect(page.locator('#applied').innerText()).resolves.toMatch(/Đã áp dụng phiên bản 1 của kế hoạch THU-SOAN/);
  const stored = await w.t.db.prisma.plan.findUniqueOrThrow({ where: { code: 'THU-SOAN' } });
  const plan = stored.definition as unknown as Plan;
  expect(plan.obligations.map((o) => [o.id, o.due, o.from])).toEqual([
    ['bao-cao-6-thang', { type: 'yearly', date: '10/6' }, ['SYT']],
    ['bao-cao-nam', { type: 'yearly', date: '1/1' }, ['SYT']],
  ]);
  expect(plan.campaigns.map((x) => [x.id, x.window])).toEqual([['thang-hanh-dong', { from: '15/11', to: '15/12' }]]);
  expect(plan.agencies[1]?.contacts).toEqual([{ role: 'focal', email: 'dau-moi@syt.example.vn' }]);
  const versions = await w.t.db.prisma.planVersion.findMany({ where: { planCode: 'THU-SOAN' } });
  expect(versions.map((v) => [v.version, v.savedBy, v.appliedBy, v.sourceHash])).toEqual([
    [1, admin.email, admin.email, stored.sourceHash],
  ]);
  await page.close();
});

test("the plan's coordinator edits it, saves version 2, and sees what changed and who saved each", async () => {
  const coordinator = await w.signedIn('coordinator', ['THU-SOAN']);
  await signIn(coordinator.email, coordinator.password, '/plans/THU-SOAN/edit');
  await item('obligation', 1).getByLabel('Ngày', { exact: true }).fill('12/6');
  await press('Lưu phiên bản');
  await page.waitForURL('**/plans/THU-SOAN/edit?version=2&saved=1');
  await page.getByRole('link', { name: 'Các phiên bản' }).click();
  await page.getByLabel('So sánh từ phiên bản 1').check();
  await page.getByLabel('So sánh đến phiên bản 2').check();
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'So sánh' }).click()]);
  const diff = page.locator('#diff');
  await diff.waitFor();
  const change = diff.locator('tbody tr');
  await expect(change.count()).resolves.toBe(1);
  await expect(change.innerText()).resolves.toMatch(/obligations\[bao-cao-6-thang\]\.due\.date\s+Sửa\s+10\/6\s+12\/6/);
  await expect(page.locator('#version-1').innerText()).resolves.toContain('admin-');
  await expect(page.locator('#version-2').innerText()).resolves.toContain(coordinator.email);
  await expect(page.locator('#version-2').innerText()).resolves.toContain('chưa áp dụng');
  await page.screenshot({ path: path.join(shots, 'editor-03-versions.png'), fullPage: true });
  // The code of the plan cannot change in its editor: a coordinator cannot make another plan from it.
  await page.goto(`${w.url}/plans/THU-SOAN/edit`);
  await page.getByLabel('Mã kế hoạch').fill('KHAC');
  await press('Lưu phiên bản');
  await expect(page.locator('#f-code-error').innerText()).resolves.toMatch(/mã kế hoạch phải giữ là THU-SOAN/);
  expect(await w.t.db.prisma.planVersion.count({ where: { planCode: 'KHAC' } })).toBe(0);
  await page.close();
});

test('the five seed presets load into the editor and save back unchanged (same source hash)', async () => {
  const admin = await w.signedIn('admin');
  await signIn(admin.email, admin.password, '/plans/new');
  const presets = listPresets();
  expect(presets).toHaveLength(5);
  for (const preset of presets) {
    await page.goto(`${w.url}/plans/new`);
    await Promise.all([page.waitForEvent('load'), page.getByRole('link', { name: preset.title }).click()]);
    await press('Lưu phiên bản');
    await page.waitForURL(`**/plans/${preset.code}/edit?version=1&saved=1`);
    const saved = await w.t.db.prisma.planVersion.findUniqueOrThrow({
      where: { planCode_version: { planCode: preset.code, version: 1 } },
    });
    const original = loadPreset(preset.id);
    expect([preset.id, saved.sourceHash]).toEqual([preset.id, planSourceHash(original)]);
    expect(planCalendar(saved.definition as unknown as Plan)).toEqual(planCalendar(original));
    // Saved again from the editor it opens on, nothing changed: no new version.
    await press('Lưu phiên bản');
    await page.waitForURL(`**/plans/${preset.code}/edit?version=1&saved=1`);
    expect(await w.t.db.prisma.planVersion.count({ where: { planCode: preset.code } })).toBe(1);
  }
  await page.close();
}, 240_000);

test('an imported draft opens in the editor after its review', async () => {
  const admin = await w.signedIn('admin');
  await signIn(admin.email, admin.password, '/plans/import');
  const seed = path.join(__dirname, '..', 'fixtures', 'import-corpus', 'seeds', '001_c67f3e36e6859e19.txt');
  await page.getByLabel(/Văn bản kế hoạch/).setInputFiles(seed);
  await page.getByRole('button', { name: 'Đọc văn bản' }).click();
  await page.locator('#review-form').waitFor();
  await page.locator('#obligation-ke-hoach').getByLabel('Giữ').uncheck();
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Mở trong trình soạn' }).click()]);
  await page.locator('#editor').waitFor();
  await expect(page.getByLabel('Mã kế hoạch').inputValue()).resolves.toBe('THUA-THIEN-HUE-2020');
  const ids: string[] = [];
  for (const input of await page.locator('input[name$=".id"][name^="obligations["]').all())
    ids.push(await input.inputValue());
  expect(ids).toContain('bao-cao-6-thang');
  expect(ids).not.toContain('ke-hoach');
  await page.close();
});
