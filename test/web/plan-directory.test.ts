/**
 * A plan's inline agencies and the directory in the web app (real HTTP, the shared Temporal dev server, Debian's
 * Chromium): `POST /api/plans` with `validateOnly` shows what is new to the directory, an apply writes nothing unless
 * `updateDirectory` is set, and then writes it with one audit row; the editor shows an admin the new and different
 * agencies with the checkbox that writes them with the apply, and a coordinator the difference with a note, the
 * option refused (403, nothing saved) when posted anyway.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { testPlan } from '../notify/notify-fixtures';
import { launchChromium, SCREENSHOTS as shots, signedInPage } from '../support/browser';
import { startWebApp, type WebTestApp } from '../support/web-app';

const CODE = 'KH-DANH-BA';

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

/** Each agency inline with its contacts, as plan files are written. Next year's: the apply only schedules it. */
const planText = () => JSON.stringify(testPlan({ code: CODE }));

async function post(who: { cookie: string; csrf: string }, body: unknown) {
  const res = await fetch(`${w.url}/api/plans`, {
    method: 'POST',
    headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const audits = () =>
  w.t.db.prisma.auditLog.findMany({ where: { action: 'directory.plan-agencies' }, orderBy: { id: 'asc' } });

test('the API shows the difference before an apply and writes it only with updateDirectory (admins)', async () => {
  const admin = await w.signedIn('admin');
  const checked = await post(admin, { content: planText(), validateOnly: true });
  expect(checked.status).toBe(200);
  expect(checked.body.directory).toMatchObject({
    added: [
      { code: 'SNV', contactsAdded: [{ role: 'coordinator', email: 'dieu-phoi@snv.test.vn' }] },
      {
        code: 'SYT',
        contactsAdded: [
          { role: 'focal', email: 'dau-moi@syt.test.vn', phone: '0912345678' },
          { role: 'head', email: 'giam-doc@syt.test.vn' },
        ],
      },
    ],
    changed: [],
    unchanged: [],
  });

  // A coordinator cannot apply plan files at all (admins' route), with or without the option.
  const coordinator = await w.signedIn('coordinator', [CODE]);
  const refused = await post(coordinator, { content: planText(), updateDirectory: true });
  expect(refused.status).toBe(403);

  const applied = await post(admin, { content: planText() });
  expect(applied.status).toBe(201);
  expect(applied.body.directory).toEqual({ added: 2, changed: 0, unchanged: 0, written: false });
  expect(await w.t.db.prisma.directoryAgency.count()).toBe(0);

  const bad = await post(admin, { content: planText(), updateDirectory: 'yes' });
  expect(bad.status).toBe(422);
  expect(bad.body.errors).toEqual([{ path: 'updateDirectory', message: expect.any(String) }]);

  // The directory step fails after the apply (the database refuses one contact): the apply stands and is answered,
  // with the reason beside it; nothing of the directory is written.
  const prisma = w.t.db.prisma;
  await prisma.$executeRawUnsafe(`
    CREATE FUNCTION refuse_contact() RETURNS trigger AS $$
    BEGIN
      IF NEW.email = 'giam-doc@syt.test.vn' THEN RAISE EXCEPTION 'refused for the test'; END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql`);
  await prisma.$executeRawUnsafe(
    `CREATE TRIGGER refuse_contact BEFORE INSERT ON "DirectoryContact" FOR EACH ROW EXECUTE FUNCTION refuse_contact()`,
  );
  const halfway = await post(admin, { content: planText(), updateDirectory: true });
  await prisma.$executeRawUnsafe(`DROP TRIGGER refuse_contact ON "DirectoryContact"`);
  expect([halfway.status, halfway.body.directory]).toEqual([200, null]);
  expect(halfway.body.report).toMatchObject({ plan: CODE });
  expect(halfway.body.directoryError).toMatch(
    /^danh bạ chưa được cập nhật \/ directory not updated: .*refused for the test/,
  );
  expect([await prisma.directoryAgency.count(), await audits()]).toEqual([0, []]);

  const written = await post(admin, { content: planText(), updateDirectory: true });
  expect(written.status).toBe(200);
  expect(written.body.directory).toEqual({ added: 2, changed: 0, unchanged: 0, written: true });
  const stored = await w.t.db.prisma.directoryContact.findMany({ orderBy: [{ agencyCode: 'asc' }, { id: 'asc' }] });
  expect(stored.map((c) => [c.agencyCode, c.role, c.email])).toEqual([
    ['SNV', 'coordinator', 'dieu-phoi@snv.test.vn'],
    ['SYT', 'focal', 'dau-moi@syt.test.vn'],
    ['SYT', 'head', 'giam-doc@syt.test.vn'],
  ]);
  expect((await audits()).map((a) => [a.actor, a.detail])).toEqual([
    [admin.email, expect.objectContaining({ plan: CODE, added: 2, addedCodes: ['SNV', 'SYT'] })],
  ]);

  const again = await post(admin, { content: planText(), updateDirectory: true });
  expect(again.body.directory).toEqual({ added: 0, changed: 0, unchanged: 2, written: false });
  expect(await audits()).toHaveLength(1);
});

const openEditor = (account: { email: string; password: string }): Promise<Page> =>
  signedInPage(browser, w.url, account, `/plans/${CODE}/edit`);

test('the editor: an admin sees a changed focal point and writes it with the apply; a coordinator is told to ask', async () => {
  // The plan as applied by the API test; the stored plan's SYT focal point changes in the editor.
  const coordinator = await w.signedIn('coordinator', [CODE]);
  const c = await openEditor(coordinator);
  const syt = c.locator('#agency-2');
  await syt.getByLabel('Email').first().fill('moi@syt.test.vn');
  await Promise.all([c.waitForEvent('load'), c.getByRole('button', { name: 'Xem trước lịch', exact: true }).click()]);
  const diff = c.locator('#directory-diff');
  await expect(diff.innerText()).resolves.toContain(
    'liên hệ Cán bộ đầu mối, dau-moi@syt.test.vn, 0912345678: email "dau-moi@syt.test.vn" → "moi@syt.test.vn"',
  );
  await expect(c.locator('#directory-admin-note').innerText()).resolves.toContain(
    'Chỉ quản trị viên mới cập nhật được danh bạ',
  );
  await expect(c.locator('input[name="updateDirectory"]').count()).resolves.toBe(0);
  await c.screenshot({ path: path.join(shots, 'plan-directory-01-coordinator.png'), fullPage: true });

  // Posted anyway (the checkbox added by hand): refused before anything is saved.
  const versions = await w.t.db.prisma.planVersion.count({ where: { planCode: CODE } });
  await c.evaluate(
    `document.querySelector('#editor').insertAdjacentHTML('beforeend', '<input type="hidden" name="updateDirectory" value="1">')`,
  );
  const [answer] = await Promise.all([
    c.waitForResponse((r) => r.request().method() === 'POST'),
    c.getByRole('button', { name: 'Lưu và áp dụng', exact: true }).click(),
  ]);
  expect(answer.status()).toBe(403);
  await expect(c.locator('body').innerText()).resolves.toContain('Chỉ quản trị viên được ghi cơ quan và liên hệ');
  expect(await w.t.db.prisma.planVersion.count({ where: { planCode: CODE } })).toBe(versions);
  await c.close();

  const admin = await w.signedIn('admin');
  const a = await openEditor(admin);
  await expect(a.locator('#directory-diff').count()).resolves.toBe(0);
  await a.locator('#agency-2').getByLabel('Email').first().fill('moi@syt.test.vn');
  await Promise.all([a.waitForEvent('load'), a.getByRole('button', { name: 'Xem trước lịch', exact: true }).click()]);
  await a.getByLabel('Cập nhật danh bạ với các cơ quan này khi áp dụng').check();
  await Promise.all([a.waitForEvent('load'), a.getByRole('button', { name: 'Lưu và áp dụng', exact: true }).click()]);
  await a.locator('#directory-result').waitFor();
  await expect(a.locator('#directory-result').innerText()).resolves.toBe(
    'Danh bạ cơ quan: đã cập nhật, 0 cơ quan thêm mới, 1 cơ quan sửa; 1 cơ quan như danh bạ.',
  );
  await a.screenshot({ path: path.join(shots, 'plan-directory-02-applied.png'), fullPage: true });
  const stored = await w.t.db.prisma.directoryContact.findMany({
    where: { agencyCode: 'SYT' },
    orderBy: { id: 'asc' },
  });
  expect(stored.map((x) => [x.role, x.email, x.phone])).toEqual([
    ['focal', 'moi@syt.test.vn', '0912345678'],
    ['head', 'giam-doc@syt.test.vn', null],
  ]);
  expect((await audits()).map((x) => x.actor)).toEqual([expect.any(String), admin.email]);
  await a.close();
});

test('the plan upload page lists the new agencies after "Kiểm tra" and writes them with "Áp dụng" when ticked', async () => {
  const admin = await w.signedIn('admin');
  const content = planText().replace(CODE, 'KH-TAI-LEN').replace(/"SYT"/g, '"SGD"').replace('Sở Y tế', 'Sở Giáo dục');
  const upload = async (fields: Record<string, string>) => {
    const form = new FormData();
    for (const [k, v] of Object.entries({ _csrf: admin.csrf, content, ...fields })) form.append(k, v);
    const res = await fetch(`${w.url}/plans/upload`, { method: 'POST', headers: { cookie: admin.cookie }, body: form });
    return { status: res.status, html: await res.text() };
  };
  const checked = await upload({ action: 'validate' });
  expect(checked.status).toBe(200);
  expect(checked.html).toContain(
    '<li><strong>SGD</strong> Sở Giáo dục: Cán bộ đầu mối, dau-moi@syt.test.vn, 0912345678; Thủ trưởng cơ quan, giam-doc@syt.test.vn</li>',
  );
  expect(checked.html).toContain('name="updateDirectory" value="1"');
  expect(await w.t.db.prisma.directoryAgency.count({ where: { code: 'SGD' } })).toBe(0);

  const applied = await upload({ action: 'apply', updateDirectory: '1' });
  expect(applied.status).toBe(200);
  expect(applied.html).toMatch(/Đã cập nhật danh bạ: [12] cơ quan thêm mới, 0 cơ quan sửa\./);
  expect(await w.t.db.prisma.directoryAgency.count({ where: { code: 'SGD' } })).toBe(1);
});
