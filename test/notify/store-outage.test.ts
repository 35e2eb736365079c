/**
 * A database outage is retried at a short fixed delay, not on the policy's growing backoff (src/activities/
 * store-outage.ts): checked with the errors the real Prisma client throws for a PostgreSQL that is not there, run
 * through the wrapper every registered activity has, in the SDK's mock activity context.
 */
import { MockActivityEnvironment } from '@temporalio/testing';
import { ApplicationFailure } from '@temporalio/common';
import { createPrisma } from '../../src/db/prisma';
import { withMaskedFailures } from '../../src/activities/masked-failures';
import { STORE_OUTAGE_RETRY_MS, isStoreUnavailable } from '../../src/activities/store-outage';
import { createTestDatabase, type TestDatabase } from '../support/database';

let db: TestDatabase;
// Port 1 on loopback: nothing listens there, as when PostgreSQL is stopped.
const away = createPrisma('postgresql://nhachan:secret@127.0.0.1:1/nhac_han');

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await away.$disconnect();
  await db?.drop();
});

async function failureOf(env: MockActivityEnvironment, fn: () => Promise<unknown>): Promise<unknown> {
  const { activity } = withMaskedFailures({ activity: fn });
  return env.run(activity).then(
    () => new Error('no failure'),
    (err: unknown) => err,
  );
}

const unbounded = () => new MockActivityEnvironment({ retryPolicy: { initialInterval: '5s', backoffCoefficient: 2 } });

test('an unreachable database: retried in 10 s, whatever the attempt, with the reason kept', async () => {
  const raw = () => away.$queryRaw`SELECT 1`;
  const err = await failureOf(unbounded(), raw);
  expect(err).toBeInstanceOf(ApplicationFailure);
  const failure = err as ApplicationFailure;
  expect(failure).toMatchObject({
    type: 'StoreUnavailable',
    nonRetryable: false,
    nextRetryDelay: STORE_OUTAGE_RETRY_MS,
  });
  expect(failure.message).toMatch(/database unreachable, retrying in 10 s: .*(reach|ECONNREFUSED)/s);
  // A model query and an error wrapped by the outbox (the acceptance it could not record) too.
  expect(await failureOf(unbounded(), () => away.notification.count())).toMatchObject({ type: 'StoreUnavailable' });
  const wrapped = async () => {
    try {
      await away.$executeRaw`UPDATE "Notification" SET "status" = 'sent'`;
    } catch (cause) {
      throw new Error('message … was accepted but could not be recorded as sent', { cause });
    }
  };
  expect(await failureOf(unbounded(), wrapped)).toMatchObject({ type: 'StoreUnavailable' });
});

test('left to the policy: a bounded policy, a provider refusing, and a database that answers with an error', async () => {
  const bounded = new MockActivityEnvironment({ retryPolicy: { maximumAttempts: 12 } });
  const err = await failureOf(bounded, () => away.$queryRaw`SELECT 1`);
  expect(err).not.toBeInstanceOf(ApplicationFailure);
  // An SMTP server that is down says ECONNREFUSED too: that is the provider's outage, on the backoff.
  const smtp = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:2525'), { code: 'ESOCKET' });
  expect(isStoreUnavailable(smtp)).toBe(false);
  expect(await failureOf(unbounded(), () => Promise.reject(smtp))).not.toBeInstanceOf(ApplicationFailure);
  // The database is there and refuses the statement: not an outage.
  const refused = await db.prisma.$queryRaw`SELECT * FROM "NoSuchTable"`.then(
    () => new Error('no failure'),
    (e: Error) => e,
  );
  expect(isStoreUnavailable(refused)).toBe(false);
  expect(await failureOf(unbounded(), () => Promise.reject(refused))).not.toBeInstanceOf(ApplicationFailure);
});
