/**
 * The charts page in Chromium for the Thừa Thiên Huế 2020 seed plan lived through its year in Temporal's
 * time-skipping server: re-based to 2027 as a coordinator re-runs it (the server's clock starts today and only moves
 * on; the plan keeps its own day/month deadlines), applied as `plan apply` applies it, then the year goes by with
 * the real workflows and activities: each agency reports two days before its deadline, every seventh one three days
 * late, one is excused at the start, the last never reports (its reminders and escalations go out by SMTP). What the
 * charts draw is what the workflows and the submission service wrote. Each chart is an inline SVG with a title and
 * description, drawn without a script, with its data as a table; colour is not the only signal (letters and
 * patterns). Screenshots: /tmp/charts-*.png.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { cycleStarts, cycleWorkflowId } from '../../src/domain/cycle-schedule';
import { planCalendar } from '../../src/domain/plan-calendar';
import { parsePlanText } from '../../src/domain/plan-file';
import { rebasePlan } from '../../src/domain/plan-rebase';
import { PlanSchema, type Plan } from '../../src/domain/plan-schema';
import { excuse } from '../../src/services/assignment-actions';
import { recordSubmission } from '../../src/services/assignment-service';
import { applyPlan, storePlanOnly } from '../../src/services/plan-service';
import { createUser } from '../../src/services/user-service';
import { SESSION_COOKIE } from '../../src/web/auth';
import { cycleStatusQuery } from '../../src/workflows/plan-cycle.workflow';
import { startLightWebApp, type LightWebApp } from '../support/light-web-app';
import '../support/quiet-runtime';
import { advance, createTimeSkippingHarness } from '../support/temporal';
import { waitFor } from '../support/wait';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const YEAR = 2027;
const DAY = 86_400_000;
let h: Awaited<ReturnType<typeof createTimeSkippingHarness>>;
let w: LightWebApp;
let browser: Browser;
let page: Page;
let plan: Plan;
/** What the year was meant to be, by assignment id: each outcome the test gave it. */
const outcome = new Map<string, 'on-time' | 'late' | 'excused' | 'never'>();
let yearEnd = 0;

function seed(file: string): Plan {
  const r = parsePlanText(fs.readFileSync(path.resolve(__dirname, '../../plans', file), 'utf8'));
  if (!r.ok) throw new Error('seed plan invalid');
  return r.plan;
}

/** The year lived: the events in time order, each done when the server's clock reaches it. */
async function liveTheYear(): Promise<void> {
  const { env, t, taskQueue } = h;
  const to = async (ms: number) => advance(env, ms - (await env.currentTimeMs()));
  const items = planCalendar(plan, { year: YEAR }).sort((a, b) => a.id.localeCompare(b.id));
  const events: { at: number; id: string; run: (now: Date) => Promise<unknown> }[] = [];
  for (const [i, item] of items.entries()) {
    const key = { plan: plan.code, year: YEAR, obligation: item.obligation, agency: item.agency };
    if (i === items.length - 1) {
      outcome.set(item.id, 'never');
      continue;
    }
    if (i === 1) {
      outcome.set(item.id, 'excused');
      events.push({
        at: 0,
        id: item.id,
        run: (now) =>
          excuse({ prisma: t.db.prisma, temporal: env.client, now: () => now }, key, {
            reason: 'Đơn vị sáp nhập, không còn nhiệm vụ',
            coordinator: { userId: null, email: 'dieu-phoi@hue.gov.vn' },
          }),
      });
      continue;
    }
    const late = i % 7 === 3;
    outcome.set(item.id, late ? 'late' : 'on-time');
    events.push({
      at: Date.parse(item.dueAt) + (late ? 3 : -2) * DAY,
      id: item.id,
      run: (now) =>
        recordSubmission({ prisma: t.db.prisma, temporal: env.client }, { ...key, channel: 'cli', receivedAt: now }),
    });
  }
  const start = Date.parse(cycleStarts(plan).find((s) => s.year === YEAR)!.at);
  const worker = await h.worker();
  await worker.runUntil(async () => {
    await to(start);
    const report = await applyPlan(
      { prisma: t.db.prisma, temporal: env.client, taskQueue, now: () => new Date(start), schedules: false },
      plan,
    );
    expect(report.workflows.started).toBe(items.length);
    await waitFor(
      `the ${YEAR} cycle to start its ${items.length} obligations`,
      async () => {
        const s = await env.client.workflow.getHandle(cycleWorkflowId(plan.code, YEAR)).query(cycleStatusQuery);
        return !s.syncing && s.total === items.length ? s : undefined;
      },
      120_000,
    );
    for (const e of events.sort((a, b) => a.at - b.at)) {
      if (e.at > (await env.currentTimeMs())) await to(e.at);
      await e.run(new Date(await env.currentTimeMs()));
    }
    // On to the year's last day, past every reminder and escalation of the one that never reported.
    yearEnd = Date.parse(`${YEAR}-12-31T10:00:00+07:00`);
    await to(yearEnd);
    await waitFor(
      'the agency that never reported to be escalated',
      async () => {
        const never = [...outcome].find(([, o]) => o === 'never')![0];
        const row = await t.db.prisma.assignment.findUniqueOrThrow({ where: { id: never } });
        return row.state === 'escalated' ? row : undefined;
      },
      60_000,
    );
  });
}

beforeAll(async () => {
  plan = PlanSchema.parse(rebasePlan(seed('thua-thien-hue-binh-dang-gioi-2020.yaml'), YEAR));
  h = await createTimeSkippingHarness('charts');
  await liveTheYear();
  w = await startLightWebApp({ prisma: h.t.db.prisma, now: () => new Date(yearEnd) });
  // Thừa Thiên Huế 2020 sets no indicators: the indicator chart is drawn for the Nghệ An 2017 seed.
  const na = { plan: seed('nghe-an-bdg-2017.yaml') };
  await storePlanOnly(h.t.db.prisma, na.plan, new Date('2017-01-02T00:00:00+07:00'));
  await h.t.db.prisma.indicatorValue.createMany({
    data: [
      { planCode: na.plan.code, year: 2017, indicatorCode: 'MT1-1', agencyCode: 'BTCTU', value: 17.5 },
      { planCode: na.plan.code, year: 2017, indicatorCode: 'MT1-3', agencyCode: 'SNV', value: 29 },
    ],
  });
  const viewer = await createUser(h.t.db.prisma, {
    email: 'xem@hue.gov.vn',
    role: 'viewer',
    password: 'mat-khau-du-dai-123',
  });
  const token = randomBytes(32).toString('base64url');
  await h.t.db.prisma.session.create({
    data: {
      id: createHash('sha256').update(token).digest('hex'),
      userId: viewer.id,
      csrfToken: 'x',
      // The web app's clock is the year's end, the time-skipping server's; the session lasts past it.
      expiresAt: new Date(yearEnd + 3600_000),
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
}, 900_000);

afterAll(async () => {
  await browser?.close();
  await w?.close();
  await h?.close();
});

it('draws every chart for Thừa Thiên Huế 2020 lived through its year, with text alternatives and data tables', async () => {
  const res = await page.goto(`${w.url}/plans/${plan.code}/years/${YEAR}/charts`);
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
    (await h.t.db.prisma.assignment.findMany({ where: { planCode: plan.code }, select: { obligationId: true } })).map(
      (a) => a.obligationId,
    ),
  );
  expect(await page.locator('figure[id^="fig-burn-up-"]').count()).toBe(obligations.size);
  // The calendar marks 2/9 (Quốc khánh) as a holiday with "N", and each deadline with "H".
  const grid = await page.locator('#fig-month-grid svg').innerHTML();
  expect(grid).toContain(`2/9/${YEAR} – nghỉ: Quốc khánh`);
  expect(grid).toMatch(/– hạn: /);
  // The year as the workflows and the submission service left it: each outcome the test gave, in the rows.
  const rows = await h.t.db.prisma.assignment.findMany({ where: { planCode: plan.code, year: YEAR } });
  expect(rows.length).toBe(outcome.size);
  const stateOf = { 'on-time': 'submitted', late: 'late', excused: 'excused', never: 'escalated' } as const;
  expect(rows.filter((r) => r.state !== stateOf[outcome.get(r.id)!])).toEqual([]);
  // Punctuality: each mark as the year went, drawn as letters and numbers, not only as colours: a "✓" for each
  // report on time, "+3" for each three days late, "M" for the excused one, "+N" days overdue for the one never sent.
  const marks = await page.locator('#fig-punctuality svg g > title').allTextContents();
  // Across plans: the same agencies' Nghệ An 2017 obligations (stored for the indicator chart, never reported).
  const otherPlansOwed = await h.t.db.prisma.assignment.count({
    where: { planCode: { not: plan.code }, agencyCode: { in: [...new Set(rows.map((r) => r.agencyCode))] } },
  });
  const count = (prefix: string) => marks.filter((m) => m.startsWith(prefix)).length;
  const want = (o: string) => [...outcome.values()].filter((x) => x === o).length;
  expect({
    onTime: count('Đúng hạn:'),
    late: marks.filter((m) => m.startsWith('Nộp muộn:') && m.endsWith(', 3 ngày')).length,
    excused: count('Được miễn:'),
    missing: count('Chưa nộp, quá hạn:'),
  }).toEqual({ onTime: want('on-time'), late: want('late'), excused: 1, missing: 1 + otherPlansOwed });
  const punctuality = await page.locator('#fig-punctuality svg').textContent();
  expect(punctuality).toContain('+3');
  expect(punctuality).toContain('M');
  expect(punctuality).toContain('✓');
  // The reminders and escalations of the one that never reported went out by SMTP as the year went.
  expect((await h.t.mailbox.list(1_000)).length).toBeGreaterThan(0);
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
