/**
 * Sign-in under attack: attempts counted per client IP and per account across both sign-in routes (the API and the
 * page), and argon2id checks in worker threads, so a burst of sign-ins does not stall the event loop.
 */
import { argon2Verify } from 'hash-wasm';
import { closePasswordPool, createPasswordPool, PoolBusyError } from '../../src/security/password-pool';
import { createUser, hashPassword, verifyPassword } from '../../src/services/user-service';
import { startLightWebApp, type LightWebApp } from '../support/light-web-app';

let w: LightWebApp;
beforeAll(async () => {
  w = await startLightWebApp({ rateLimits: { signInPerMinute: 3, signInPerIpPerMinute: 8 } });
  await createUser(w.db.prisma, { email: 'a@so.gov.vn', role: 'coordinator', password: 'mat-khau-du-dai-123' });
});
afterAll(async () => {
  await w?.close();
  await closePasswordPool();
});

const viaApi = (email: string, password = 'sai-mat-khau') =>
  fetch(`${w.url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  }).then(async (r) => (await r.arrayBuffer(), r.status));
const viaPage = (email: string, password = 'sai-mat-khau') =>
  fetch(`${w.url}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password }).toString(),
  }).then(async (r) => (await r.arrayBuffer(), r.status));

test('one account: the limit counts the API and the page together, right password or not', async () => {
  expect(await viaApi('a@so.gov.vn')).toBe(401);
  expect(await viaPage('a@so.gov.vn')).toBe(401);
  expect(await viaApi('a@so.gov.vn')).toBe(401);
  expect(await viaPage('a@so.gov.vn', 'mat-khau-du-dai-123')).toBe(429);
  expect(await viaApi('a@so.gov.vn', 'mat-khau-du-dai-123')).toBe(429);
  const limited = await w.db.prisma.auditLog.findMany({ where: { action: 'sign-in-limited' } });
  expect(limited.map((a) => [a.actor, (a.detail as { ip?: string }).ip])).toEqual([
    ['a@so.gov.vn', '127.0.0.1'],
    ['a@so.gov.vn', '127.0.0.1'],
  ]);
});

test('one IP: a new email every request is limited too', async () => {
  // 5 attempts above already count for this IP (limit 8).
  const statuses: number[] = [];
  for (let i = 0; i < 4; i++) statuses.push(await (i % 2 ? viaPage : viaApi)(`moi-${i}@so.gov.vn`));
  expect(statuses).toEqual([401, 401, 401, 429]);
});

test('password checks run off the event loop, with bounded concurrency', async () => {
  const hash = await hashPassword('mat-khau-du-dai-123');
  // On the main thread, one check blocks the loop for its whole duration.
  const t0 = performance.now();
  await argon2Verify({ password: 'x', hash });
  const direct = performance.now() - t0;

  // The loop's longest pause while six checks run in the pool. A busy machine pauses every process now and then,
  // so the best of three rounds is compared: checks on the main thread would pause it for `direct` in every round.
  const longestPause = async (): Promise<number> => {
    let last = performance.now();
    let maxGap = 0;
    const timer = setInterval(() => {
      const t = performance.now();
      maxGap = Math.max(maxGap, t - last);
      last = t;
    }, 5);
    try {
      const results = await Promise.all([
        verifyPassword('mat-khau-du-dai-123', hash),
        ...Array.from({ length: 5 }, () => verifyPassword('sai', hash)),
      ]);
      expect(results).toEqual([true, false, false, false, false, false]);
    } finally {
      clearInterval(timer);
    }
    return maxGap;
  };
  let best = Infinity;
  for (let round = 0; round < 3 && best >= Math.max(50, direct / 2); round++)
    best = Math.min(best, await longestPause());
  expect(best).toBeLessThan(Math.max(50, direct / 2));

  const pool = createPasswordPool({ size: 1, maxQueued: 2 });
  try {
    // One running and two waiting: the fourth and fifth are refused at once rather than queued.
    const jobs = Array.from({ length: 5 }, () => pool.verify('x', hash));
    const settled = await Promise.allSettled(jobs);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'rejected']);
    expect((settled[3] as PromiseRejectedResult).reason).toBeInstanceOf(PoolBusyError);
  } finally {
    await pool.close();
  }
});
