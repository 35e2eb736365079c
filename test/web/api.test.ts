/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-call -- JSON answers are checked by the assertions themselves */
/**
 * The web app's API and agency portal over real HTTP, with real PostgreSQL, the Temporal dev server, a worker and an
 * SMTP mailbox: sign-in, roles, CSRF, validation errors per field, applying a plan, the matrix, the coordinator's
 * actions (each audited), and an agency submitting through its signed link (receipt emailed, link revocable).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { signLink } from '../../src/security/signed-link';
import { startWebApp, type WebTestApp, webDemoPlan } from '../support/web-app';
import { waitFor } from '../support/wait';

let w: WebTestApp;
let coord: { cookie: string; csrf: string; email: string };
let viewer: { cookie: string; csrf: string };
let admin: { cookie: string; csrf: string; email: string };
const code = `WEB-${randomBytes(3).toString('hex').toUpperCase()}`;
const year = new Date().getFullYear();
const planText = () => JSON.stringify(webDemoPlan(code, 4));
const id = (agency: string) => `${code}/${year}/bao-cao-thu/${agency}`;
const api = (p: string) => `${w.url}${p}`;

async function call(
  method: string,
  p: string,
  o: { who?: { cookie: string; csrf: string }; body?: unknown; csrf?: boolean } = {},
): Promise<{ status: number; json: any; headers: Headers }> {
  const headers: Record<string, string> = {};
  if (o.who) headers.cookie = o.who.cookie;
  if (o.who && o.csrf !== false) headers['x-csrf-token'] = o.who.csrf;
  if (o.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(api(p), { method, headers, body: o.body === undefined ? undefined : JSON.stringify(o.body) });
  const text = await res.text();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    /* HTML */
  }
  return { status: res.status, json, headers: res.headers };
}

beforeAll(async () => {
  w = await startWebApp({ rateLimits: { signInPerMinute: 3, linkPerMinute: 200 } });
  // Plans are applied by an admin; the coordinator acts on this plan's assignments.
  coord = await w.signedIn('coordinator', [code]);
  admin = await w.signedIn('admin');
  viewer = await w.signedIn('viewer');
});

afterAll(async () => {
  await w?.close();
});

describe('session', () => {
  test('sign-in: 422 per field, 401 for a wrong password, a secure HTTP-only cookie, 429 after the limit', async () => {
    const bad = await call('POST', '/api/session', { body: { email: 'khong-phai-email', extra: 1 } });
    expect(bad.status).toBe(422);
    expect(bad.json.errors).toEqual(
      expect.arrayContaining([
        { path: 'email', message: 'email không hợp lệ / invalid email' },
        { path: 'password', message: 'thiếu trường bắt buộc / required' },
      ]),
    );
    const wrong = await call('POST', '/api/session', { body: { email: coord.email, password: 'sai-mat-khau' } });
    expect(wrong.status).toBe(401);
    expect(wrong.json.error).toMatch(/Email hoặc mật khẩu không đúng/);
    expect(coord.cookie).toMatch(/^nhac_han_session=/);
    const again = await fetch(api('/api/session'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'lock@so.test', password: 'x' }),
    });
    expect(again.headers.get('set-cookie')).toBeNull();
    for (let i = 0; i < 3; i++) await call('POST', '/api/session', { body: { email: 'lock@so.test', password: 'x' } });
    const limited = await call('POST', '/api/session', { body: { email: 'lock@so.test', password: 'x' } });
    expect(limited.status).toBe(429);
    expect(limited.json.error).toMatch(/Quá nhiều yêu cầu/);
  });

  test('the cookie is HTTP-only and SameSite; sign-out ends the session', async () => {
    const s = await w.signedIn('admin');
    const res = await fetch(api('/api/session'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: s.email, password: s.password }),
    });
    const setCookie = res.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect((await call('GET', '/api/session', { who: s })).json.user.role).toBe('admin');
    expect((await call('DELETE', '/api/session', { who: s, csrf: false })).status).toBe(403);
    expect((await call('DELETE', '/api/session', { who: s })).status).toBe(204);
    expect((await call('GET', '/api/plans', { who: s })).status).toBe(401);
  });
});

describe('plans', () => {
  test('401 without a session, 403 for a viewer or without the CSRF token, 422 with each problem at its path', async () => {
    expect((await call('GET', '/api/plans')).status).toBe(401);
    expect((await call('POST', '/api/plans', { body: { content: planText() } })).status).toBe(401);
    expect((await call('POST', '/api/plans', { who: viewer, body: { content: planText() } })).status).toBe(403);
    // A coordinator neither creates plans nor applies plan files (they set the contacts links are sent to).
    expect((await call('POST', '/api/plans', { who: coord, body: { content: planText() } })).status).toBe(403);
    const noCsrf = await call('POST', '/api/plans', { who: admin, body: { content: planText() }, csrf: false });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.json.error).toMatch(/CSRF/);
    const broken = JSON.parse(planText()) as { agencies: { contacts: { email?: string }[] }[]; years: unknown };
    broken.agencies[1]!.contacts[0]!.email = 'khong-hop-le';
    delete (broken as { years?: unknown }).years;
    const invalid = await call('POST', '/api/plans', { who: admin, body: { content: JSON.stringify(broken) } });
    expect(invalid.status).toBe(422);
    const paths = (invalid.json.errors as { path: string }[]).map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['years', 'agencies[1].contacts[0].email']));
    const notString = await call('POST', '/api/plans', { who: admin, body: { content: 42 } });
    expect(notString.status).toBe(422);
    expect(notString.json.errors[0].path).toBe('content');
    // Nothing was stored by the refused requests.
    expect(await w.t.db.prisma.plan.count()).toBe(0);
  });

  test('validate only, then apply: the plan, its assignments and workflows; audited', async () => {
    const v = await call('POST', '/api/plans?validateOnly=true', { who: admin, body: { content: planText() } });
    expect(v.status).toBe(200);
    expect(v.json.plan).toMatchObject({ code, agencies: 6, items: 4 });
    expect(await w.t.db.prisma.plan.count()).toBe(0);
    const applied = await call('POST', '/api/plans', { who: admin, body: { content: planText() } });
    expect(applied.status).toBe(201);
    expect(applied.json.report.workflows.started).toBe(4);
    const list = await call('GET', '/api/plans', { who: viewer });
    expect(list.json.plans.map((p: { code: string }) => p.code)).toEqual([code]);
    const one = await call('GET', `/api/plans/${code}`, { who: viewer });
    expect(one.json.obligations).toEqual([{ id: 'bao-cao-thu', title: expect.any(String) }]);
    expect((await call('GET', '/api/plans/KHONG-CO', { who: viewer })).status).toBe(404);
    expect((await call('GET', '/api/plans/x%20y', { who: viewer })).status).toBe(422);
    const audits = await w.t.db.prisma.auditLog.findMany({ where: { action: 'plan-apply' } });
    expect(audits).toEqual([expect.objectContaining({ actor: admin.email, target: code })]);
  });
});

describe('assignments', () => {
  test('the matrix has the status --json item shape, with filters; bad filters are 422', async () => {
    const all = await call('GET', `/api/plans/${code}/years/${year}/assignments`, { who: viewer });
    expect(all.status).toBe(200);
    expect(all.json.items).toHaveLength(4);
    expect(all.json.items[0]).toEqual(
      expect.objectContaining({
        obligation: 'bao-cao-thu',
        agency: expect.any(String),
        year,
        dueDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
        state: 'pending',
        reminders: 0,
      }),
    );
    const one = await call('GET', `/api/plans/${code}/years/${year}/assignments?agency=DV02`, { who: viewer });
    expect(one.json.items.map((i: { agency: string }) => i.agency)).toEqual(['DV02']);
    const late = await call('GET', `/api/plans/${code}/years/${year}/assignments?lateOnly=true`, { who: viewer });
    expect(late.json.items).toEqual([]);
    const week = await call('GET', `/api/plans/${code}/years/${year}/assignments?dueThisWeek=true`, { who: viewer });
    expect(week.json.items.length).toBeGreaterThan(0);
    const bad = await call('GET', `/api/plans/${code}/years/20x/assignments?lateOnly=maybe&x=1`, { who: viewer });
    expect(bad.status).toBe(422);
    expect(bad.json.errors.map((e: { path: string }) => e.path)).toEqual(['year']);
    const badQ = await call('GET', `/api/plans/${code}/years/${year}/assignments?lateOnly=maybe`, { who: viewer });
    expect(badQ.json.errors).toEqual([
      { path: 'lateOnly', message: 'phải là true hoặc false / must be true or false' },
    ]);
    expect((await call('GET', `/api/plans/${code}/years/${year}/assignments`)).status).toBe(401);
  });

  test('actions: 403 for a viewer, 422 without a reason, remind now, extend, excuse, paper; each audited', async () => {
    const base = `/api/assignments/${code}/${year}/bao-cao-thu`;
    expect((await call('POST', `${base}/DV01/remind`, { who: viewer, body: {} })).status).toBe(403);
    expect((await call('POST', `${base}/DV01/remind`, { body: {} })).status).toBe(401);
    expect((await call('POST', `${base}/NOPE/remind`, { who: coord, body: {} })).status).toBe(404);

    const noReason = await call('POST', `${base}/DV02/extend`, { who: coord, body: { newDueDate: '2099-01-01' } });
    expect(noReason.status).toBe(422);
    expect(noReason.json.errors).toEqual([{ path: 'reason', message: 'thiếu trường bắt buộc / required' }]);
    const earlier = await call('POST', `${base}/DV02/extend`, {
      who: coord,
      body: { newDueDate: '2020-01-01', reason: 'Thử' },
    });
    expect(earlier.status).toBe(422);
    expect(earlier.json.errors[0]).toMatchObject({
      path: 'newDueDate',
      message: expect.stringMatching(/Hạn mới phải sau/),
    });
    const newDueDate = `${year + 1}-01-15`;
    const extended = await call('POST', `${base}/DV02/extend`, {
      who: coord,
      body: { newDueDate, reason: 'Cơ quan đề nghị do sáp nhập' },
    });
    expect(extended.status).toBe(200);
    await waitFor('the new due date stored', async () => {
      const a = await w.t.db.prisma.assignment.findUnique({ where: { id: id('DV02') } });
      return a?.dueDate.toISOString().startsWith(newDueDate) ? true : undefined;
    });

    expect((await call('POST', `${base}/DV03/excuse`, { who: coord, body: { reason: '  ' } })).status).toBe(422);
    const excused = await call('POST', `${base}/DV03/excuse`, { who: coord, body: { reason: 'Đã giải thể' } });
    expect({ status: excused.status, json: excused.json }).toEqual({ status: 200, json: { state: 'excused' } });
    await waitFor('DV03 excused', async () =>
      (await w.t.db.prisma.assignment.findUnique({ where: { id: id('DV03') } }))?.state === 'excused'
        ? true
        : undefined,
    );
    expect((await call('POST', `${base}/DV03/excuse`, { who: coord, body: { reason: 'lần hai' } })).status).toBe(409);

    const paper = await call('POST', `${base}/DV04/submissions`, { who: coord, body: { note: 'Công văn số 12' } });
    expect(paper.status).toBe(201);
    await waitFor('DV04 submitted', async () =>
      (await w.t.db.prisma.assignment.findUnique({ where: { id: id('DV04') } }))?.state === 'submitted'
        ? true
        : undefined,
    );
    const future = await call('POST', `${base}/DV01/submissions`, { who: coord, body: { receivedOn: '2099-01-01' } });
    expect(future.status).toBe(422);
    expect(future.json.errors).toEqual([{ path: 'receivedOn', message: expect.stringMatching(/tương lai/) }]);
    // Closed assignments have nothing to remind about; this is refused before the workflow is asked.
    const closed = await call('POST', `${base}/DV04/remind`, { who: coord, body: {} });
    expect(closed.status).toBe(409);
    expect(closed.json.error).toMatch(/đã hoàn thành/);

    const history = await call('GET', `${base}/DV02`, { who: viewer });
    expect(history.status).toBe(200);
    expect(history.json.assignment).toMatchObject({ id: id('DV02'), state: 'pending' });
    expect(history.json.temporalUrl).toBe(
      `http://127.0.0.1:8233/namespaces/default/workflows/${encodeURIComponent(id('DV02'))}`,
    );
    expect(history.json.events.map((e: { type: string }) => e.type)).toContain('state:pending');
    // Queued by the workflow: at once in working hours, else at the next opening (sendAt).
    const remind = await call('POST', `${base}/DV01/remind`, { who: coord, body: {} });
    expect(remind.status).toBe(202);
    expect(remind.json).toEqual({ queued: true, sendAt: expect.any(String), outsideWorkingHours: expect.any(Boolean) });
    expect(remind.json.outsideWorkingHours).toBe(Date.parse(String(remind.json.sendAt)) - Date.now() > 60_000);
    await waitFor('the reminder in the mailbox', async () =>
      (await w.t.mailbox.list()).some((m) => m.to === 'dau-moi-01@demo.nhac-han.test') ? true : undefined,
    );

    const h1 = await call('GET', `${base}/DV01`, { who: viewer });
    expect(h1.json.notifications[0]).toMatchObject({
      kind: expect.stringMatching(/^(upcoming|due-today)$/),
      channel: 'email',
      status: 'sent',
    });

    const actions = (await w.t.db.prisma.auditLog.findMany({ where: { actor: coord.email } })).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['remind', 'extend', 'excuse', 'paper-submission']));
    // Refused actions leave no audit row.
    expect(actions.filter((a) => a === 'extend')).toHaveLength(1);
  });
});

describe('agency portal', () => {
  const linkFrom = async (to: string): Promise<string> =>
    waitFor('a reminder with a link', async () => {
      const m = (await w.t.mailbox.list()).find((x) => x.to === to && /\/s\//.test(x.text));
      return m ? /(http:\/\/\S+\/s\/[A-Za-z0-9_.-]+)/.exec(m.text)?.[1] : undefined;
    });

  test('a forged, expired, revoked or unknown link gets the same refusal', async () => {
    const link = await linkFrom('dau-moi-01@demo.nhac-han.test');
    const ok = await fetch(link);
    expect(ok.status).toBe(200);
    const page = await ok.text();
    expect(page).toContain('Đơn vị demo 01'.slice(0, 6));
    expect(page).not.toContain('DV02');
    const token = link.split('/s/')[1]!;
    const forged = `${token.split('.')[0]}.${'A'.repeat(43)}`;
    const expired = signLink({ a: id('DV01'), exp: 1, v: 1 }, w.t.deps.links.secret);
    const otherKey = signLink({ a: id('DV01'), exp: 4102444800, v: 1 }, 'another-secret-0123456789');
    const unknown = signLink({ a: `${code}/${year}/bao-cao-thu/DV99`, exp: 4102444800, v: 1 }, w.t.deps.links.secret);
    // Made with the key but without the assignment's stored nonce: no version, however high, opens the page.
    const noNonce = signLink({ a: id('DV01'), exp: 4102444800, v: 1_000_000_000 }, w.t.deps.links.secret);
    const bodies = new Set<string>();
    for (const t of [forged, expired, otherKey, unknown, noNonce, 'rac']) {
      const r = await fetch(`${w.url}/s/${t}`);
      expect(r.status).toBe(403);
      bodies.add(await r.text());
    }
    expect(bodies.size).toBe(1);
    expect([...bodies][0]).toContain('không hợp lệ, đã hết hạn hoặc đã bị thu hồi');
  });

  test('wrong type refused; a PDF is stored, the workflow signalled, a receipt emailed; then 409', async () => {
    const link = await linkFrom('dau-moi-01@demo.nhac-han.test');
    const fakePdf = new FormData();
    fakePdf.append('file', new Blob([Buffer.from('PK\x03\x04 not a pdf')]), 'bao-cao.pdf');
    const refused = await fetch(link, { method: 'POST', body: fakePdf });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('không phải là tệp PDF hợp lệ');
    const exe = new FormData();
    exe.append('file', new Blob([Buffer.from('MZ')]), 'virus.exe');
    expect((await fetch(link, { method: 'POST', body: exe })).status).toBe(422);
    expect(await w.t.db.prisma.submission.count({ where: { assignmentId: id('DV01') } })).toBe(0);

    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const form = new FormData();
    form.append('file', new Blob([pdf], { type: 'application/pdf' }), 'Báo cáo 6 tháng.pdf');
    const res = await fetch(link, { method: 'POST', body: form });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Đã nhận báo cáo');
    const sub = await w.t.db.prisma.submission.findFirstOrThrow({ where: { assignmentId: id('DV01') } });
    expect(sub).toMatchObject({
      channel: 'web',
      fileName: 'Báo cáo 6 tháng.pdf',
      fileSize: pdf.length,
      recordedBy: 'link',
    });
    expect(fs.readFileSync(path.join(w.dataDir, 'uploads', sub.filePath!))).toEqual(pdf);
    await waitFor('DV01 submitted', async () =>
      (await w.t.db.prisma.assignment.findUnique({ where: { id: id('DV01') } }))?.state === 'submitted'
        ? true
        : undefined,
    );
    await waitFor('the receipt', async () =>
      (await w.t.mailbox.list()).some(
        (m) => m.to === 'dau-moi-01@demo.nhac-han.test' && /xác nhận đã nhận báo cáo/.test(m.text),
      )
        ? true
        : undefined,
    );
    const again = new FormData();
    again.append('file', new Blob([pdf]), 'lan-hai.pdf');
    expect((await fetch(link, { method: 'POST', body: again })).status).toBe(409);
    expect(await w.t.db.prisma.auditLog.count({ where: { action: 'submit', target: id('DV01') } })).toBe(1);
  });

  test('revoking makes every earlier link refuse; the next reminder carries a working one', async () => {
    const base = `/api/assignments/${code}/${year}/bao-cao-thu/DV02`;
    // The workflow sends a queued reminder a moment after the 202: wait for its outbox row, then read its mail.
    const manualSent = async (n: number) =>
      waitFor(`reminder ${n} sent`, async () => {
        const rows = await w.t.db.prisma.notification.findMany({
          where: { assignmentId: id('DV02'), key: { contains: ':manual:' }, channel: 'email', status: 'sent' },
          orderBy: { sentAt: 'desc' },
        });
        return rows.length >= n ? rows[0]! : undefined;
      });
    const linkOf = async (messageId: string | null) => {
      const mail = (await w.t.mailbox.list()).find((m) => m.messageId === messageId);
      return /(http:\/\/\S+\/s\/[A-Za-z0-9_.-]+)/.exec(mail?.text ?? '')?.[1];
    };
    expect((await call('POST', `${base}/remind`, { who: coord, body: {} })).status).toBe(202);
    const old = await waitFor('the first reminder in the mailbox', async () => linkOf((await manualSent(1)).messageId));
    expect((await fetch(old)).status).toBe(200);
    const revoked = await call('POST', `${base}/revoke-link`, { who: coord, body: {} });
    expect(revoked.json).toEqual({ linkVersion: 2 });
    expect((await fetch(old)).status).toBe(403);
    expect((await call('POST', `${base}/remind`, { who: coord, body: {} })).status).toBe(202);
    const fresh = await waitFor('the new reminder in the mailbox', async () => linkOf((await manualSent(2)).messageId));
    expect(fresh).not.toBe(old);
    expect((await fetch(fresh)).status).toBe(200);
  });
});

test('/openapi.json describes the web routes', async () => {
  const doc = (await call('GET', '/openapi.json')).json as { paths: Record<string, unknown> };
  expect(Object.keys(doc.paths)).toEqual(
    expect.arrayContaining([
      '/api/session',
      '/api/plans',
      '/api/plans/{code}',
      '/api/plans/{code}/years/{year}/assignments',
      '/api/assignments/{plan}/{year}/{obligation}/{agency}/extend',
      '/s/{token}',
    ]),
  );
});
