/**
 * A focal officer's new email, changed in the directory page, reaches a running obligation at its next reminder: end
 * to end in a real browser (Debian's Chromium, playwright-core) on the full stack (a cloned database, a real SMTP
 * mailbox, the shared Temporal dev server with a worker). An admin signs in, imports DV01 with its focal officer and
 * head through the directory page, applies a plan that names DV01 by its code alone (name, kind and contacts from
 * the directory) and DV02 inline, with two reminders two minutes apart; the first reminder reaches DV01's old address;
 * the admin changes that address in the directory page; the second goes to the new address once, the old one gets
 * nothing more, and no one else (DV01's head, DV02's contacts, the coordinator) receives DV01's reminder.
 *
 * Timing on a busy 2-core machine: the first reminder is 90 s after the plan is made (the apply, through the page,
 * must be done by then: a step already past when the workflow starts is skipped), the second 120 s later, which is
 * the time the admin has to see the first and save the new address; every wait polls a condition.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { demoPlan } from '../../src/domain/demo-plan';
import type { MailboxMessage } from '../../src/embedded/mailbox';
import { recordSubmission } from '../../src/services/assignment-service';
import { createUser } from '../../src/services/user-service';
import { launchChromium, SCREENSHOTS as shots, signedInPage } from '../support/browser';
import { waitFor } from '../support/wait';
import { startWebApp, type WebTestApp } from '../support/web-app';

const PASSWORD = 'mat-khau-du-dai-123';
const OLD = 'cu@dv01.gov.vn';
const NEW = 'moi@dv01.gov.vn';
const HEAD = 'thu-truong@dv01.gov.vn';
const DV02 = 'dau-moi-02@demo.nhac-han.test';
/** The demo plan's obligation title: every reminder's subject names it. */
const TITLE = 'Báo cáo thử nghiệm';

let w: WebTestApp;
let browser: Browser;

beforeAll(async () => {
  w = await startWebApp();
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await w?.close();
});

const signIn = (email: string, next: string): Promise<Page> =>
  signedInPage(browser, w.url, { email, password: PASSWORD }, next, {}, 60_000);

/** The reminders of the plan in the SMTP mailbox: how many each recipient (the To header) got. */
async function reminders(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const m of await w.t.mailbox.list()) if (m.subject.includes(TITLE)) counts[m.to] = (counts[m.to] ?? 0) + 1;
  return counts;
}

test("one focal officer's email changed in the directory page: the next reminder goes there, once, to nobody else", async () => {
  const admin = 'admin@so-noi-vu.test';
  await createUser(w.t.db.prisma, { email: admin, role: 'admin', password: PASSWORD });
  const page = await signIn(admin, '/directory');

  // The directory: DV01 with its focal officer and its head, imported through the page (preview, then confirm).
  const csv = [
    'code,name,kind,role,contact_name,position,email',
    `DV01,Phòng thử nghiệm 01,department,focal,Cán bộ đầu mối cũ,Chuyên viên,${OLD}`,
    `DV01,Phòng thử nghiệm 01,department,head,Trưởng phòng,Trưởng phòng,${HEAD}`,
  ].join('\n');
  await page
    .getByLabel(/Tệp XLSX hoặc CSV/)
    .setInputFiles({ name: 'danh-ba.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByRole('button', { name: 'Xem trước' }).click();
  await expect(page.locator('#preview-summary').innerText()).resolves.toBe(
    '1 cơ quan, 2 người liên hệ: 1 mới, 0 thay đổi, 0 giữ nguyên.',
  );
  await page.getByRole('button', { name: 'Xác nhận nhập danh bạ' }).click();
  await page.locator('#imported').waitFor({ timeout: 60_000 });
  await page.locator('#back').click();
  await expect(page.locator('#agency-DV01').innerText()).resolves.toContain(
    `Cán bộ đầu mối: Cán bộ đầu mối cũ (Chuyên viên) ${OLD}`,
  );

  // The plan: DV01 by its code alone, DV02 inline with the demo's contacts; reminders 90 s and 210 s from now
  // (wide windows: on a loaded laptop the apply, and the admin's edit between the two, take tens of seconds).
  const code = `DIR-${randomBytes(3).toString('hex').toUpperCase()}`;
  const input = demoPlan({
    agencies: 2,
    dueIn: 'PT5M',
    reminders: ['PT3M30S', 'PT1M30S'],
    escalateAfter: ['PT1H'],
    now: new Date(),
    code,
  });
  const due = Date.parse(String((input.obligations?.[0]?.due as { at: string }).at));
  const [firstReminderAt, secondReminderAt] = [due - 210_000, due - 90_000];
  const planFile = JSON.stringify({
    ...input,
    agencies: input.agencies.map((a) => (a.code === 'DV01' ? { code: 'DV01' } : a)),
  });
  await page.goto(`${w.url}/plans`);
  await page
    .getByLabel('Tệp kế hoạch (YAML hoặc JSON)')
    .setInputFiles({ name: `${code}.json`, mimeType: 'application/json', buffer: Buffer.from(planFile) });
  await page.getByRole('button', { name: 'Kiểm tra' }).click();
  await expect(page.locator('#valid').innerText()).resolves.toContain(`kế hoạch ${code}`);
  await page.getByRole('button', { name: 'Áp dụng', exact: true }).click();
  await expect(page.locator('#applied').innerText()).resolves.toContain('2 quy trình mới');
  // Applied before the first reminder was due (a step already past at the start is skipped, not sent).
  expect(Date.now()).toBeLessThan(firstReminderAt);
  const year = input.years.from;
  const stored = await w.t.db.prisma.agency.findFirstOrThrow({ where: { planCode: code, code: 'DV01' } });
  expect(stored.name).toBe('Phòng thử nghiệm 01');

  // The first reminder reaches DV01's focal officer at the old address (and DV02's at the plan's).
  await waitFor(
    'the first reminders',
    async () => {
      const c = await reminders();
      if (c[OLD] === 1 && c[DV02] === 1) return c;
      throw new Error(`reminders so far: ${JSON.stringify(c)}`);
    },
    180_000,
  );
  await page.goto(`${w.url}/mailbox`);
  await expect(page.locator('summary').allInnerTexts()).resolves.toContainEqual(expect.stringContaining(OLD));

  // The admin changes DV01's focal officer's email in the directory page.
  await page.goto(`${w.url}/directory?q=DV01`);
  const row = page.locator('#agency-DV01');
  const focal = row.locator('li', { hasText: 'Cán bộ đầu mối:' });
  await focal.getByText('Sửa', { exact: true }).click();
  await focal.getByLabel('Email').fill(NEW);
  await focal.getByRole('button', { name: 'Lưu liên hệ' }).click();
  await expect(page.locator('#ok').innerText()).resolves.toBe(
    'Đã lưu liên hệ của DV01; lần gửi tới của mọi nghĩa vụ đang mở dùng thông tin mới.',
  );
  await expect(page.locator('#agency-DV01').innerText()).resolves.toContain(
    `Cán bộ đầu mối: Cán bộ đầu mối cũ (Chuyên viên) ${NEW}`,
  );
  await page.screenshot({ path: path.join(shots, 'directory-contact-01-changed.png'), fullPage: true });
  // Saved before the second reminder was due, or this test would prove nothing (a machine too slow for the timings).
  expect(Date.now()).toBeLessThan(secondReminderAt);

  // The second reminder goes to the new address.
  await waitFor(
    'the second reminders',
    async () => {
      const c = await reminders();
      if (c[NEW] === 1 && c[DV02] === 2) return c;
      throw new Error(`reminders so far: ${JSON.stringify(c)}`);
    },
    240_000,
  );
  await page.goto(`${w.url}/mailbox`);
  await expect(page.locator('summary').allInnerTexts()).resolves.toContainEqual(expect.stringContaining(NEW));
  await page.screenshot({ path: path.join(shots, 'directory-contact-02-mailbox.png'), fullPage: true });

  // Both obligations closed: their workflows can send no more reminders, so the counts below are final.
  for (const agency of ['DV01', 'DV02'])
    await recordSubmission(
      { prisma: w.t.db.prisma, temporal: w.client },
      { plan: code, year, obligation: 'bao-cao-thu', agency, channel: 'cli' },
    );
  for (const agency of ['DV01', 'DV02'])
    await w.client.workflow.getHandle(`${code}/${year}/bao-cao-thu/${agency}`).result();
  expect(await reminders()).toEqual({ [OLD]: 1, [NEW]: 1, [DV02]: 2 });
  // DV01's reminders (addressed to its directory name) reached its focal officer only: the old address, then the new.
  const all: MailboxMessage[] = await w.t.mailbox.list();
  const dv01 = all.filter((m) => m.text.includes('Kính gửi: Phòng thử nghiệm 01'));
  expect(dv01.map((m) => m.to).reverse()).toEqual([OLD, NEW]);
  // Nothing else went to the old address, and no message of any kind to DV01's head or the demo's DV01 addresses.
  const to = (address: string) => all.filter((m) => m.to.includes(address)).map((m) => m.subject);
  expect(to(OLD)).toHaveLength(1);
  expect(to(HEAD)).toEqual([]);
  expect(to('dau-moi-01@demo.nhac-han.test')).toEqual([]);
  expect(to('thu-truong-01@demo.nhac-han.test')).toEqual([]);
}, 720_000);
