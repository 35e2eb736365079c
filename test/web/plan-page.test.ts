/**
 * A plan's own page (GET /plans/:code) over real HTTP, with the real PostgreSQL and Temporal dev server: the Lạng Sơn
 * seed plan applied from its file, then again with one deadline moved. The page says each obligation's rule in words,
 * lists its campaign, indicators and agencies with contacts (addresses for its coordinator, not for a viewer), and
 * what changed at each apply, newest first.
 */
import fs from 'node:fs';
import path from 'node:path';
import { applyPlanText } from '../../src/services/plan-queries';
import { startWebApp, type WebTestApp } from '../support/web-app';

const CODE = 'LS-BDG-2017-2020';
const file = path.join(__dirname, '..', '..', 'plans', 'lang-son-bdg-2017-2020.yaml');

let w: WebTestApp;

beforeAll(async () => {
  w = await startWebApp();
}, 180_000);

afterAll(async () => {
  await w?.close();
});

const textOf = (html: string, id: string) => {
  const m = new RegExp(`<(tr|section|p)[^>]* id="${id}"[^>]*>([\\s\\S]*?)</\\1>`).exec(html);
  return (m?.[2] ?? '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x2F;/g, '/')
    .replace(/\s+/g, ' ')
    .trim();
};

async function page(cookie: string) {
  const res = await fetch(`${w.url}/plans/${CODE}`, { headers: { cookie } });
  expect(res.status).toBe(200);
  return res.text();
}

test('obligations with rules in words, campaigns, indicators, agencies with contacts, and each apply', async () => {
  const deps = { prisma: w.t.db.prisma, temporal: w.client, taskQueue: w.taskQueue, now: () => new Date() };
  const text = fs.readFileSync(file, 'utf8');
  await applyPlanText(deps, text, 'admin-1@so-noi-vu.test');
  const moved = text.replace('due: { type: yearly, date: 10/12 }', 'due: { type: yearly, date: 12/12 }');
  expect(moved).not.toBe(text);
  await applyPlanText(deps, moved, 'admin-2@so-noi-vu.test');

  const coordinator = await w.signedIn('coordinator', [CODE]);
  const html = await page(coordinator.cookie);
  expect(textOf(html, 'obligation-bao-cao-nam')).toMatch(
    /Báo cáo năm .* chậm nhất ngày 12\/12 hằng năm; nhắc trước 7, 3 và 1 ngày/,
  );
  expect(textOf(html, 'obligation-bao-cao-so-ket')).toContain(
    'chậm nhất ngày 31/10 năm 2018; nhắc trước 7, 3 và 1 ngày',
  );
  expect(textOf(html, 'policy')).toContain(
    'Đôn đốc: quá hạn 1 ngày làm việc báo cán bộ đầu mối và lãnh đạo cơ quan; 3 ngày làm việc báo cơ quan điều phối; 7 ngày làm việc báo UBND tỉnh.',
  );
  expect(textOf(html, 'campaign-thang-hanh-dong')).toMatch(
    /^Tháng hành động vì bình đẳng giới .* 15\/11–15\/12 hằng năm .* thông báo trước 14 ngày/,
  );
  expect(textOf(html, 'indicator-MT1-CT1')).toMatch(/^MT1-CT1 .* % — 2020: 25 Sở Nội vụ Một số liệu chung của tỉnh$/);
  expect(textOf(html, 'agency-SKHDT')).toBe(
    'SKHDT Sở Kế hoạch và Đầu tư Sở, ban, ngành Cán bộ đầu mối · dau-moi@skhdt.langson.example.vn',
  );

  // What changed at each apply, newest first: the moved deadline, then the plan's creation.
  const history = textOf(html, 'history');
  expect(history).toMatch(
    /^Các lần áp dụng .* – admin-2@so-noi-vu\.test: cập nhật; 0 lượt báo cáo thêm, \d+ dời hạn, 0 đổi lịch nhắc; cơ quan: 0 thêm, 0 sửa, 0 bỏ; 0 quy trình mới\. 1 thay đổi Trường Thay đổi Trước Sau obligations\[bao-cao-nam\]\.due\.date Sửa 10\/12 12\/12 .* – admin-1@so-noi-vu\.test: tạo kế hoạch; \d+ lượt báo cáo thêm/,
  );
  const stored = await w.t.db.prisma.agency.count({ where: { planCode: CODE } });
  expect(history).toContain(`cơ quan: ${stored} thêm, 0 sửa, 0 bỏ`);

  // A viewer sees who the contacts are, not their addresses.
  const viewer = await w.signedIn('viewer');
  const seen = await page(viewer.cookie);
  expect(textOf(seen, 'agency-SKHDT')).toBe('SKHDT Sở Kế hoạch và Đầu tư Sở, ban, ngành Cán bộ đầu mối');
  expect(seen).not.toContain('@skhdt.langson.example.vn');
  expect(seen).toContain('Địa chỉ liên hệ chỉ hiện cho người điều phối kế hoạch.');
}, 120_000);
