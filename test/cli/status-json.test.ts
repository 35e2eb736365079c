/**
 * `nhac-han status --json` run as an operator runs it, against a database where one reminder went by SMS (Zalo's
 * quota was used up) and the next by Zalo: each item carries the SMS segments billed and the cost at the configured
 * prices; the failed Zalo attempt costs nothing.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { smsSegments } from '../../src/domain/sms-text';
import { createSmsProvider } from '../../src/notify/sms/create-sms-provider';
import { createZaloClient } from '../../src/notify/zalo/zalo-client';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { quietLogger } from '../support/stack';
import { startZaloServer, type ZaloServer } from '../support/zalo-server';
import { createTestActivities, seedPlan, startTestSmtp, testPlan } from '../notify/notify-fixtures';

const ROOT = path.join(__dirname, '..', '..');
const NOW = new Date('2027-06-03T01:00:00Z');
const OA = '4097311281936189049';

let db: TestDatabase;
let zalo: ZaloServer;

beforeAll(async () => {
  db = await createTestDatabase();
  zalo = await startZaloServer({
    accessToken: 'oa-token',
    templates: { '301234': ['ten_co_quan', 'han_nop'] },
    appId: '1',
    oaId: OA,
    oaSecretKey: 's',
  });
});

afterAll(async () => {
  await zalo?.close();
  await db?.drop();
});

function status(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/nhac-han.js', 'status', ...args],
      { cwd: ROOT, timeout: 120_000, env: { ...process.env, ...env } },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}

test('status --json items carry segments and costVnd', async () => {
  const plan = testPlan({
    code: 'COST',
    policy: {
      channels: ['zalo', 'sms', 'email'],
      zalo: {
        templates: { upcoming: { templateId: '301234', params: { ten_co_quan: 'agencyName', han_nop: 'dueDate' } } },
      },
    },
  });
  const { items } = await seedPlan(db.prisma, plan);
  const item = items[0]!;
  const smtp = await startTestSmtp();
  const { activities, close } = createTestActivities(db.prisma, smtp.url, () => NOW, {
    sms: createSmsProvider({ provider: 'log' }, { log: quietLogger }),
    zalo: { oaId: OA, client: createZaloClient({ accessToken: 'oa-token', baseUrl: zalo.baseUrl }) },
  });
  const remind = (step: string) =>
    activities.sendReminder({ assignmentId: item.id, revision: 0, step, kind: 'upcoming', dueAt: item.dueAt });
  try {
    zalo.setRemainingQuota(0);
    await remind('reminder:P7D'); // Zalo refuses (-144): SMS instead
    zalo.setRemainingQuota(10);
    await db.prisma.zaloQuota.deleteMany({});
    await remind('reminder:P3D'); // Zalo
  } finally {
    close();
    await smtp.stop();
  }
  const sms = await db.prisma.notification.findFirstOrThrow({ where: { assignmentId: item.id, channel: 'sms' } });
  const segments = smsSegments(sms.body);
  expect(segments).toBeGreaterThan(0);

  const run = await status(['--plan', 'COST', '--json'], {
    DATABASE_URL: db.url,
    SMS_PRICE_VND: '500',
    ZALO_PRICE_VND: '300',
    EMAIL_PRICE_VND: '7',
  });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const out = JSON.parse(run.stdout) as { items: Record<string, unknown>[] };
  expect(out.items).toEqual([
    expect.objectContaining({
      obligation: 'bao-cao-nam',
      agency: 'SYT',
      state: 'pending',
      segments,
      // SMS segments × 500, one Zalo message × 300, three emails × 7 (two reminders, the coordinator told of the
      // refused Zalo message); the refused Zalo message is not billed.
      costVnd: segments * 500 + 300 + 3 * 7,
    }),
  ]);
});
