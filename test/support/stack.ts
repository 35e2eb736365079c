/**
 * Real activity dependencies for tests: a cloned database, a real SMTP mailbox on a free port, the real templates,
 * the log SMS provider capturing lines. Everything is closed by `close()`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ActivityDeps } from '../../src/activities';
import type { Logger } from '../../src/runtime/logger';
import { startMailbox, type Mailbox } from '../../src/embedded/mailbox';
import { createMailer, type Mailer } from '../../src/notify/mailer';
import type { PrismaClient } from '../../src/db/prisma';
import { createSmsProvider } from '../../src/notify/sms/create-sms-provider';
import { loadTemplates } from '../../src/notify/template-renderer';
import { createTestDatabase, type TestDatabase } from './database';

export interface TestDeps {
  db: TestDatabase;
  mailbox: Mailbox;
  deps: ActivityDeps;
  smsLines: string[];
  close(): Promise<void>;
}

export const quietLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** Real activity dependencies around a database and a mailer; SMS goes to the log provider. */
export function testActivityDeps(
  prisma: PrismaClient,
  mailer: Mailer,
  extra: Partial<ActivityDeps> = {},
): ActivityDeps {
  return {
    prisma,
    mailer,
    sms: createSmsProvider({ provider: 'log' }, { log: { info: () => undefined } }),
    templates: loadTemplates(),
    links: { baseUrl: 'http://nhac-han.test', secret: 'test-secret-0123456789' },
    log: quietLogger,
    ...extra,
  };
}

export async function createTestDeps(): Promise<TestDeps> {
  const db = await createTestDatabase();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nhac-han-mailbox-'));
  const mailbox = await startMailbox({ dir, port: 0 });
  const mailer = createMailer(mailbox.url, 'Nhắc Hạn <nhac-han@test.local>', { pool: false });
  const smsLines: string[] = [];
  const sms = createSmsProvider(
    { provider: 'log' },
    { log: { info: (m, f) => smsLines.push(`${m} ${JSON.stringify(f ?? {})}`) } },
  );
  return {
    db,
    mailbox,
    smsLines,
    deps: testActivityDeps(db.prisma, mailer, { sms }),
    async close() {
      mailer.close();
      await mailbox.stop();
      await db.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
