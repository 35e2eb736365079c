import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  loadTemplates,
  MESSAGE_KINDS,
  MessageContextError,
  TemplateLoadError,
  TemplateRenderError,
  type MessageContextInput,
  type MessageKind,
  type TemplateSet,
} from '../../src/notify/template-renderer';

const TEMPLATES = path.resolve(__dirname, '../../templates');

const full: MessageContextInput = {
  planTitle: 'Kế hoạch thực hiện Chiến lược quốc gia về bình đẳng giới giai đoạn 2021–2030',
  planDocument: '45/KH-UBND',
  obligationTitle: 'Báo cáo 6 tháng đầu năm về công tác bình đẳng giới',
  agencyName: 'Sở Y tế',
  dueDate: '2020-06-10',
  daysLeft: 3,
  submitUrl: 'https://nhachan.example.gov.vn/s/tok.Abc-123',
  periodLabel: 'từ 15/12/2019 đến 14/6/2020',
  coordinatorName: 'Sở Nội vụ tỉnh Quảng Nam',
  campaignName: 'Tháng hành động vì bình đẳng giới và phòng, chống bạo lực trên cơ sở giới',
  campaignStart: '2020-11-15',
  campaignEnd: '2020-12-15',
  newDueDate: '2020-06-20',
  reason: 'Chờ số liệu của các xã',
  receivedAt: '2020-06-09T07:05:00Z',
  overdueAgencies: ['Sở Giáo dục và Đào tạo', 'UBND xã Tam Xuân'],
  reportUrl: 'https://nhachan.example.gov.vn/r/2020-h1',
  submittedCount: 18,
  agencyCount: 20,
  remindersSent: 3,
  items: [
    {
      obligationTitle: 'Báo cáo 6 tháng đầu năm về công tác bình đẳng giới',
      dueDate: '2020-06-10',
      daysLeft: 3,
      submitUrl: 'https://nhachan.example.gov.vn/s/tok.Abc-123',
    },
    {
      obligationTitle: 'Báo cáo kết quả Tháng hành động',
      dueDate: '2020-06-12',
      daysLeft: 5,
      submitUrl: 'https://nhachan.example.gov.vn/s/tok.Def-456',
    },
  ],
};

// What each kind must say, beyond the plan, the obligation and the signature that all of them carry.
const EXPECTED: Record<MessageKind, { email: string[]; sms: string[] }> = {
  upcoming: {
    email: [
      'Kính gửi: Sở Y tế',
      'thứ Tư, ngày 10/6/2020',
      'còn 3 ngày',
      'từ 15/12/2019 đến 14/6/2020',
      'Đề nghị quý cơ quan',
    ],
    sms: ['Sở Y tế', 'hạn 10/6', 'còn 3 ngày', full.submitUrl!],
  },
  'due-today': {
    email: ['Kính gửi: Sở Y tế', 'Hôm nay, thứ Tư, ngày 10/6/2020, là hạn cuối', 'Đề nghị quý cơ quan'],
    sms: ['hôm nay (10/6) là hạn cuối', full.submitUrl!],
  },
  overdue: {
    email: ['Kính gửi: Sở Y tế', 'thứ Tư, ngày 10/6/2020', 'Đề nghị quý cơ quan khẩn trương'],
    sms: ['Sở Y tế', 'hạn 10/6', full.submitUrl!],
  },
  'escalation-head': {
    email: ['Kính gửi: Thủ trưởng Sở Y tế', 'đã 3 lần nhắc', 'Đề nghị Thủ trưởng quý cơ quan chỉ đạo'],
    sms: ['Thủ trưởng Sở Y tế', 'hạn 10/6'],
  },
  'escalation-coordinator': {
    email: ['Kính gửi: Sở Nội vụ tỉnh Quảng Nam', 'Sở Y tế', 'chưa gửi báo cáo', 'Đề nghị quý cơ quan xem xét'],
    sms: ['Sở Y tế chưa gửi', 'hạn 10/6'],
  },
  'extension-granted': {
    email: ['Kính gửi: Sở Y tế', 'Thời hạn trước đây', 'thứ Bảy, ngày 20/6/2020', 'Chờ số liệu của các xã'],
    sms: ['gia hạn đến 20/6', full.submitUrl!],
  },
  'submission-receipt': {
    email: ['Kính gửi: Sở Y tế', '14 giờ 05 phút, thứ Ba, ngày 9/6/2020', 'trong thời hạn'],
    sms: ['Đã nhận', '14 giờ 05 phút'],
  },
  'campaign-notice': {
    email: [
      'Kính gửi: Sở Y tế',
      full.campaignName!,
      'Chủ nhật, ngày 15/11/2020',
      'thứ Ba, ngày 15/12/2020',
      'xây dựng kế hoạch',
    ],
    sms: ['15/11–15/12', 'gửi kế hoạch trước 10/6'],
  },
  'campaign-kickoff': {
    email: [
      'Kính gửi: Sở Y tế',
      full.campaignName!,
      'bắt đầu từ Chủ nhật, ngày 15/11/2020',
      'Đề nghị quý cơ quan triển khai',
    ],
    sms: ['bắt đầu 15/11', 'kết thúc 15/12'],
  },
  'campaign-reminder': {
    email: ['Kính gửi: Sở Y tế', full.campaignName!, 'đang diễn ra'],
    sms: ['trước 10/6', 'còn 3 ngày'],
  },
  'report-ready': {
    email: [
      'Kính gửi: Sở Nội vụ tỉnh Quảng Nam',
      'đã sẵn sàng',
      '18/20',
      'Sở Giáo dục và Đào tạo',
      'UBND xã Tam Xuân',
      full.reportUrl!,
    ],
    sms: ['đã sẵn sàng', '18/20', full.reportUrl!],
  },
  digest: {
    email: [
      'Kính gửi: Sở Y tế',
      '2 báo cáo',
      'Báo cáo kết quả Tháng hành động',
      'thứ Sáu, ngày 12/6/2020 (còn 5 ngày)',
      'https://nhachan.example.gov.vn/s/tok.Def-456',
    ],
    sms: ['Sở Y tế', '2 báo cáo', 'hạn 10/6', 'thư điện tử'],
  },
};

// Handlebars escapes "=" too; a browser reads either form the same way.
const decodeHtml = (html: string) =>
  html
    .replace(/&#x3D;/g, '=')
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'");
const htmlToText = (html: string) => decodeHtml(html.replace(/<[^>]+>/g, '').replace(/\s+/g, ' '));

describe('the repository templates', () => {
  let templates: TemplateSet;
  beforeAll(() => {
    templates = loadTemplates();
  });

  test('are found without naming the directory', () => {
    expect(templates.dir).toBe(TEMPLATES);
  });

  describe.each(MESSAGE_KINDS)('%s', (kind) => {
    test('email: subject, text and HTML name the plan, obligation, dates and link, with diacritics intact', () => {
      const { subject, text, html } = templates.renderEmail(kind, full);
      expect(subject).not.toMatch(/\n|\s{2}/);
      expect(subject.length).toBeGreaterThan(10);
      expect(decodeHtml(html)).toContain(`href="${kind === 'report-ready' ? full.reportUrl : full.submitUrl}"`);
      for (const body of [text, htmlToText(html)]) {
        expect(body).toContain(full.planTitle);
        expect(body).toContain('45/KH-UBND');
        expect(body).toContain(full.obligationTitle);
        expect(body).toContain('thứ Tư, ngày 10/6/2020');
        expect(body).toContain('Hệ thống Nhắc Hạn – Sở Nội vụ tỉnh Quảng Nam');
        if (kind !== 'report-ready') {
          expect(body).toContain('Sở Y tế');
          expect(body).toContain(full.submitUrl);
        }
        for (const phrase of EXPECTED[kind].email) expect(body).toContain(phrase);
        expect(body).not.toMatch(/undefined|null|\[object Object\]|{{|}}/);
      }
      expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="vi">/);
      expect(html).toContain('<meta charset="utf-8">');
      expect(html).toContain(`<title>${subject.replace(/&/g, '&amp;').replace(/=/g, '&#x3D;')}</title>`);
      expect(text).not.toMatch(/<[a-z]/i);
      expect(text).not.toMatch(/\n{3}/);
    });

    test('SMS: with and without diacritics', () => {
      const sms = templates.renderSms(kind, full);
      for (const phrase of EXPECTED[kind].sms) expect(sms.text).toContain(phrase);
      expect(sms.text).toMatch(/^\[Nhắc Hạn\] /);
      expect(sms.text).not.toMatch(/\s{2}|\n/);
      expect(sms.encoding).toBe('UCS-2');

      const plain = templates.renderSms(kind, full, { withoutDiacritics: true });
      expect(plain.text).toMatch(/^\[Nhac Han\] /);
      expect(plain.encoding).toBe('GSM-7');
      expect(plain.segments).toBeLessThanOrEqual(sms.segments);
      expect(plain.segments).toBeLessThanOrEqual(2);
    });

    test('renders with only the fields the kind requires', () => {
      const minimal = minimalContext(kind);
      const { text, html } = templates.renderEmail(kind, minimal);
      expect(text).not.toMatch(/undefined|null|Kỳ báo cáo|số 45/);
      expect(text).not.toMatch(/\n{3}/);
      expect(html).not.toMatch(/undefined|null|href=""/);
      expect(templates.renderSms(kind, minimal).text).not.toMatch(/undefined|null/);
    });
  });

  test('the upcoming reminder reads in full as expected', () => {
    const { subject, text } = templates.renderEmail('upcoming', full);
    expect(subject).toMatchInlineSnapshot(
      `"[Nhắc hạn] Báo cáo 6 tháng đầu năm về công tác bình đẳng giới – hạn gửi 10/6/2020 (còn 3 ngày)"`,
    );
    expect(text).toMatchInlineSnapshot(`
     "Kính gửi: Sở Y tế

     Thực hiện Kế hoạch thực hiện Chiến lược quốc gia về bình đẳng giới giai đoạn 2021–2030 (số 45/KH-UBND), Hệ thống Nhắc Hạn trân trọng nhắc quý cơ quan về thời hạn gửi báo cáo sau, hiện còn 3 ngày:

     - Kế hoạch: Kế hoạch thực hiện Chiến lược quốc gia về bình đẳng giới giai đoạn 2021–2030 (số 45/KH-UBND)
     - Nội dung: Báo cáo 6 tháng đầu năm về công tác bình đẳng giới
     - Kỳ báo cáo: từ 15/12/2019 đến 14/6/2020
     - Cơ quan thực hiện: Sở Y tế
     - Thời hạn gửi: thứ Tư, ngày 10/6/2020 (còn 3 ngày)

     Đề nghị quý cơ quan hoàn thành và gửi báo cáo trước thứ Tư, ngày 10/6/2020.

     Trang nộp báo cáo của Sở Y tế:
     https://nhachan.example.gov.vn/s/tok.Abc-123

     Trân trọng,
     Hệ thống Nhắc Hạn – Sở Nội vụ tỉnh Quảng Nam
     "
    `);
    expect(templates.renderSms('upcoming', full, { withoutDiacritics: true })).toMatchInlineSnapshot(`
     {
       "encoding": "GSM-7",
       "segments": 1,
       "text": "[Nhac Han] So Y te: Bao cao 6 thang dau nam ve cong tac binh dang gioi, han 10/6 (con 3 ngay). https://nhachan.example.gov.vn/s/tok.Abc-123",
     }
    `);
  });

  test('HTML escapes the data; text and SMS keep it as written', () => {
    const ctx = { ...full, agencyName: 'Phòng <b>A</b> & "B"' };
    const { subject, text, html } = templates.renderEmail('upcoming', ctx);
    expect(html).toContain('Phòng &lt;b&gt;A&lt;/b&gt; &amp; &quot;B&quot;');
    expect(html).not.toContain('<b>A</b>');
    expect(text).toContain('Kính gửi: Phòng <b>A</b> & "B"');
    expect(subject).not.toContain('&amp;');
    expect(templates.renderSms('upcoming', ctx).text).toContain('Phòng <b>A</b> & "B"');
  });

  test('an overdue submission is acknowledged as late', () => {
    const { text } = templates.renderEmail('submission-receipt', { ...full, daysLeft: -2 });
    expect(text).toContain('Báo cáo được nhận sau thời hạn (quá hạn 2 ngày).');
  });

  test('daysLeft is written the Vietnamese way in every state', () => {
    expect(templates.renderEmail('overdue', { ...full, daysLeft: -4 }).subject).toBe(
      '[Quá hạn] Báo cáo 6 tháng đầu năm về công tác bình đẳng giới – Sở Y tế (quá hạn 4 ngày)',
    );
    expect(templates.renderEmail('upcoming', { ...full, daysLeft: 0 }).subject).toBe(
      '[Nhắc hạn] Báo cáo 6 tháng đầu năm về công tác bình đẳng giới – hạn gửi 10/6/2020 (hôm nay là hạn cuối)',
    );
  });

  test('invalid data is refused with every problem named', () => {
    const bad = { ...full, dueDate: '10/6/2020', submitUrl: 'javascript:alert(1)', daysLeft: 1.5, agencyNmae: 'x' };
    expect(() => templates.renderEmail('upcoming', bad as MessageContextInput)).toThrow(MessageContextError);
    expect(() => templates.renderEmail('upcoming', bad as MessageContextInput)).toThrowErrorMatchingInlineSnapshot(`
"Dữ liệu thông báo "upcoming" không hợp lệ / invalid data for message "upcoming":
  - dueDate: phải là ngày dạng YYYY-MM-DD / must be a date YYYY-MM-DD
  - daysLeft: Invalid input: expected int, received number
  - submitUrl: phải là đường dẫn http(s) / must be an http(s) URL
  - (context): Unrecognized key: "agencyNmae""
`);
  });

  test('a kind refuses data without the fields it needs', () => {
    const { newDueDate: _n, ...noNewDate } = full;
    expect(() => templates.renderEmail('extension-granted', noNewDate)).toThrowErrorMatchingInlineSnapshot(`
"Dữ liệu thông báo "extension-granted" không hợp lệ / invalid data for message "extension-granted":
  - newDueDate: bắt buộc với loại "extension-granted" / required for "extension-granted""
`);
    const { reportUrl: _r, ...noReport } = full;
    expect(() => templates.renderSms('report-ready', noReport)).toThrow('reportUrl: bắt buộc');
    expect(() => templates.renderEmail('no-such-kind' as MessageKind, full)).toThrow('unknown kind');
  });
});

function minimalContext(kind: MessageKind): MessageContextInput {
  const base: MessageContextInput = {
    planTitle: full.planTitle,
    obligationTitle: full.obligationTitle,
    dueDate: full.dueDate,
    daysLeft: full.daysLeft,
    coordinatorName: full.coordinatorName,
  };
  const required: Record<MessageKind, (keyof MessageContextInput)[]> = {
    upcoming: ['agencyName'],
    'due-today': ['agencyName'],
    overdue: ['agencyName'],
    'escalation-head': ['agencyName'],
    'escalation-coordinator': ['agencyName'],
    'extension-granted': ['agencyName', 'newDueDate'],
    'submission-receipt': ['agencyName', 'receivedAt'],
    'campaign-notice': ['agencyName', 'campaignName', 'campaignStart', 'campaignEnd'],
    'campaign-kickoff': ['agencyName', 'campaignName', 'campaignStart', 'campaignEnd'],
    'campaign-reminder': ['agencyName', 'campaignName', 'campaignStart', 'campaignEnd'],
    'report-ready': ['reportUrl'],
    digest: ['agencyName', 'items'],
  };
  return Object.assign(base, Object.fromEntries(required[kind].map((key) => [key, full[key]])));
}

describe('loading a broken templates directory', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nhac-han-templates-'));
    fs.cpSync(TEMPLATES, dir, { recursive: true });
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const edit = (file: string, change: (source: string) => string) => {
    const target = path.join(dir, file);
    fs.writeFileSync(target, change(fs.readFileSync(target, 'utf8')));
  };

  const loadError = (): TemplateLoadError => {
    try {
      loadTemplates(dir);
    } catch (err) {
      if (err instanceof TemplateLoadError) return err;
      throw err;
    }
    throw new Error('loadTemplates did not fail');
  };

  test('an intact copy loads', () => {
    expect(loadTemplates(dir).renderEmail('upcoming', full).subject).toContain('còn 3 ngày');
  });

  test('lists every problem in one error: missing files, syntax errors, unknown names', () => {
    fs.rmSync(path.join(dir, 'email/overdue.html.hbs'));
    fs.rmSync(path.join(dir, 'sms/report-ready.hbs'));
    edit('email/upcoming.text.hbs', (s) => s.replace('{{/if}}', ''));
    edit('email/due-today.subject.hbs', (s) => s.replace('{{agencyName}}', '{{agencyNmae}}'));
    edit('email/campaign-notice.html.hbs', (s) => s.replace('{{viDate dueDate}}', '{{viDat dueDate}}'));
    edit('sms/upcoming.hbs', (s) => s.replace('{{#if submitUrl}}', '{{#if submitUlr}}'));
    edit('email/overdue.text.hbs', (s) => s.replace('{{> details}}', '{{> detail}}'));

    const err = loadError();
    expect(err.problems.map((p) => p.file)).toEqual([
      'email/campaign-notice.html.hbs',
      'email/due-today.subject.hbs',
      'email/overdue.html.hbs',
      'email/overdue.text.hbs',
      'email/upcoming.text.hbs',
      'sms/report-ready.hbs',
      'sms/upcoming.hbs',
    ]);
    const message = err.message;
    expect(message).toContain(`could not load message templates from ${dir} (7 problems):`);
    expect(message).toContain('  - email/overdue.html.hbs: thiếu tệp / file is missing');
    expect(message).toContain('  - sms/report-ready.hbs: thiếu tệp / file is missing');
    expect(message).toContain('  - email/upcoming.text.hbs: Parse error on line');
    expect(message).toContain('  - email/due-today.subject.hbs: unknown variable "agencyNmae" on line 1 (known: ');
    expect(message).toContain(
      '  - email/campaign-notice.html.hbs: You specified knownHelpersOnly, but used the unknown helper viDat',
    );
    expect(message).toContain('  - sms/upcoming.hbs: unknown variable "submitUlr" on line 2');
    expect(message).toContain(
      '  - email/overdue.text.hbs: unknown partial "detail" on line 5 (known: details, signature, submit-link)',
    );
  });

  test('a missing layout partial is named', () => {
    fs.rmSync(path.join(dir, 'email/partials/layout.html.hbs'));
    const err = loadError();
    expect(err.problems).toContainEqual({
      file: 'email/partials/layout.html.hbs',
      message: 'thiếu tệp / file is missing',
    });
    // Every HTML body uses the layout, so each of them is reported as well.
    expect(err.problems.filter((p) => p.message.includes('unknown partial "layout"'))).toHaveLength(
      MESSAGE_KINDS.length,
    );
  });

  test('a missing directory is reported, not a stack of ENOENTs', () => {
    const err = (() => {
      try {
        loadTemplates(path.join(dir, 'nowhere'));
      } catch (e) {
        return e as TemplateLoadError;
      }
      throw new Error('did not fail');
    })();
    expect(err).toBeInstanceOf(TemplateLoadError);
    expect(err.problems).toHaveLength(MESSAGE_KINDS.length * 4 + 1);
  });

  test('an optional field printed without {{#if}} renders empty instead of failing the message', () => {
    edit('email/upcoming.subject.hbs', () => 'Gia hạn: {{reason}}|{{planDocument}}');
    const { planDocument: _p, ...withoutDocument } = full;
    expect(loadTemplates(dir).renderEmail('upcoming', withoutDocument).subject).toBe(
      'Gia hạn: Chờ số liệu của các xã|',
    );
  });

  test('text bodies lose trailing spaces and runs of blank lines that edits leave behind', () => {
    edit('email/upcoming.text.hbs', () => 'Kính gửi: {{agencyName}}   \n\n\n\n{{#if reason}}\n\n{{/if}}\nHết\n\n');
    const { reason: _r, ...withoutReason } = full;
    expect(loadTemplates(dir).renderEmail('upcoming', withoutReason).text).toBe('Kính gửi: Sở Y tế\n\nHết\n');
  });

  test('a helper given a missing value fails the render with the file named', () => {
    // Helper arguments escape the load-time check only when reached through a context-changing block.
    edit('email/upcoming.subject.hbs', () => '{{#each overdueAgencies}}{{shortDate this.when}}{{/each}}');
    const templates = loadTemplates(dir);
    expect(() => templates.renderEmail('upcoming', full)).toThrow(TemplateRenderError);
    expect(() => templates.renderEmail('upcoming', full)).toThrow(
      'could not render email/upcoming.subject.hbs: {{shortDate}} needs a string, got undefined (misspelt name?)',
    );
  });
});
