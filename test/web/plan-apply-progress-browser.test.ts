/**
 * Applying a 500-agency plan from the web app in a real browser (Debian's Chromium, playwright-core), on the real
 * Temporal dev server and PostgreSQL: the versions page's "Áp dụng" answers at once with the job's page, which shows
 * a `<progress>` with its text and reloads itself by `<meta http-equiv="refresh">` (JavaScript is off in this
 * browser, so nothing else could move it); the tab is closed half-way, and the same address opened later in another
 * tab follows the job to its result page: what was added and started, as the stored rows say.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { parsePlanData } from '../../src/domain/plan-file';
import { saveVersion } from '../../src/services/plan-versions';
import { launchChromium, SCREENSHOTS as shots, signedInPage as signedInContext } from '../support/browser';
import { startWebApp, webDemoPlan, type WebTestApp } from '../support/web-app';

const AGENCIES = 500;

let w: WebTestApp;
let browser: Browser;

beforeAll(async () => {
  // Paced as a Temporal Cloud namespace would be (TEMPORAL_STARTS_PER_SECOND): the starts take at least 10 s however
  // fast the server answers, so a page reloading every second shows them part-way even on a busy machine.
  w = await startWebApp({ startsPerSecond: 50 });
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await w?.close();
});

// No JavaScript: the page must move by itself with its meta refresh alone. The second sign-in happens while this
// process's worker runs the 500 new workflows' first tasks: on a loaded 2-core machine its answer took over 30 s
// (Playwright's default), so pages get two minutes here.
const signedInPage = (email: string, password: string, next: string): Promise<Page> =>
  signedInContext(browser, w.url, { email, password }, next, { javaScriptEnabled: false }, 120_000);

/** What the job page shows on each load: its progress element's value and max (null when indeterminate). */
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

test(`applying a ${AGENCIES}-agency plan shows its progress and ends on a result page, with the tab closed half-way`, async () => {
  const code = 'TINH-500';
  const parsed = parsePlanData(webDemoPlan(code, AGENCIES));
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  const coordinator = await w.signedIn('coordinator', [code]);
  const user = await w.t.db.prisma.user.findUniqueOrThrow({ where: { email: coordinator.email } });
  await saveVersion(w.t.db.prisma, parsed.plan, { userId: user.id, email: coordinator.email });

  const page = await signedInPage(coordinator.email, coordinator.password, `/plans/${code}/versions`);
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Áp dụng phiên bản 1' }).click()]);
  expect(page.url()).toMatch(new RegExp(`/plans/${code}/jobs/[0-9a-f-]{36}$`));
  const jobUrl = page.url();
  await expect(page.locator('meta[http-equiv="refresh"]').getAttribute('content')).resolves.toBe('1');

  // Follow the refreshes until the starts are counted part-way (a determinate bar short of its end).
  const seen: Seen[] = [await seenOn(page)];
  const partWay = (s: Seen) => s.running && s.max === String(AGENCIES) && Number(s.value) < AGENCIES;
  while (!seen.some(partWay) && seen.at(-1)?.running) {
    await page.waitForEvent('load', { timeout: 120_000 });
    seen.push(await seenOn(page));
  }
  const shown = seen.find(partWay);
  expect(shown?.label).toMatch(new RegExp(`^Đã khởi chạy \\d+/${AGENCIES} quy trình nhắc hạn \\(\\d+%\\)$`));
  await page.screenshot({ path: path.join(shots, 'apply-01-progress.png') });
  // Closing the tab half-way loses nothing: the apply goes on without it.
  await page.context().close();
  const job = await w.t.db.prisma.backgroundJob.findFirstOrThrow({ where: { target: code } });
  expect([job.state, job.startedBy]).toEqual(['running', coordinator.email]);

  const again = await signedInPage(coordinator.email, coordinator.password, `/plans/${code}/versions`);
  await again.goto(jobUrl);
  // The page reloads itself every second until the result is there.
  await again.locator('#applied').waitFor({ timeout: 300_000 });
  await expect(again.locator('meta[http-equiv="refresh"]').count()).resolves.toBe(0);
  await expect(again.locator('#applied').innerText()).resolves.toMatch(
    new RegExp(`Đã áp dụng phiên bản 1 của kế hoạch ${code}: ${AGENCIES} lượt báo cáo, ${AGENCIES} quy trình mới`),
  );
  const stored = await w.t.db.prisma.agency.count({ where: { planCode: code } });
  await expect(again.locator('#agencies-added').innerText()).resolves.toBe(String(stored));
  await expect(again.locator('#assignments-added').innerText()).resolves.toBe(String(AGENCIES));
  await expect(again.locator('#workflows-started').innerText()).resolves.toBe(String(AGENCIES));
  await expect(again.locator('#cycles-running').innerText()).resolves.toBe(String(new Date().getFullYear()));
  await again.screenshot({ path: path.join(shots, 'apply-02-result.png'), fullPage: true });

  // The rows and the workflows are there, and the version records who applied it.
  expect(await w.t.db.prisma.assignment.count({ where: { planCode: code } })).toBe(AGENCIES);
  const version = await w.t.db.prisma.planVersion.findFirstOrThrow({ where: { planCode: code } });
  expect(version.appliedBy).toBe(coordinator.email);
  const done = await w.t.db.prisma.backgroundJob.findUniqueOrThrow({ where: { id: job.id } });
  expect([done.state, done.done, done.total]).toEqual(['done', AGENCIES, AGENCIES]);
  // Another plan's address does not show this job.
  const other = await fetch(jobUrl.replace(`/plans/${code}/`, '/plans/OTHER/'), {
    headers: { cookie: (await w.signedIn('admin')).cookie },
  });
  expect(other.status).toBe(404);
  await again.context().close();
}, 600_000);
