/**
 * A database per test file, cloned from the migrated template that test/global-setup.mjs prepared
 * (`CREATE DATABASE … TEMPLATE`, as graphile-worker's tests do): fast, isolated, dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createPrisma, type PrismaClient } from '../../src/db/prisma';

export interface TestDatabase {
  url: string;
  prisma: PrismaClient;
  drop(): Promise<void>;
}

function templateUrl(): URL {
  const url = process.env.NHAC_HAN_TEST_TEMPLATE_URL;
  if (!url)
    throw new Error('NHAC_HAN_TEST_TEMPLATE_URL is not set: run the tests through jest (test/global-setup.mjs)');
  return new URL(url);
}

async function admin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const u = templateUrl();
  u.pathname = '/postgres';
  const c = new Client({ connectionString: u.toString() });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `test_${randomBytes(6).toString('hex')}`;
  const template = templateUrl().pathname.slice(1);
  // CREATE DATABASE … TEMPLATE needs the template to have no other sessions; retry briefly if one is closing.
  for (let attempt = 0; ; attempt++) {
    try {
      await admin((c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
      break;
    } catch (err) {
      if (attempt >= 20) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const u = templateUrl();
  u.pathname = `/${name}`;
  const prisma = createPrisma(u.toString(), { max: 5 });
  return {
    url: u.toString(),
    prisma,
    async drop() {
      await prisma.$disconnect();
      await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}
