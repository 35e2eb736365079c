/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-call -- JSON answers are checked by the assertions themselves */
/**
 * Consolidated reports in the web app over real HTTP (real PostgreSQL, Temporal dev server, worker, SMTP mailbox):
 * compiling now, listing, the record, downloading each format (the stored bytes, a readable Content-Disposition),
 * roles, CSRF, 404s, stored paths that try to leave DATA_DIR/reports, the cycle's emailed link opened in a browser
 * (redirected to the report page, through sign-in and back), `next` refusing other hosts, the dashboard's
 * "Tổng hợp ngay" form, the report page, readable history details and the mailbox page's navigation.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createReportActivities } from '../../src/activities/report-activities';
import { formatVietnameseDateTime } from '../../src/domain/vietnamese-format';
import { attachmentDisposition, prefersHtml } from '../../src/web/routes/reports';
import { safeLocalPath } from '../../src/web/auth';
import { detailItems } from '../../src/web/views';
import { quietLogger } from '../support/stack';
import { waitFor } from '../support/wait';
import { startWebApp, type WebTestApp, webDemoPlan } from '../support/web-app';

let w: WebTestApp;
let coord: { cookie: string; csrf: string; email: string; password: string };
let viewer: { cookie: string; csrf: string };
const code = `REP-${randomBytes(3).toString('hex').toUpperCase()}`;
const year = new Date().getFullYear();
const reportsUrl = `/api/plans/${code}/years/${year}/reports`;
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';
const ZIP_MAGIC = Buffer.from('PK\x03\x04', 'latin1');

async function call(
  method: string,
  p: string,
  o: { who?: { cookie: string; csrf: string }; body?: unknown; csrf?: boolean; accept?: string } = {},
): Promise<{ status: number; json: any; text: string; headers: Headers }> {
  const headers: Record<string, string> = {};
  if (o.who) headers.cookie = o.who.cookie;
  if (o.who && o.csrf !== false && method !== 'GET') headers['x-csrf-token'] = o.who.csrf;
  if (o.body !== undefined) headers['content-type'] = 'application/json';
  if (o.accept) headers.accept = o.accept;
  const res = await fetch(`${w.url}${p}`, {
    method,
    headers,
    body: o.body === undefined ? undefined : JSON.stringify(o.body),
    redirect: 'manual',
  });
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = JSON.parse(text);
  } catch {
    /* HTML or a file */
  }
  return { status: res.status, json, text, headers: res.headers };
}

/** A form post as a browser sends it (urlencoded), redirects not followed. */
async function postForm(p: string, fields: Record<string, string>, cookie?: string): Promise<Response> {
  return fetch(`${w.url}${p}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
}

/**
 * "Tổng hợp ngay" answers with the report job's page (303); that page, once the job is done, sends the browser back
 * to the dashboard (303). Waits for that landing and answers it.
 */
async function jobLanding(posted: Response, cookie: string): Promise<string> {
  expect(posted.status).toBe(303);
  const job = posted.headers.get('location') ?? '';
  expect(job).toMatch(new RegExp(`^/plans/${code}/jobs/[0-9a-f-]{36}$`));
  return waitFor('the report job done', async () => {
    const res = await fetch(`${w.url}${job}`, { headers: { cookie }, redirect: 'manual' });
    await res.arrayBuffer();
    return res.status === 303 ? (res.headers.get('location') ?? undefined) : undefined;
  });
}

async function download(p: string, who?: { cookie: string }) {
  const res = await fetch(`${w.url}${p}`, { headers: who ? { cookie: who.cookie } : {}, redirect: 'manual' });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

beforeAll(async () => {
  w = await startWebApp();
  coord = await w.signedIn('coordinator', [code]);
  viewer = await w.signedIn('viewer');
  const plan = webDemoPlan(code);
  const admin = await w.signedIn('admin');
  const applied = await call('POST', '/api/plans', { who: admin, body: { content: JSON.stringify(plan) } });
  if (applied.status !== 201) throw new Error(`plan not applied: ${applied.status} ${applied.text}`);
});

afterAll(async () => {
  await w?.close();
});

describe('reports API', () => {
  test('401 without a session, 403 for a viewer or without the CSRF token, 404 and 422 with clear messages', async () => {
    expect((await call('GET', reportsUrl)).status).toBe(401);
    expect((await call('POST', reportsUrl, { body: {} })).status).toBe(401);
    expect((await call('GET', '/api/reports/abc')).status).toBe(401);
    expect((await call('GET', '/api/reports/abc/xlsx')).status).toBe(401);
    const byViewer = await call('POST', reportsUrl, { who: viewer, body: {} });
    expect(byViewer.status).toBe(403);
    const noCsrf = await call('POST', reportsUrl, { who: coord, body: {}, csrf: false });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.json.error).toMatch(/CSRF/);

    // A coordinator acts on its own plans only; an admin is told the plan does not exist.
    const notTheirs = await call('POST', `/api/plans/KHONG-CO/years/${year}/reports`, { who: coord, body: {} });
    expect(notTheirs.status).toBe(403);
    const noPlan = await call('POST', `/api/plans/KHONG-CO/years/${year}/reports`, {
      who: await w.signedIn('admin'),
      body: {},
    });
    expect(noPlan).toMatchObject({ status: 404, json: { error: 'Không tìm thấy kế hoạch KHONG-CO / not found' } });
    const noYear = await call('POST', `/api/plans/${code}/years/2013/reports`, { who: coord, body: {} });
    expect(noYear.status).toBe(404);
    expect(noYear.json.error).toBe(`Không tìm thấy năm 2013 trong kế hoạch ${code} / not found`);
    expect((await call('GET', `/api/plans/${code}/years/2013/reports`, { who: viewer })).status).toBe(404);
    const noObligation = await call('POST', reportsUrl, { who: coord, body: { obligation: 'khong-co' } });
    expect(noObligation).toMatchObject({
      status: 404,
      json: { error: 'Không có nghĩa vụ "khong-co" / unknown obligation "khong-co"' },
    });

    const bad = await call('POST', reportsUrl, { who: coord, body: { formats: ['pdf'], extra: 1 } });
    expect(bad.status).toBe(422);
    expect(bad.json.errors).toEqual(
      expect.arrayContaining([
        { path: 'formats[0]', message: 'phải là một trong xlsx, docx, csv / must be one of xlsx, docx, csv' },
        expect.objectContaining({ path: '(file)' }),
      ]),
    );
    expect((await call('POST', reportsUrl, { who: coord, body: { formats: [] } })).json.errors).toEqual([
      { path: 'formats', message: 'chọn ít nhất một định dạng / at least one format' },
    ]);
    expect((await call('GET', `/api/plans/${code}/years/20x/reports`, { who: viewer })).status).toBe(422);
    // Nothing was compiled or audited by the refused requests.
    expect(await w.t.db.prisma.compiledReport.count()).toBe(0);
    expect(await w.t.db.prisma.auditLog.count({ where: { action: 'report-compile' } })).toBe(0);
  });

  test('compile now (201, audited), list newest first, the record, and each file with its type and name', async () => {
    const first = await call('POST', reportsUrl, { who: coord, body: { formats: ['csv'] } });
    expect(first.status).toBe(201);
    const all = await call('POST', reportsUrl, { who: coord });
    expect(all.status).toBe(201);
    const r = all.json.report;
    expect(r).toEqual({
      id: expect.any(String),
      plan: code,
      year,
      obligation: null,
      obligationTitle: null,
      trigger: 'manual',
      createdAt: expect.any(String),
      asOf: expect.any(String),
      formats: ['xlsx', 'docx', 'csv'].map((format) => ({ format, url: `/api/reports/${r.id}/${format}` })),
      totals: { expected: 3, onTime: 0, late: 0, overdue: 0, pending: 3, excused: 0 },
      page: `/reports/${r.id}`,
    });
    const one = await call('POST', reportsUrl, { who: coord, body: { obligation: 'bao-cao-thu', formats: ['xlsx'] } });
    expect(one.json.report).toMatchObject({ obligation: 'bao-cao-thu', obligationTitle: 'Báo cáo thử nghiệm' });

    const list = await call('GET', reportsUrl, { who: viewer });
    expect(list.status).toBe(200);
    expect(list.json.reports.map((x: { id: string }) => x.id)).toEqual([
      one.json.report.id,
      r.id,
      first.json.report.id,
    ]);
    expect((await call('GET', `${reportsUrl}?limit=1`, { who: viewer })).json.reports).toHaveLength(1);
    expect((await call('GET', `${reportsUrl}?limit=0`, { who: viewer })).status).toBe(422);

    const record = await call('GET', `/api/reports/${r.id}`, { who: viewer });
    expect(record.status).toBe(200);
    expect(record.json.report).toMatchObject({ id: r.id, trigger: 'manual', summary: { totals: r.totals } });

    const audits = await w.t.db.prisma.auditLog.findMany({
      where: { action: 'report-compile' },
      orderBy: { id: 'asc' },
    });
    expect(audits).toHaveLength(3);
    expect(audits[1]).toMatchObject({
      actor: coord.email,
      target: r.id,
      detail: { plan: code, year, obligation: null, formats: ['xlsx', 'docx', 'csv'] },
    });

    const row = await w.t.db.prisma.compiledReport.findUniqueOrThrow({ where: { id: r.id } });
    const files = row.files as Record<string, string>;
    const day = new Date(row.createdAt.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
    const types = {
      xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      csv: 'text/csv; charset=utf-8',
    };
    for (const format of ['xlsx', 'docx', 'csv'] as const) {
      const res = await download(`/api/reports/${r.id}/${format}`, viewer);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(types[format]);
      expect(res.bytes).toEqual(fs.readFileSync(path.join(w.dataDir, 'reports', files[format]!)));
      if (format !== 'csv') expect(res.bytes.subarray(0, 4)).toEqual(ZIP_MAGIC);
      const disposition = res.headers.get('content-disposition') ?? '';
      expect(disposition).toBe(
        `attachment; filename="Bao-cao-tong-hop-${code}-${year}-${day}.${format}"; ` +
          `filename*=UTF-8''${encodeURIComponent(`Báo cáo tổng hợp ${code} ${year} ${day}.${format}`)}`,
      );
      const star = /filename\*=UTF-8''(.+)$/.exec(disposition)?.[1] ?? '';
      expect(decodeURIComponent(star)).toBe(`Báo cáo tổng hợp ${code} ${year} ${day}.${format}`);
    }
    const csv = await download(`/api/reports/${first.json.report.id}/csv`, viewer);
    expect(csv.bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  test('unknown ids and formats are 404; a stored path that leaves DATA_DIR/reports is refused', async () => {
    const [latest] = (await call('GET', reportsUrl, { who: viewer })).json.reports as { id: string }[];
    expect((await call('GET', '/api/reports/khong-co', { who: viewer })).status).toBe(404);
    expect((await call('GET', '/api/reports/khong-co/xlsx', { who: viewer })).status).toBe(404);
    const pdf = await call('GET', `/api/reports/${latest!.id}/pdf`, { who: viewer });
    expect(pdf).toMatchObject({ status: 404, json: { error: 'Không tìm thấy định dạng pdf / not found' } });
    // That report was compiled as XLSX only.
    expect((await call('GET', `/api/reports/${latest!.id}/docx`, { who: viewer })).status).toBe(404);
    expect((await call('GET', '/api/reports/..%2F..%2Fetc/xlsx', { who: viewer })).status).toBe(422);

    const secret = `bí mật ${randomBytes(8).toString('hex')}`;
    fs.writeFileSync(path.join(w.dataDir, 'app-secret'), secret);
    const outside = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nhac-han-outside-')), 'secret.txt');
    fs.writeFileSync(outside, secret);
    const link = path.join(w.dataDir, 'reports', code, 'lien-ket.xlsx');
    fs.symlinkSync(outside, link);
    await w.t.db.prisma.compiledReport.createMany({
      data: [
        {
          id: `${code}-thoat-1`,
          planCode: code,
          year,
          trigger: 'manual',
          files: { xlsx: '../app-secret', docx: outside, csv: `${code}/${year}/../../../app-secret` },
          summary: {},
        },
        {
          id: `${code}-thoat-2`,
          planCode: code,
          year,
          trigger: 'manual',
          files: { xlsx: `${code}/lien-ket.xlsx`, docx: `${code}/${year}/khong-co.docx`, csv: 42 },
          summary: {},
        },
      ],
    });
    for (const id of [`${code}-thoat-1`, `${code}-thoat-2`]) {
      for (const format of ['xlsx', 'docx', 'csv']) {
        const res = await call('GET', `/api/reports/${id}/${format}`, { who: coord });
        expect({ id, format, status: res.status }).toEqual({ id, format, status: 404 });
        expect(res.text).not.toContain(secret.slice(-16));
      }
    }
    fs.rmSync(path.dirname(outside), { recursive: true, force: true });
  });
});

describe("the cycle's emailed link and signing in", () => {
  test('a browser is sent to the report page, through sign-in and back; an API client gets JSON', async () => {
    const activities = createReportActivities({
      prisma: w.t.db.prisma,
      mailer: w.t.deps.mailer,
      templates: w.t.deps.templates,
      links: { baseUrl: w.url },
      dataDir: w.dataDir,
      log: quietLogger,
    });
    const sent = await activities.compileAndSendReport({ planCode: code, year, trigger: 'auto', triggerKey: 'web' });
    expect(sent.sent).toBe(1);
    const link = await waitFor('the report email', async () => {
      const m = (await w.t.mailbox.list()).find((x) => x.to === 'dieu-phoi@demo.nhac-han.test');
      return m ? new RegExp(`(${w.url}/api/reports/[A-Za-z0-9_.%-]+)`).exec(m.text)?.[1] : undefined;
    });
    expect(link).toBe(`${w.url}/api/reports/${sent.reportId}`);
    const page = `/reports/${sent.reportId}`;

    // Signed out, in a browser: the report page, then sign-in with the page to come back to.
    const clicked = await fetch(link, { headers: { accept: BROWSER_ACCEPT }, redirect: 'manual' });
    expect(clicked.status).toBe(303);
    expect(clicked.headers.get('location')).toBe(page);
    const signedOut = await call('GET', page, { accept: BROWSER_ACCEPT });
    expect(signedOut.status).toBe(303);
    expect(signedOut.headers.get('location')).toBe(`/sign-in?next=${encodeURIComponent(page)}`);
    const form = await call('GET', `/sign-in?next=${encodeURIComponent(page)}`);
    expect(form.status).toBe(200);
    expect(form.text).toContain(`<input type="hidden" name="next" value="${page}">`);

    const someone = await w.signedIn('viewer');
    const wrong = await postForm('/sign-in', { email: someone.email, password: 'sai-mat-khau', next: page });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain(`name="next" value="${page}"`);
    const signIn = await postForm('/sign-in', { email: someone.email, password: someone.password, next: page });
    expect(signIn.status).toBe(303);
    expect(signIn.headers.get('location')).toBe(page);
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
    const shown = await call('GET', page, { who: { cookie, csrf: '' } });
    expect(shown.status).toBe(200);
    expect(shown.text).toContain(`Báo cáo tổng hợp ${year}`);
    expect(shown.text).toContain('Tự động theo lịch');

    // Signed in, a browser is still sent to the page; fetch and curl (*/*) get the record.
    const again = await fetch(link, { headers: { accept: BROWSER_ACCEPT, cookie }, redirect: 'manual' });
    expect(again.headers.get('location')).toBe(page);
    const api = await call('GET', `/api/reports/${sent.reportId}`, { who: { cookie, csrf: '' }, accept: '*/*' });
    expect(api.json.report).toMatchObject({ id: sent.reportId, trigger: 'auto', plan: code, year });
    const json = await call('GET', `/api/reports/${sent.reportId}`, {
      who: { cookie, csrf: '' },
      accept: 'application/json, text/html;q=0.5',
    });
    expect(json.status).toBe(200);
    // Already signed in: /sign-in?next= goes straight there.
    const straight = await call('GET', `/sign-in?next=${encodeURIComponent(page)}`, { who: { cookie, csrf: '' } });
    expect(straight.headers.get('location')).toBe(page);
  });

  test('next only takes local paths: //evil.example and the like land on /plans', async () => {
    for (const next of [
      '//evil.example',
      'https://evil.example/x',
      '/\\evil.example',
      'evil.example',
      '/\r\n//evil.example',
    ]) {
      const who = await w.signedIn('viewer');
      const res = await postForm('/sign-in', { email: who.email, password: who.password, next });
      expect({ next, status: res.status, location: res.headers.get('location') }).toEqual({
        next,
        status: 303,
        location: '/plans',
      });
      const page = await call('GET', `/sign-in?next=${encodeURIComponent(next)}`);
      expect(page.status).toBe(200);
      expect(page.text).not.toContain('evil.example');
    }
    const who = await w.signedIn('viewer');
    const signedIn = await call('GET', `/sign-in?next=${encodeURIComponent('//evil.example')}`, { who });
    expect(signedIn.headers.get('location')).toBe('/plans');
    // A 401 on an API route stays JSON; a page keeps its query string in next.
    expect((await call('GET', `/api/plans/${code}`, { accept: BROWSER_ACCEPT })).status).toBe(401);
    const dashboard = await call('GET', `/plans/${code}/years/${year}?lateOnly=true`);
    expect(dashboard.headers.get('location')).toBe(
      `/sign-in?next=${encodeURIComponent(`/plans/${code}/years/${year}?lateOnly=true`)}`,
    );
  });

  test('safeLocalPath, prefersHtml and the Content-Disposition value', () => {
    expect(safeLocalPath('/reports/abc?x=1#top')).toBe('/reports/abc?x=1#top');
    for (const bad of ['//evil.example', '/\\evil.example', 'https://evil.example', '', 'x', '/a\nb', 42, null]) {
      expect(safeLocalPath(bad)).toBeNull();
    }
    expect(prefersHtml(BROWSER_ACCEPT)).toBe(true);
    expect(prefersHtml('*/*')).toBe(false);
    expect(prefersHtml(undefined)).toBe(false);
    expect(prefersHtml('application/json')).toBe(false);
    expect(prefersHtml('text/html;q=0')).toBe(false);
    expect(prefersHtml('application/json;q=0.9, text/html')).toBe(true);
    expect(attachmentDisposition("Đề án (bản 2)'s.xlsx")).toBe(
      `attachment; filename="De-an-ban-2-s.xlsx"; filename*=UTF-8''%C4%90%E1%BB%81%20%C3%A1n%20%28b%E1%BA%A3n%202%29%27s.xlsx`,
    );
  });
});

describe('pages', () => {
  test('the dashboard lists reports; "Tổng hợp ngay" compiles and comes back with a message; viewers see no form', async () => {
    const dashboard = `/plans/${code}/years/${year}`;
    const asCoord = await call('GET', dashboard, { who: coord });
    expect(asCoord.status).toBe(200);
    expect(asCoord.text).toContain('<h2 id="reports-heading">Báo cáo tổng hợp</h2>');
    expect(asCoord.text).toContain('Tổng hợp ngay');
    expect(asCoord.text).toContain(`<input type="hidden" name="_csrf" value="${coord.csrf}">`);
    const [latest] = (await call('GET', reportsUrl, { who: viewer })).json.reports as { id: string }[];
    expect(asCoord.text).toContain(`href="/api/reports/${latest!.id}/xlsx"`);
    const asViewer = await call('GET', dashboard, { who: viewer });
    expect(asViewer.text).toContain('Báo cáo tổng hợp');
    expect(asViewer.text).not.toContain('Tổng hợp ngay');

    const before = await w.t.db.prisma.compiledReport.count();
    expect((await postForm(`${dashboard}/reports`, { obligation: '' }, coord.cookie)).status).toBe(403);
    expect((await postForm(`${dashboard}/reports`, { _csrf: viewer.csrf }, viewer.cookie)).status).toBe(403);
    expect(await w.t.db.prisma.compiledReport.count()).toBe(before);

    const ok = await postForm(`${dashboard}/reports`, { _csrf: coord.csrf, obligation: 'bao-cao-thu' }, coord.cookie);
    const location = await jobLanding(ok, coord.cookie);
    const id = /[?&]report=([^&#]+)/.exec(location)?.[1] ?? '';
    expect(location).toBe(`${dashboard}?ok=report&report=${id}#reports`);
    expect(await w.t.db.prisma.compiledReport.findUnique({ where: { id } })).toMatchObject({
      obligationId: 'bao-cao-thu',
      trigger: 'manual',
    });
    const back = await call('GET', location.replace(/#.*/, ''), { who: coord });
    expect(back.text).toContain('Đã lập báo cáo tổng hợp.');
    expect(back.text).toContain(`<a href="/reports/${id}">Xem báo cáo</a>`);

    const refused = await postForm(`${dashboard}/reports`, { _csrf: coord.csrf, obligation: 'khong-co' }, coord.cookie);
    const shown = await call('GET', (await jobLanding(refused, coord.cookie)).replace(/#.*/, ''), { who: coord });
    expect(shown.text).toContain('Chưa lập được báo cáo: Không có nghĩa vụ &quot;khong-co&quot;');
  });

  test('the report page: plan, year, scope, time in Vietnamese, totals and download links', async () => {
    const [latest] = (await call('GET', reportsUrl, { who: viewer })).json.reports as { id: string }[];
    const row = await w.t.db.prisma.compiledReport.findUniqueOrThrow({ where: { id: latest!.id } });
    const res = await call('GET', `/reports/${latest!.id}`, { who: viewer });
    expect(res.status).toBe(200);
    expect(res.text).toContain(`<a href="/plans/${code}">${code}</a>`);
    expect(res.text).toContain('Báo cáo thử nghiệm');
    expect(res.text).toContain(formatVietnameseDateTime(row.createdAt.toISOString()));
    expect(res.text).toMatch(/\d{1,2} giờ \d{2} phút, (thứ \S+|Chủ nhật), ngày \d{1,2}\/\d{1,2}\/\d{4}/);
    expect(res.text).toContain('Đã nhận 0/3 báo cáo');
    for (const format of ['xlsx', 'docx', 'csv']) {
      expect(res.text).toContain(`href="/api/reports/${latest!.id}/${format}"`);
    }
    expect(res.text).toContain('Biểu tổng hợp (XLSX)');
    expect((await call('GET', '/reports/khong-co', { who: viewer })).status).toBe(404);
  });

  test('the assignment history shows event and audit details in Vietnamese, not JSON', async () => {
    const base = `/api/assignments/${code}/${year}/bao-cao-thu/DV01`;
    expect((await call('POST', `${base}/remind`, { who: coord, body: {} })).status).toBe(202);
    // The workflow sends the queued reminder a moment after the 202 and records its event.
    await waitFor('the reminder recorded', async () =>
      (await w.t.db.prisma.assignmentEvent.count({
        where: { assignmentId: `${code}/${year}/bao-cao-thu/DV01`, type: 'reminder' },
      })) > 0
        ? true
        : undefined,
    );
    const due = `${year + 1}-01-15`;
    expect(
      (await call('POST', `${base}/extend`, { who: coord, body: { newDueDate: due, reason: 'Sáp nhập đơn vị' } }))
        .status,
    ).toBe(200);
    await waitFor('the extension recorded', async () => {
      const events = await w.t.db.prisma.assignmentEvent.findMany({
        where: { assignmentId: `${code}/${year}/bao-cao-thu/DV01`, type: 'state:pending' },
      });
      return events.some((e) => (e.detail as { extension?: unknown } | null)?.extension) ? true : undefined;
    });
    const res = await call('GET', `/assignments/${code}/${year}/bao-cao-thu/DV01`, { who: viewer });
    expect(res.status).toBe(200);
    const main = res.text.slice(res.text.indexOf('<h2>Diễn biến</h2>'));
    expect(main).toContain('<li>Bước: Nhắc ngay (điều phối viên)</li>');
    expect(main).toMatch(/<li>Đã gửi: [1-9]<\/li>/);
    expect(main).toContain('<li>Lý do: Sáp nhập đơn vị</li>');
    expect(main).toContain(`<li>Hạn mới: 15/1/${year + 1}</li>`);
    expect(main).toMatch(/Gia hạn: Hạn mới: \d{2}:\d{2} 15\/1\/\d{4}; Lý do: Sáp nhập đơn vị; Cán bộ điều phối: /);
    // The audit records what the coordinator was answered: queued, and when it goes out.
    expect(main).toMatch(
      /Kết quả: Đã xếp lịch: có; Gửi lúc: \d{2}:\d{2} \d{1,2}\/\d{1,2}\/\d{4}; Ngoài giờ làm việc: không/,
    );
    expect(main).not.toMatch(/\{&quot;|<code>/);
  });

  test('detailItems: known keys by name, dates in Vietnamese, unknown keys as key: value', () => {
    expect(
      detailItems({
        step: 'reminder:PT1H50M',
        scheduledAt: '2025-06-09T01:00:00.000Z',
        channel: 'sms',
        to: '+84901234567',
        due: '2025-06-10',
        by: 'a@b.vn',
        notify: ['focal', 'head'],
        lạ: { x: 1 },
        other: 'giá trị',
      }),
    ).toEqual([
      { label: 'Bước', value: 'Nhắc trước hạn 1 giờ 50 phút' },
      { label: 'Thời điểm theo lịch', value: '08:00 9/6/2025' },
      { label: 'Kênh', value: 'Tin nhắn SMS' },
      { label: 'Gửi tới', value: '+84901234567' },
      { label: 'Hạn', value: '10/6/2025' },
      { label: 'Người thực hiện', value: 'a@b.vn' },
      { label: 'Báo cho', value: 'đầu mối, lãnh đạo cơ quan' },
      { label: 'lạ', value: '{"x":1}' },
      { label: 'other', value: 'giá trị' },
    ]);
    expect(detailItems(null)).toEqual([]);
    expect(detailItems({ step: 'escalation:2' })).toEqual([{ label: 'Bước', value: 'Báo cáo vượt cấp, bậc 2' }]);
  });

  test('after "Nhắc ngay" the assignment page says whether the reminder goes now or at the next opening', async () => {
    const page = `/assignments/${code}/${year}/bao-cao-thu/DV02`;
    const now = await call('GET', `${page}?ok=remind`, { who: viewer });
    expect(now.status).toBe(200);
    expect(now.text).toContain('Đã gửi yêu cầu nhắc; thư nhắc sẽ được gửi trong giây lát.');
    const later = await call('GET', `${page}?ok=remind&at=${encodeURIComponent('2026-12-02T00:00:00.000Z')}`, {
      who: viewer,
    });
    expect(later.text).toContain(
      'Ngoài giờ làm việc: thư nhắc đã được xếp lịch và sẽ gửi lúc 07:00 thứ Tư, 02/12/2026.',
    );
  });

  test('the mailbox page has the app layout and navigation', async () => {
    // The dev mailbox is an admin's (it holds every message sent, links among them).
    expect((await call('GET', '/mailbox', { who: viewer })).status).toBe(403);
    const res = await call('GET', '/mailbox', { who: await w.signedIn('admin') });
    expect(res.status).toBe(200);
    expect(res.text).toContain('<nav aria-label="Điều hướng chính"><a href="/plans">Kế hoạch</a>');
    expect(res.text).toContain('Đăng xuất');
    expect(res.text).toContain('<h1>Hộp thư thử nghiệm</h1>');
    expect(res.text).toMatch(/<details class="card"><summary>\d{2}:\d{2} \d{1,2}\/\d{1,2}\/\d{4} — /);
  });
});

test('/openapi.json describes the report routes', async () => {
  const doc = (await call('GET', '/openapi.json')).json as { paths: Record<string, Record<string, unknown>> };
  expect(Object.keys(doc.paths)).toEqual(
    expect.arrayContaining([
      '/api/plans/{code}/years/{year}/reports',
      '/api/reports/{id}',
      '/api/reports/{id}/{format}',
    ]),
  );
  expect(Object.keys(doc.paths['/api/plans/{code}/years/{year}/reports']!)).toEqual(['get', 'post']);
});
