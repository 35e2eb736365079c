/**
 * The charts page in Chromium for the Thừa Thiên Huế 2020 seed plan after its year: stored as `plan apply` stores it,
 * then its agencies' submissions recorded as the year went (most on time, some late, one excused, one never). Each
 * chart is an inline SVG with a title and description, drawn without a script, with its data as a table; colour is
 * not the only signal (letters and patterns). Screenshots: /tmp/charts-*.png.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { parsePlanText } from '../../src/domain/plan-file';
import type { Plan } from '../../src/domain/plan-schema';
import { storePlanOnly } from '../../src/services/plan-service';
import { createUser } from '../../src/services/user-service';
import { SESSION_COOKIE } from '../../src/web/auth';
import { startLightWebApp, type LightWebApp } from '../support/light-web-app';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const NOW = new Date('2020-12-31T10:00:00+07:00');
let w: LightWebApp;
let browser: Browser;
let page: Page;
let plan: Plan;

beforeAll(async () => {
  w = await startLightWebApp({ now: () => NOW });
  const r = parsePlanText(
    fs.readFileSync(path.resolve(__dirname, '../../plans/thua-thien-hue-binh-dang-gioi-2020.yaml'), 'utf8'),
  );
  if (!r.ok) throw new Error('seed plan invalid');
  plan = r.plan;
  await storePlanOnly(w.db.prisma, plan, new Date('2020-01-02T00:00:00+07:00'));
  const rows = await w.db.prisma.assignment.findMany({ where: { planCode: plan.code }, orderBy: { id: 'asc' } });
  // The year lived: each report two days before its deadline, every seventh 3 days late, one excused, the last never.
  for (const [i, a] of rows.entries()) {
    if (i === rows.length - 1) continue;
    if (i === 1) {
      await w.db.prisma.assignment.update({ where: { id: a.id }, data: { state: 'excused' } });
      continue;
    }
    const late = i % 7 === 3;
    const at = new Date(a.dueAt.getTime() + (late ? 3 : -2) * 86_400_000);
    await w.db.prisma.assignment.update({
      where: { id: a.id },
      data: { state: late ? 'late' : 'submitted', submittedAt: at },
    });
  }
  // Thừa Thiên Huế 2020 sets no indicators: the indicator chart is drawn for the Nghệ An 2017 seed.
  const na = parsePlanText(fs.readFileSync(path.resolve(__dirname, '../../plans/nghe-an-bdg-2017.yaml'), 'utf8'));
  if (!na.ok) throw new Error('seed plan invalid');
  await storePlanOnly(w.db.prisma, na.plan, new Date('2017-01-02T00:00:00+07:00'));
  await w.db.prisma.indicatorValue.createMany({
    data: [
      { planCode: na.plan.code, year: 2017, indicatorCode: 'MT1-1', agencyCode: 'BTCTU', value: 17.5 },
      { planCode: na.plan.code, year: 2017, indicatorCode: 'MT1-3', agencyCode: 'SNV', value: 29 },
    ],
  });
  const viewer = await createUser(w.db.prisma, {
    email: 'xem@hue.gov.vn',
    role: 'viewer',
    password: 'mat-khau-du-dai-123',
  });
  const token = randomBytes(32).toString('base64url');
  await w.db.prisma.session.create({
    data: {
      id: createHash('sha256').update(token).digest('hex'),
      userId: viewer.id,
      csrfToken: 'x',
      expiresAt: new Date(Date.now() + 3600_000),
    },
  });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'vi-VN',
    javaScriptEnabled: false,
  });
  await context.addCookies([{ name: SESSION_COOKIE, value: token, url: w.url }]);
  page = await context.newPage();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await w?.close();
});

it('draws every chart for Thừa Thiên Huế 2020 with text alternatives and data tables', async () => {
  const res = await page.goto(`${w.url}/plans/${plan.code}/years/2020/charts`);
  expect(res?.status()).toBe(200);
  expect(await page.locator('script').count()).toBe(0);
  const figures = ['fig-burn-up-0', 'fig-month-grid', 'fig-punctuality'];
  for (const id of figures) {
    const fig = page.locator(`#${id}`);
    await fig.waitFor({ state: 'visible', timeout: 30_000 });
    const svg = fig.locator('svg[role="img"]');
    expect(await svg.count()).toBe(1);
    expect((await svg.locator(':scope > title').textContent())?.length).toBeGreaterThan(10);
    expect((await svg.locator(':scope > desc').textContent())?.length).toBeGreaterThan(20);
    expect(await fig.locator('table').count()).toBeGreaterThan(0);
    const box = await svg.boundingBox();
    expect(box?.width).toBeGreaterThan(200);
    await fig.screenshot({ path: `/tmp/charts-${id.replace(/^fig-/, '')}.png` });
  }
  // A burn-up per obligation of the plan that has assignments.
  const obligations = new Set(
    (await w.db.prisma.assignment.findMany({ where: { planCode: plan.code }, select: { obligationId: true } })).map(
      (a) => a.obligationId,
    ),
  );
  expect(await page.locator('figure[id^="fig-burn-up-"]').count()).toBe(obligations.size);
  // The calendar marks 2/9 (Quốc khánh) as a holiday with "N", and each deadline with "H".
  const grid = await page.locator('#fig-month-grid svg').innerHTML();
  expect(grid).toContain('2/9/2020 – nghỉ: Quốc khánh');
  expect(grid).toMatch(/– hạn: /);
  // Punctuality: the late reports read "+3", the excused one "M", not only as colours.
  const punctuality = await page.locator('#fig-punctuality svg').textContent();
  expect(punctuality).toContain('+3');
  expect(punctuality).toContain('M');
  expect(punctuality).toContain('✓');
  await page.screenshot({ path: '/tmp/charts-page.png', fullPage: true });

  const na = await page.goto(`${w.url}/plans/NA-BDG-2017/years/2017/charts`);
  expect([na?.status(), na?.status() === 200 ? '' : await page.textContent('body')]).toEqual([200, '']);
  const fig = page.locator('#fig-indicators');
  await fig.waitFor({ state: 'visible', timeout: 30_000 });
  expect(await fig.locator('svg > title').textContent()).toBe('Chỉ tiêu so với kế hoạch năm');
  const bars = await fig.locator('svg').textContent();
  expect(bars).toContain('108% (đạt)');
  expect(bars).toContain('96,7% (chưa đạt)');
  expect(bars).toContain('chưa có số liệu');
  await fig.screenshot({ path: '/tmp/charts-indicators.png' });
}, 180_000);
