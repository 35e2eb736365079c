/**
 * compileAndSendReport against real PostgreSQL and a real SMTP server: one report and one email per trigger key,
 * with the XLSX and DOCX attached, however many times it runs.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createReportActivities } from '../../src/activities/report-activities';
import { parsePlanText } from '../../src/domain/plan-file';
import { createMailer, type Mailer } from '../../src/notify/mailer';
import { loadTemplates } from '../../src/notify/template-renderer';
import { storePlanOnly } from '../../src/services/plan-service';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTestSmtp, type TestSmtp } from '../notify/notify-fixtures';

let db: TestDatabase;
let smtp: TestSmtp;
let mailer: Mailer;
let dataDir: string;

const log = { info: () => undefined, warn: () => undefined, error: () => undefined };

beforeAll(async () => {
  db = await createTestDatabase();
  smtp = await startTestSmtp();
  mailer = createMailer(smtp.url, 'Nhắc Hạn <nhac-han@localhost>', { pool: false });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nhac-han-report-act-'));
  const r = parsePlanText(fs.readFileSync(path.resolve(__dirname, '../../plans/nghe-an-bdg-2017.yaml'), 'utf8'));
  if (!r.ok) throw new Error('seed plan invalid');
  await storePlanOnly(db.prisma, r.plan, new Date('2017-01-02T00:00:00+07:00'));
});

afterAll(async () => {
  mailer.close();
  await smtp.stop();
  await db.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function activities() {
  return createReportActivities({
    prisma: db.prisma,
    mailer,
    templates: loadTemplates(),
    links: { baseUrl: 'http://localhost:3000/' },
    dataDir,
    log,
    clock: () => new Date('2017-12-01T08:00:00+07:00'),
  });
}

it('compiles, stores and mails the report once per trigger key', async () => {
  const input = { planCode: 'NA-BDG-2017', year: 2017, trigger: 'auto' as const, triggerKey: 'cycle-2017' };
  const first = await activities().compileAndSendReport(input);
  expect(first).toMatchObject({ reportId: 'NA-BDG-2017-2017-all-cycle-2017', compiled: true, sent: 1, alreadySent: 0 });
  // A retry (or a replayed workflow) finds the report and the sent email.
  const again = await activities().compileAndSendReport(input);
  expect(again).toMatchObject({ reportId: first.reportId, compiled: false, sent: 0, alreadySent: 1, failed: 0 });
  expect(await db.prisma.compiledReport.count({ where: { id: first.reportId } })).toBe(1);
  expect(fs.readdirSync(path.join(dataDir, 'reports/NA-BDG-2017/2017')).filter((f) => !f.startsWith('.'))).toHaveLength(
    3,
  );

  expect(smtp.received).toHaveLength(1);
  const mail = smtp.received[0]?.parsed;
  expect(smtp.received[0]?.envelopeTo).toEqual(['dau-moi@sldtbxh.nghean.example.vn']);
  expect(mail?.subject).toContain('[Báo cáo tổng hợp]');
  expect(mail?.text).toContain('Kính gửi: Sở Lao động - Thương binh và Xã hội');
  expect(mail?.text).toContain(`http://localhost:3000/api/reports/${first.reportId}`);
  expect(mail?.text).toContain('UBND huyện Yên Thành');
  expect(mail?.attachments.map((a) => a.filename)).toEqual([
    'bao-cao-tong-hop-NA-BDG-2017-2017.xlsx',
    'bao-cao-tong-hop-NA-BDG-2017-2017.docx',
  ]);
  const xlsx = mail?.attachments[0]?.content;
  expect(xlsx?.subarray(0, 2).toString()).toBe('PK');

  // Another trigger key is another report and another email.
  const manual = await activities().compileAndSendReport({ ...input, trigger: 'manual', triggerKey: 'by-hand-1' });
  expect(manual).toMatchObject({ compiled: true, sent: 1 });
  expect(smtp.received).toHaveLength(2);
});

it('fails for good on an unknown plan', async () => {
  await expect(
    activities().compileAndSendReport({ planCode: 'NOPE', year: 2017, trigger: 'auto' }),
  ).rejects.toMatchObject({
    type: 'UnknownReport',
    nonRetryable: true,
    message: 'Không có kế hoạch "NOPE" / no plan "NOPE"',
  });
});
