/**
 * Server-rendered pages: Handlebars views in `templates/web/`, compiled once. `{{…}}` escapes HTML; views never use
 * triple braces. Every page is wrapped in `layout.hbs` (one small stylesheet, no script bundle).
 */
import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { defaultTemplatesDir } from '../notify/template-renderer';

export const STATE_LABELS: Record<string, string> = {
  pending: 'Chờ nộp',
  submitted: 'Đã nộp',
  late: 'Nộp muộn',
  overdue: 'Quá hạn',
  escalated: 'Đã đôn đốc',
  excused: 'Được miễn',
};

const ROLE_LABELS: Record<string, string> = { admin: 'Quản trị', coordinator: 'Điều phối', viewer: 'Xem' };

/** Names the history page shows for message kinds, channels, outbox statuses and event types. */
export const TERM_LABELS: Record<string, string> = {
  upcoming: 'Nhắc trước hạn',
  'due-today': 'Nhắc đến hạn hôm nay',
  overdue: 'Báo quá hạn',
  'escalation-head': 'Báo lãnh đạo cơ quan',
  'escalation-coordinator': 'Báo cơ quan điều phối',
  'extension-granted': 'Thông báo gia hạn',
  'submission-receipt': 'Xác nhận đã nhận báo cáo',
  'campaign-notice': 'Thông báo chuẩn bị đợt cao điểm',
  'campaign-kickoff': 'Thông báo khởi động',
  'campaign-reminder': 'Nhắc giữa đợt',
  'report-ready': 'Báo cáo tổng hợp',
  'delivery-failed': 'Báo lỗi gửi tin',
  digest: 'Thư tổng hợp trong ngày',
  email: 'Thư điện tử',
  sms: 'Tin nhắn SMS',
  web: 'Trang nộp báo cáo',
  cli: 'Dòng lệnh',
  paper: 'Bản giấy',
  link: 'Đường dẫn của cơ quan',
  pending: 'Chờ gửi',
  sending: 'Đang gửi',
  sent: 'Đã gửi',
  failed: 'Lỗi',
  reminder: 'Nhắc hạn',
  escalation: 'Báo cáo vượt cấp',
  submission: 'Nộp báo cáo',
  remind: 'Nhắc ngay',
  extend: 'Gia hạn',
  excuse: 'Miễn nghĩa vụ',
  'paper-submission': 'Ghi nhận bản giấy',
  'revoke-link': 'Thu hồi đường dẫn',
  submit: 'Nộp báo cáo',
  'plan-apply': 'Áp dụng kế hoạch',
  'sign-in': 'Đăng nhập',
  'sign-in-failed': 'Đăng nhập không thành công',
  'sign-out': 'Đăng xuất',
};

/** `state:overdue` → "Trạng thái: Quá hạn"; a known term → its Vietnamese name; anything else as it is. */
export function termLabel(value: unknown): string {
  const s = typeof value === 'string' ? value : '';
  if (s.startsWith('state:')) return `Trạng thái: ${STATE_LABELS[s.slice(6)] ?? s.slice(6)}`;
  return TERM_LABELS[s] ?? s;
}

function viDate(iso: unknown): string {
  if (typeof iso !== 'string' || iso.length < 10) return '';
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${Number(d)}/${Number(m)}/${y}`;
}

function viDateTime(iso: unknown): string {
  if (typeof iso !== 'string') return '';
  const t = new Date(Date.parse(iso) + 7 * 3600_000).toISOString();
  return `${t.slice(11, 16)} ${viDate(t)}`;
}

export type Render = (view: string, data: Record<string, unknown>) => string;

export function loadViews(dir = path.join(defaultTemplatesDir(), 'web')): Render {
  const hb = Handlebars.create();
  hb.registerHelper('viDate', viDate);
  hb.registerHelper('viDateTime', viDateTime);
  hb.registerHelper('stateLabel', (s: unknown) => STATE_LABELS[String(s)] ?? String(s));
  hb.registerHelper('roleLabel', (s: unknown) => ROLE_LABELS[String(s)] ?? String(s));
  hb.registerHelper('term', termLabel);
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hb.registerHelper('json', (v: unknown) => (v === null || v === undefined ? '' : JSON.stringify(v)));
  hb.registerPartial('layout', fs.readFileSync(path.join(dir, 'layout.hbs'), 'utf8'));
  const views = new Map<string, HandlebarsTemplateDelegate>();
  for (const f of fs.readdirSync(dir)) {
    if (f.endsWith('.hbs') && f !== 'layout.hbs')
      views.set(f.replace(/\.hbs$/, ''), hb.compile(fs.readFileSync(path.join(dir, f), 'utf8'), { strict: false }));
  }
  return (view, data) => {
    const t = views.get(view);
    if (!t) throw new Error(`no view ${view}`);
    return t(data);
  };
}
