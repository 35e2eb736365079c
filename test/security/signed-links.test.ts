/**
 * Link revocation that a forged version cannot outlive: links carry the assignment's stored random nonce; revoking
 * draws a new one. Links from before nonces keep working at exactly their version until the first revocation.
 */
import { createMessageContexts } from '../../src/activities/message-contexts';
import { revokeLinks } from '../../src/services/assignment-actions';
import { linkAccepted, signLink, verifyLink, type LinkClaims } from '../../src/security/signed-link';
import type { Client } from '@temporalio/client';
import { createTestDatabase, type TestDatabase } from '../support/database';

const SECRET = 'k'.repeat(8) + 'Jx8rV2mQ9tLw4ZkP7nB3cY6hF1sD5gA0';
const FAR = 4102444800;
let db: TestDatabase;
const key = { plan: 'LNK', year: 2026, obligation: 'bao-cao', agency: 'DV01' };
const ID = 'LNK/2026/bao-cao/DV01';

beforeAll(async () => {
  db = await createTestDatabase();
  await db.prisma.plan.create({
    data: { code: 'LNK', title: 'Kế hoạch thử', years: [2026], definition: {}, sourceHash: 'x' },
  });
  await db.prisma.assignment.create({
    data: {
      id: ID,
      planCode: 'LNK',
      year: 2026,
      obligationId: 'bao-cao',
      agencyCode: 'DV01',
      statedDate: new Date('2026-06-10'),
      dueDate: new Date('2026-06-10'),
      dueAt: new Date('2026-06-10T16:59:59Z'),
    },
  });
});
afterAll(async () => {
  await db?.drop();
});

const stored = () =>
  db.prisma.assignment.findUniqueOrThrow({
    where: { id: ID },
    select: { linkVersion: true, linkNonce: true, linkLegacy: true },
  });
const opens = async (claims: LinkClaims) => {
  const v = verifyLink(signLink(claims, SECRET), SECRET, 1_800_000_000);
  return v.ok && linkAccepted(v.claims, await stored());
};
const revoke = () => revokeLinks({ prisma: db.prisma, temporal: {} as Client }, key);

test('a new assignment has its own random nonce; the link the activities sign carries it and opens the page', async () => {
  const s = await stored();
  expect(s.linkNonce).toMatch(/^[0-9a-f]{32}$/);
  expect(s.linkLegacy).toBe(false);
  const url = createMessageContexts({ baseUrl: 'https://x.test', secret: SECRET }, () => new Date()).submitUrlFor(
    ID,
    s,
  );
  const v = verifyLink(url.split('/s/')[1]!, SECRET, Date.now() / 1000);
  expect(v.ok && v.claims).toMatchObject({ a: ID, v: 1, n: s.linkNonce });
  expect(v.ok && linkAccepted(v.claims, s)).toBe(true);
});

test('a link made with the key but without the stored nonce opens nothing, whatever version it names', async () => {
  for (const v of [1, 2, 1_000_000_000, Number.MAX_SAFE_INTEGER])
    expect(await opens({ a: ID, exp: FAR, v })).toBe(false);
  expect(await opens({ a: ID, exp: FAR, v: 1_000_000_000, n: 'f'.repeat(32) })).toBe(false);
});

test('revoking draws a new nonce: links signed before, at any version, stop working', async () => {
  const before = await stored();
  const old = { a: ID, exp: FAR, v: before.linkVersion, n: before.linkNonce };
  expect(await opens(old)).toBe(true);
  expect(await revoke()).toEqual({ linkVersion: before.linkVersion + 1 });
  const after = await stored();
  expect(after.linkNonce).not.toBe(before.linkNonce);
  expect(await opens(old)).toBe(false);
  expect(await opens({ ...old, v: 1_000_000_000 })).toBe(false);
  expect(await opens({ a: ID, exp: FAR, v: after.linkVersion, n: after.linkNonce })).toBe(true);
});

test('links from before nonces (migrated rows): exactly the stored version, until the first revocation', async () => {
  await db.prisma.assignment.update({ where: { id: ID }, data: { linkLegacy: true } });
  const { linkVersion } = await stored();
  expect(await opens({ a: ID, exp: FAR, v: linkVersion })).toBe(true);
  expect(await opens({ a: ID, exp: FAR, v: linkVersion + 1 })).toBe(false);
  expect(await opens({ a: ID, exp: FAR, v: 1_000_000_000 })).toBe(false);
  expect(await opens({ a: ID, exp: FAR, v: linkVersion - 1 })).toBe(false);
  await revoke();
  expect((await stored()).linkLegacy).toBe(false);
  expect(await opens({ a: ID, exp: FAR, v: linkVersion + 1 })).toBe(false);
});
