/**
 * The web calendar page (`/plans/{code}/years/{year}/calendar`) over real HTTP explains the reminder schedule and
 * the due dates as `plan calendar` does: the reminder after a long break, reminders merged onto one instant, and why
 * a due date moved with the law and the days skipped. Its year takes the calendar's range (2013–2199).
 */
import { randomBytes } from 'node:crypto';
import { startWebApp, type WebTestApp } from '../support/web-app';

let w: WebTestApp;
let coord: { cookie: string; csrf: string };
const code = `TET-${randomBytes(3).toString('hex').toUpperCase()}`;

// Deadlines of Tết 2026, long past: applying stores the plan and starts no workflow.
const plan = {
  code,
  title: 'Kế hoạch thử sau Tết',
  years: { from: 2026, to: 2026 },
  coordinator: 'SNV',
  agencies: [
    { code: 'SNV', name: 'Sở Nội vụ', kind: 'department', contacts: [{ role: 'coordinator', email: 'snv@test.vn' }] },
    { code: 'SYT', name: 'Sở Y tế', kind: 'department', contacts: [{ role: 'focal', email: 'dau-moi@syt.test.vn' }] },
  ],
  obligations: [
    { id: 'sau-tet', title: 'Báo cáo sau Tết', from: ['SYT'], to: 'SNV', due: { type: 'once', date: '2026-02-23' } },
    {
      id: 'ngay-tet',
      title: 'Báo cáo ngày Tết',
      from: ['SYT'],
      to: 'SNV',
      due: { type: 'once', date: '2026-02-18', inclusive: false },
    },
  ],
  policy: { reminders: ['P7D', 'P3D'] },
};

const get = async (p: string) => {
  const res = await fetch(`${w.url}${p}`, { headers: { cookie: coord.cookie, accept: 'text/html' } });
  return { status: res.status, text: await res.text() };
};

beforeAll(async () => {
  w = await startWebApp();
  coord = await w.signedIn('coordinator');
  // Plan files set agencies' contacts: applying one is an admin's; the coordinator reads the calendar.
  const admin = await w.signedIn('admin');
  const res = await fetch(`${w.url}/api/plans`, {
    method: 'POST',
    headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'application/json' },
    body: JSON.stringify({ content: JSON.stringify(plan) }),
  });
  if (!res.ok) throw new Error(`plan not applied: ${res.status} ${await res.text()}`);
}, 120_000);

afterAll(async () => {
  await w?.close();
});

test('the calendar shows the after-break reminder, the merge and the explanation of a moved date', async () => {
  const page = await get(`/plans/${code}/years/2026/calendar`);
  expect(page.status).toBe(200);
  expect(page.text).toContain('Cách tính hạn');
  expect(page.text).toContain('(Nhắc sau kỳ nghỉ dài)');
  expect(page.text).toContain('Nhắc P7D, nhắc P3D trùng vào 08:00 13/2/2026: gửi một lần (nhắc P7D).');
  expect(page.text).toMatch(/Trước ngày 18\/2\/2026.*Bộ luật Dân sự 2015, Điều 148 khoản 5.*Chủ nhật 22\/2\/2026\./);
});

test('a year outside 2013–2199 is refused with the range named', async () => {
  const res = await fetch(`${w.url}/api/plans/${code}/years/2012/assignments`, { headers: { cookie: coord.cookie } });
  expect(res.status).toBe(422);
  expect(await res.json()).toEqual({ errors: [{ path: 'year', message: 'năm từ 2013 đến 2199 / year 2013–2199' }] });
  expect((await get(`/plans/${code}/years/2200/calendar`)).status).toBe(422);
});
