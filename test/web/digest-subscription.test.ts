/**
 * One's own weekly-digest subscription over real HTTP: the `/account` form (with the session's CSRF token) and
 * `GET/PUT /api/account/digest`; a plan one may not see is refused on `planCode`; no session is 401, no CSRF 403;
 * every change leaves an audit row naming the account by id.
 */
import { createUser, setCoordinatorPlans } from '../../src/services/user-service';
import { startLightWebApp, type LightWebApp } from '../support/light-web-app';

const PASSWORD = 'mat-khau-du-dai-123';
let w: LightWebApp;
let viewerId: number;
let coordinatorId: number;

beforeAll(async () => {
  w = await startLightWebApp({
    rateLimits: { signInPerMinute: 1000, signInPerIpPerMinute: 1000, linkPerMinute: 1000 },
  });
  for (const code of ['KH-01', 'KH-02'])
    await w.db.prisma.plan.create({
      data: { code, title: `Kế hoạch ${code}`, years: [2026], definition: {}, sourceHash: code },
    });
  viewerId = (await createUser(w.db.prisma, { email: 'lanh-dao@ubnd.test', role: 'viewer', password: PASSWORD })).id;
  coordinatorId = (
    await createUser(w.db.prisma, { email: 'dieu-phoi@snv.test', role: 'coordinator', password: PASSWORD })
  ).id;
  await setCoordinatorPlans(w.db.prisma, coordinatorId, ['KH-01']);
}, 120_000);
afterAll(async () => {
  await w?.close();
});

async function signIn(email: string): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${w.url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { user: { csrfToken: string } };
  return { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]!, csrf: body.user.csrfToken };
}

const form = (s: { cookie: string }, fields: Record<string, string>) =>
  fetch(`${w.url}/account/digest`, {
    method: 'POST',
    headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });

const put = (s: { cookie: string; csrf?: string } | null, body: unknown) =>
  fetch(`${w.url}/api/account/digest`, {
    method: 'PUT',
    headers: {
      'content-type': 'application/json',
      ...(s ? { cookie: s.cookie } : {}),
      ...(s?.csrf ? { 'x-csrf-token': s.csrf } : {}),
    },
    body: JSON.stringify(body),
  });

test('the /account form subscribes and unsubscribes a viewer, with its CSRF token, and the page shows it', async () => {
  const s = await signIn('lanh-dao@ubnd.test');
  const page = await (await fetch(`${w.url}/account`, { headers: { cookie: s.cookie } })).text();
  expect(page).toContain('Nhận bản tin hằng tuần: cơ quan trễ hạn, hạn tuần tới');
  expect(page).toContain('<option value="KH-02">KH-02: Kế hoạch KH-02</option>');
  expect(page).not.toMatch(/id="digest-subscribed" name="subscribed" type="checkbox" checked/);

  // Without the token: refused, nothing stored.
  expect((await form(s, { subscribed: 'on', planCode: '' })).status).toBe(403);
  expect(await w.db.prisma.digestSubscription.count()).toBe(0);

  const subscribed = await form(s, { _csrf: s.csrf, subscribed: 'on', planCode: 'KH-02' });
  expect(subscribed.status).toBe(200);
  const html = await subscribed.text();
  expect(html).toContain('Đã đăng ký nhận bản tin hằng tuần (kế hoạch KH-02), gửi sáng thứ Hai.');
  expect(html).toMatch(/id="digest-subscribed" name="subscribed" type="checkbox" checked/);
  expect(html).toContain('<option value="KH-02" selected>');
  expect(await w.db.prisma.digestSubscription.findUnique({ where: { userId: viewerId } })).toMatchObject({
    planCode: 'KH-02',
  });

  // An unticked box is not sent at all: that is unsubscribing.
  const off = await form(s, { _csrf: s.csrf, planCode: '' });
  expect(await off.text()).toContain('Đã hủy đăng ký bản tin hằng tuần.');
  expect(await w.db.prisma.digestSubscription.count()).toBe(0);

  const audit = await w.db.prisma.auditLog.findMany({
    where: { action: { startsWith: 'digest.' } },
    orderBy: { id: 'asc' },
  });
  expect(audit.map((a) => [a.action, a.actor, a.target, (a.detail as { planCode: unknown }).planCode])).toEqual([
    ['digest.subscribe', `user:${viewerId}`, `user:${viewerId}`, 'KH-02'],
    ['digest.unsubscribe', `user:${viewerId}`, `user:${viewerId}`, null],
  ]);
  expect(JSON.stringify(audit)).not.toContain('lanh-dao@ubnd.test');
}, 120_000);

test('the API pair: GET and PUT /api/account/digest, validated, and limited to the plans one may see', async () => {
  const s = await signIn('dieu-phoi@snv.test');
  const get = async () => (await fetch(`${w.url}/api/account/digest`, { headers: { cookie: s.cookie } })).json();
  expect(await get()).toEqual({ subscribed: false, planCode: null });

  expect((await fetch(`${w.url}/api/account/digest`)).status).toBe(401);
  expect((await put(null, { subscribed: true })).status).toBe(401);
  expect((await put({ cookie: s.cookie }, { subscribed: true })).status).toBe(403);

  const all = await put(s, { subscribed: true });
  expect([all.status, await all.json()]).toEqual([200, { subscribed: true, planCode: null }]);
  expect(await get()).toEqual({ subscribed: true, planCode: null });

  // A coordinator sees only the plans they coordinate.
  const other = await put(s, { subscribed: true, planCode: 'KH-02' });
  expect(other.status).toBe(422);
  expect(JSON.stringify(await other.json())).toContain(
    'không có kế hoạch này trong các kế hoạch bạn được xem / not a plan you may see',
  );
  expect(await get()).toEqual({ subscribed: true, planCode: null });

  const bad = await put(s, { subscribed: 'yes', extra: 1 });
  expect(bad.status).toBe(422);
  const problems = JSON.stringify(await bad.json());
  expect(problems).toContain('subscribed');
  expect(problems).toContain('extra');

  const mine = await put(s, { subscribed: true, planCode: 'KH-01' });
  expect(await mine.json()).toEqual({ subscribed: true, planCode: 'KH-01' });
  const none = await put(s, { subscribed: false, planCode: 'KH-01' });
  expect(await none.json()).toEqual({ subscribed: false, planCode: null });
  expect(await w.db.prisma.digestSubscription.findUnique({ where: { userId: coordinatorId } })).toBeNull();
  expect(
    await w.db.prisma.auditLog.count({ where: { action: { startsWith: 'digest.' }, target: `user:${coordinatorId}` } }),
  ).toBe(3);
}, 120_000);
