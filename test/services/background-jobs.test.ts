/**
 * The job runner on real PostgreSQL (a cloned database): progress reaches the row while the work runs, the result
 * or the error (`<path>: <message>` per field problem) stays on it, `drain` waits for the work, a job is found only
 * under its own target, and a running job whose row stopped moving reads as cut short.
 */
import { createJobRunner, getJob, STALE_AFTER_MS } from '../../src/services/background-jobs';
import { InvalidInputError, NotFoundError } from '../../src/services/service-errors';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { waitFor } from '../support/wait';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
}, 60_000);

afterAll(async () => {
  await db?.drop();
});

test('progress while it runs, then the result; drain waits for the work', async () => {
  const runner = createJobRunner(db.prisma);
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const id = await runner.start({ kind: 'test', target: 'KH-A', startedBy: 'a@x.test', input: { n: 3 } }, async (p) => {
    p(1, 3);
    await gate;
    p(3, 3);
    return { ok: true };
  });
  await waitFor('progress on the row', async () => {
    const j = await getJob(db.prisma, 'KH-A', id);
    return j.done === 1 && j.total === 3 ? j : undefined;
  });
  const running = await getJob(db.prisma, 'KH-A', id);
  expect([running.state, running.input, running.result]).toEqual(['running', { n: 3 }, null]);
  release();
  await runner.drain();
  const done = await getJob(db.prisma, 'KH-A', id);
  expect([done.state, done.done, done.total, done.result, done.error]).toEqual(['done', 3, 3, { ok: true }, null]);
  expect(done.finishedAt).not.toBeNull();
  await expect(getJob(db.prisma, 'KH-B', id)).rejects.toBeInstanceOf(NotFoundError);
});

test('a failure leaves its reason, one field problem a line', async () => {
  const runner = createJobRunner(db.prisma);
  const id = await runner.start({ kind: 'test', target: 'KH-A', startedBy: 'a@x.test' }, async () => {
    throw new InvalidInputError([{ path: 'obligations[0].due.date', message: '"31/6" không phải ngày/tháng có thật' }]);
  });
  await runner.drain();
  const failed = await getJob(db.prisma, 'KH-A', id);
  expect([failed.state, failed.error]).toEqual([
    'failed',
    'Dữ liệu không hợp lệ / invalid input\nobligations[0].due.date: "31/6" không phải ngày/tháng có thật',
  ]);
});

test('a running job whose row has not moved for a while was cut short', async () => {
  const runner = createJobRunner(db.prisma);
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const id = await runner.start({ kind: 'test', target: 'KH-A', startedBy: 'a@x.test' }, () => gate);
  const now = new Date();
  expect((await getJob(db.prisma, 'KH-A', id, now)).state).toBe('running');
  expect((await getJob(db.prisma, 'KH-A', id, new Date(now.getTime() + STALE_AFTER_MS + 1000))).state).toBe('stale');
  release();
  await runner.drain();
});
