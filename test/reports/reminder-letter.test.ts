/**
 * The công văn đôn đốc: the DOCX draft is read back with mammoth and holds the parts of the Nghị định 30/2020 format
 * (national heading, issuing body under its governing body, number and date left blank, "V/v", "Kính gửi:", the
 * overdue reports with their deadlines, "Nơi nhận:", the signer); it downloads from the API for all late agencies
 * or one; and the coordinator's alert at the plan's last escalation step carries it, over real SMTP.
 */
import mammoth from 'mammoth';
import type { PlanInput } from '../../src/domain/plan-schema';
import { createTestActivities, seedPlan, startTestSmtp, testPlan, type TestSmtp } from '../notify/notify-fixtures';
import { startWebApp, type WebTestApp } from '../support/web-app';

jest.setTimeout(120_000);

let web: WebTestApp;
let smtp: TestSmtp;

beforeAll(async () => {
  web = await startWebApp();
  smtp = await startTestSmtp();
});

afterAll(async () => {
  await smtp?.stop();
  await web?.close();
});

const textOf = async (docx: Buffer) => (await mammoth.extractRawText({ buffer: docx })).value;

function letterPlan(code: string): PlanInput {
  const base = testPlan({ code });
  return {
    ...base,
    committee: 'UBND',
    agencies: [
      ...base.agencies,
      {
        code: 'UBND',
        name: 'Ủy ban nhân dân tỉnh Quảng Nam',
        kind: 'committee',
        contacts: [{ role: 'head', email: 'ubnd@qna.test.vn' }],
      },
      {
        code: 'SGD',
        name: 'Sở Giáo dục và Đào tạo',
        kind: 'department',
        contacts: [{ role: 'focal', email: 'dau-moi@sgd.test.vn' }],
      },
    ],
    obligations: [
      {
        id: 'bao-cao-nam',
        title: 'Báo cáo năm về bình đẳng giới',
        from: ['SYT', 'SGD'],
        to: 'SNV',
        due: { type: 'once', date: '2027-06-10' },
      },
      {
        id: 'bao-cao-quy',
        title: 'Báo cáo quý II',
        from: ['SYT'],
        to: 'SNV',
        due: { type: 'once', date: '2027-06-15' },
      },
    ],
    policy: {
      channels: ['email'],
      escalation: [
        { after: 'P1D', notify: ['head'] },
        { after: 'P5D', notify: ['coordinator'] },
      ],
    },
  };
}

async function lateEverywhere(code: string) {
  const { items } = await seedPlan(web.t.db.prisma, letterPlan(code));
  await web.t.db.prisma.assignment.updateMany({ where: { planCode: code }, data: { state: 'overdue' } });
  return items;
}

test('one letter to every late agency, or one per agency, from the API; the parts of the format are there', async () => {
  await lateEverywhere('CV');
  const viewer = await web.signedIn('viewer');
  const get = (query = '') =>
    fetch(`${web.url}/api/plans/CV/years/2027/reminder-letter${query}`, { headers: { cookie: viewer.cookie } });

  const all = await get();
  expect(all.status).toBe(200);
  expect(all.headers.get('content-type')).toBe(
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  );
  expect(all.headers.get('content-disposition')).toContain('cong-van-don-doc-CV-2027-cac-co-quan.docx');
  const text = await textOf(Buffer.from(await all.arrayBuffer()));
  for (const part of [
    'ỦY BAN NHÂN DÂN TỈNH QUẢNG NAM',
    'SỞ NỘI VỤ',
    'Số: …/…',
    'V/v đôn đốc gửi báo cáo thực hiện Kế hoạch thực hiện bình đẳng giới năm 2027',
    'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
    'Độc lập - Tự do - Hạnh phúc',
    'Quảng Nam, ngày … tháng … năm …',
    'Kính gửi:',
    '- Sở Y tế;',
    '- Sở Giáo dục và Đào tạo.',
    'các cơ quan, đơn vị sau chưa gửi báo cáo:',
    '- Báo cáo năm về bình đẳng giới, hạn ngày 10/6/2027',
    '- Báo cáo quý II, hạn ngày 15/6/2027',
    'Nơi nhận:',
    '- Như trên;',
    '- Ủy ban nhân dân tỉnh Quảng Nam (để b/c);',
    '- Lưu: VT, … .',
    'GIÁM ĐỐC',
  ]) {
    expect(text).toContain(part);
  }
  // The national heading comes before "Kính gửi", the reports after it, the signer last.
  expect(text.indexOf('CỘNG HÒA')).toBeLessThan(text.indexOf('Kính gửi:'));
  expect(text.indexOf('Kính gửi:')).toBeLessThan(text.indexOf('Báo cáo quý II, hạn'));
  expect(text.indexOf('Nơi nhận:')).toBeGreaterThan(text.indexOf('chỉ đạo thực hiện./.'));

  const one = await textOf(Buffer.from(await (await get('?agency=SGD')).arrayBuffer()));
  expect(one).toContain('Kính gửi: Sở Giáo dục và Đào tạo.');
  expect(one).toContain('Sở Giáo dục và Đào tạo chưa gửi các báo cáo sau:');
  expect(one).not.toContain('Sở Y tế');
  expect(one).not.toContain('Báo cáo quý II');

  expect((await get('?agency=SNV')).status).toBe(404);
  expect((await get('?agency=bad code')).status).toBe(422);
});

test("the coordinator's alert at the last escalation step carries the letter; earlier steps do not", async () => {
  const items = await lateEverywhere('CVM');
  const item = items.find((i) => i.agency === 'SYT' && i.obligation === 'bao-cao-nam')!;
  const { activities, close } = createTestActivities(
    web.t.db.prisma,
    smtp.url,
    () => new Date('2027-06-17T09:00:00+07:00'),
  );
  try {
    const escalate = (step: string, notify: ('head' | 'coordinator')[]) =>
      activities.sendEscalation({ assignmentId: item.id, revision: 0, step, notify, dueAt: item.dueAt });
    await escalate('escalation:1', ['head', 'coordinator']);
    const early = smtp.received.find((m) => m.envelopeTo.includes('dieu-phoi@snv.test.vn'));
    expect(early?.parsed.attachments).toEqual([]);

    await escalate('escalation:2', ['coordinator']);
    const alerts = smtp.received.filter((m) => m.envelopeTo.includes('dieu-phoi@snv.test.vn'));
    const last = alerts.at(-1)!;
    expect(alerts).toHaveLength(2);
    expect(last.parsed.attachments.map((a) => a.filename)).toEqual(['cong-van-don-doc-SYT-2027.docx']);
    const letter = await textOf(last.parsed.attachments[0]!.content);
    expect(letter).toContain('Kính gửi: Sở Y tế.');
    // Every report the agency still owes that year, each with its deadline and days late.
    expect(letter).toContain('- Báo cáo năm về bình đẳng giới, hạn ngày 10/6/2027 (quá hạn 7 ngày);');
    expect(letter).toContain('- Báo cáo quý II, hạn ngày 15/6/2027 (quá hạn 2 ngày).');
  } finally {
    close();
  }
});
