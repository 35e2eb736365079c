/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return -- JSON answers are checked by the assertions themselves */
/**
 * The legal calendar in the web app over real HTTP, real PostgreSQL and the Temporal dev server: admins store a
 * swap through the API and the admin page, others are refused (403), a bad entry answers 422 per field and stores
 * nothing, and the year's answer, the admin page, a plan's calendar page and its dashboard mark estimated years with
 * the rule used (none for 2026, which has its official schedule).
 */
import { randomBytes } from 'node:crypto';
import { installCalendarData, SHIPPED_CALENDAR } from '../../src/domain/calendar-data';
import { PlanSchema } from '../../src/domain/plan-schema';
import { applyPlan } from '../../src/services/plan-service';
import { startWebApp, type WebTestApp, webDemoPlan } from '../support/web-app';

let w: WebTestApp;
let admin: { cookie: string; csrf: string; email: string };
let coord: { cookie: string; csrf: string };

const SWAP = {
  date: '2027-04-29',
  kind: 'day-off',
  name: 'Nghỉ hoán đổi dịp 30/4',
  makeUp: '2027-05-08',
  source: 'Công văn 1234/VPCP-KGVX',
  sourceDate: '2026-10-14',
  sourceLink: 'https://vpcp.chinhphu.vn/1234',
};

async function call(method: string, p: string, who?: { cookie: string; csrf: string }, body?: unknown) {
  const headers: Record<string, string> = {};
  if (who) Object.assign(headers, { cookie: who.cookie, 'x-csrf-token': who.csrf });
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${w.url}${p}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json: any = text;
  try {
    json = JSON.parse(text);
  } catch {
    /* HTML */
  }
  return { status: res.status, json, text };
}

beforeAll(async () => {
  w = await startWebApp();
  admin = await w.signedIn('admin');
  coord = await w.signedIn('coordinator');
});

afterAll(async () => {
  installCalendarData(SHIPPED_CALENDAR);
  await w?.close();
});

test('admins store a swap over the API; others get 403; a bad entry is 422 per field and stores nothing', async () => {
  expect((await call('POST', '/api/holidays', coord, SWAP)).status).toBe(403);
  expect((await call('GET', '/admin/holidays', coord)).status).toBe(403);

  const { makeUp: _m, ...noMakeUp } = SWAP;
  const bad = await call('POST', '/api/holidays', admin, { ...noMakeUp, sourceLink: 'vpcp' });
  expect(bad.status).toBe(422);
  expect(bad.json.errors.map((e: { path: string }) => e.path)).toEqual(['sourceLink']);
  const noSwap = await call('POST', '/api/holidays', admin, noMakeUp);
  expect(noSwap.json.errors).toEqual([{ path: 'makeUp', message: expect.stringContaining('ngày làm bù') }]);
  expect(await w.t.db.prisma.holidayEntry.count()).toBe(0);

  const ok = await call('POST', '/api/holidays', admin, SWAP);
  expect(ok.status).toBe(201);
  expect(ok.json.change).toMatchObject({ action: 'set', actor: admin.email, dates: ['2027-04-29', '2027-05-08'] });
  expect((await call('POST', '/api/holidays', admin, SWAP)).json.errors.map((e: any) => e.path)).toEqual([
    'date', // already stored
    'date', // already a day off
    'makeUp', // no longer a plain weekend day
    'makeUp', // already stored
  ]);

  const year = await call('GET', '/api/holidays?year=2027', coord);
  expect(year.json).toMatchObject({ year: 2027, estimate: true, rule: expect.stringContaining('Ước tính theo') });
  expect(year.json.items).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ date: '2027-04-29', kind: 'day-off', source: expect.stringContaining('1234/VPCP') }),
      expect.objectContaining({ date: '2027-05-08', kind: 'working-day' }),
    ]),
  );
  expect((await call('GET', '/api/holidays?year=2026', coord)).json).toMatchObject({ estimate: false, rule: null });

  const changes = await call('GET', '/api/holidays/changes', admin);
  expect(changes.json.changes).toEqual([expect.objectContaining({ actor: admin.email, action: 'set' })]);

  const page = await call('GET', '/admin/holidays?year=2027', admin);
  expect(page.status).toBe(200);
  expect(page.text).toContain('id="estimate"');
  expect(page.text).toContain('Nghỉ hoán đổi dịp 30/4');
  expect((await call('GET', '/admin/holidays?year=2026', admin)).text).not.toContain('id="estimate"');

  const removed = await call('DELETE', '/api/holidays/2027-05-08', admin);
  expect(removed.status).toBe(200);
  expect(await w.t.db.prisma.holidayEntry.count()).toBe(0);
});

test('the calendar page and the dashboard mark an estimated year with its rule, and not 2026', async () => {
  const deps = { prisma: w.t.db.prisma, temporal: w.client, taskQueue: w.taskQueue, schedules: false };
  const marks: Record<number, boolean> = {};
  for (const year of [2026, 2028]) {
    const code = `EST-${year}-${randomBytes(2).toString('hex').toUpperCase()}`;
    const base = webDemoPlan(code, 1);
    const plan = PlanSchema.parse({
      ...base,
      years: { from: year, to: year },
      obligations: [{ ...base.obligations![0]!, stated: 'trước ngày 25/3', due: { type: 'yearly', date: '25/3' } }],
    });
    await applyPlan(deps, plan);
    const calendar = await call('GET', `/plans/${code}/years/${year}/calendar`, coord);
    const dashboard = await call('GET', `/plans/${code}/years/${year}`, coord);
    expect(calendar.status).toBe(200);
    expect(dashboard.status).toBe(200);
    marks[year] = calendar.text.includes('id="estimate"');
    expect(dashboard.text.includes('id="estimate"')).toBe(marks[year]);
    expect(calendar.text.includes('(ước tính)')).toBe(marks[year]);
  }
  expect(marks).toEqual({ 2026: false, 2028: true });
});

test('a change left half done is shown on the page and finished by "Dời tiếp" (POST /api/holidays/retarget)', async () => {
  const prisma = w.t.db.prisma;
  // As if Temporal had gone away mid-way through the first test's change.
  const last = await prisma.holidayChange.findFirstOrThrow({ orderBy: { id: 'desc' } });
  await prisma.holidayChange.update({ where: { id: last.id }, data: { retargetedAt: null } });
  const page = await call('GET', '/admin/holidays?year=2027', admin);
  expect(page.text).toContain('chưa dời xong');
  expect(page.text).toContain('action="/admin/holidays/retarget"');

  expect((await call('POST', '/api/holidays/retarget', coord)).status).toBe(403);
  const done = await call('POST', '/api/holidays/retarget', admin);
  expect(done.status).toBe(200);
  expect(done.json.finished.map((r: { changeId: number }) => r.changeId)).toEqual([last.id]);
  expect((await prisma.holidayChange.findUniqueOrThrow({ where: { id: last.id } })).retargetedAt).not.toBeNull();
  expect((await call('GET', '/admin/holidays?year=2027', admin)).text).not.toContain('chưa dời xong');
  expect((await call('POST', '/api/holidays/retarget', admin)).json.finished).toEqual([]);
});
