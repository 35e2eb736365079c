/**
 * Every SMS kind, for the longest agency name, obligation title and campaign name in the seed plans and a short link
 * on a long provincial host, fits one GSM-7 segment without diacritics and two UCS-2 segments with them.
 * `report-ready` goes to the coordinator with the report page's full address (no short link) and is left out.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parsePlanText } from '../../src/domain/plan-file';
import type { Plan } from '../../src/domain/plan-schema';
import { fitSms } from '../../src/domain/sms-fit';
import { smsSegments } from '../../src/domain/sms-text';
import { loadTemplates, MESSAGE_KINDS, type MessageContextInput } from '../../src/notify/template-renderer';

const PLANS_DIR = path.join(__dirname, '..', '..', 'plans');
const plans: Plan[] = fs
  .readdirSync(PLANS_DIR)
  .filter((f) => /\.ya?ml$/.test(f))
  .map((f) => {
    const r = parsePlanText(fs.readFileSync(path.join(PLANS_DIR, f), 'utf8'));
    if (!r.ok) throw new Error(f);
    return r.plan;
  });
const longest = (values: string[]) => values.reduce((a, b) => (b.length > a.length ? b : a), '');

const agencyName = longest(plans.flatMap((p) => p.agencies.map((a) => a.name)));
const obligationTitle = longest(plans.flatMap((p) => p.obligations.map((o) => o.title)));
const campaignName = longest(plans.flatMap((p) => p.campaigns.map((c) => c.name)));
// A short link on a long provincial host (35 characters before the path).
const shortLink = 'https://nhachan.thuathienhue.gov.vn/l/Ab3dE5gH';

const context: MessageContextInput = {
  planTitle: plans[0]?.title ?? 'Kế hoạch',
  obligationTitle,
  agencyName,
  dueDate: '2020-12-31',
  daysLeft: -10,
  submitUrl: shortLink,
  coordinatorName: agencyName,
  campaignName,
  campaignStart: '2020-11-15',
  campaignEnd: '2020-12-15',
  newDueDate: '2020-12-31',
  reason: 'Chờ số liệu',
  receivedAt: '2020-12-30T09:05:00+07:00',
  reportUrl: 'https://nhachan.thuathienhue.gov.vn/api/reports/6f1c2a9e-2b7d-4c55-9d0e-4a8b1f3c7e21',
  submittedCount: 118,
  agencyCount: 120,
  items: [{ obligationTitle, dueDate: '2020-12-31', daysLeft: 10, submitUrl: shortLink }],
};

describe('SMS segment budget', () => {
  const templates = loadTemplates();

  test('the seeds hold long names (the test is about them)', () => {
    expect(agencyName.length).toBeGreaterThan(100);
    expect(obligationTitle.length).toBeGreaterThan(100);
    expect(campaignName.length).toBeGreaterThan(40);
  });

  test.each(MESSAGE_KINDS.filter((k) => k !== 'report-ready'))(
    '%s: 1 GSM-7 segment without diacritics, 2 UCS-2 with',
    (kind) => {
      const plain = templates.renderSms(kind, context, { withoutDiacritics: true });
      expect(plain).toMatchObject({ encoding: 'GSM-7', segments: 1 });
      const marked = templates.renderSms(kind, context);
      expect(marked.encoding).toBe('UCS-2');
      expect(marked.segments).toBeLessThanOrEqual(2);
      expect(smsSegments(marked.text)).toBe(marked.segments);
      // The link is never cut; the names are shortened from the end, with an ellipsis.
      if (/submitUrl/.test(fs.readFileSync(path.join(templates.dir, 'sms', `${kind}.hbs`), 'utf8'))) {
        expect(plain.text).toContain(shortLink);
        expect(marked.text).toContain(shortLink);
      }
      expect(marked.text).toMatch(/^\[Nhắc Hạn\] /);
    },
  );
});

describe('fitSms', () => {
  const render = (n: { agencyName?: string; obligationTitle?: string }) =>
    `[X] ${n.agencyName ?? ''}: ${n.obligationTitle ?? ''} https://x.vn/l/abcdefgh`;

  test('a text within budget is untouched', () => {
    const r = fitSms(render, { agencyName: 'Sở Y tế (cơ quan thường trực)', obligationTitle: 'Báo cáo' }, 1, '...');
    expect(r).toEqual({
      text: '[X] Sở Y tế (cơ quan thường trực): Báo cáo https://x.vn/l/abcdefgh',
      segments: 1,
      fits: true,
    });
  });

  test('drops the parenthesis first, then words of the longest name, with an ellipsis', () => {
    const agency = 'Sở Lao động - Thương binh và Xã hội (cơ quan thường trực Ban Vì sự tiến bộ của phụ nữ tỉnh)';
    const title = 'Báo cáo 6 tháng kết quả thực hiện công tác bình đẳng giới và vì sự tiến bộ của phụ nữ';
    const r = fitSms(render, { agencyName: agency, obligationTitle: title }, 2, '…');
    expect(r.fits).toBe(true);
    expect(r.text).not.toContain('(');
    expect(r.text).toMatch(
      /^\[X\] Sở Lao động - Thương binh và Xã hội: Báo cáo 6 tháng .+… https:\/\/x\.vn\/l\/abcdefgh$/,
    );
  });

  test('says so when the fixed words alone are over budget', () => {
    const r = fitSms(() => 'x'.repeat(200), { agencyName: 'A B C D' }, 1, '...');
    expect(r).toMatchObject({ fits: false, segments: 2 });
  });
});
