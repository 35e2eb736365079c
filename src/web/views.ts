/**
 * Server-rendered pages: Handlebars views in `templates/web/`, compiled once. `{{…}}` escapes HTML; views never use
 * triple braces. Every page is wrapped in `layout.hbs` (one small stylesheet, no script bundle).
 */
import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { Duration, type DurationObjectUnits } from 'luxon';
import { AFTER_BREAK_STEP } from '../domain/reminder-schedule';
import { formatNumber, formatVietnameseDateTime } from '../domain/vietnamese-format';
import { labelOf } from '../domain/vietnamese-labels';
import { defaultTemplatesDir } from '../notify/template-renderer';

export const STATE_LABELS: Record<string, string> = {
  pending: 'Chờ nộp',
  submitted: 'Đã nộp',
  late: 'Nộp muộn',
  overdue: 'Quá hạn',
  escalated: 'Đã đôn đốc',
  excused: 'Được miễn',
};

const CHANGE_LABELS: Record<string, string> = { added: 'Thêm', removed: 'Bỏ', changed: 'Sửa' };

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
  zalo: 'Tin Zalo',
  'delivery:queued': 'Đang chờ',
  'delivery:accepted': 'Nhà mạng đã nhận',
  'delivery:delivered': 'Đã đến người nhận',
  'delivery:bounced': 'Bị trả lại',
  'delivery:failed': 'Không đến được',
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
  'plan-version-save': 'Lưu phiên bản kế hoạch',
  'sign-in': 'Đăng nhập',
  'sign-in-failed': 'Đăng nhập không thành công',
  'sign-out': 'Đăng xuất',
  'report-compile': 'Tổng hợp báo cáo',
  auto: 'Tự động theo lịch',
  manual: 'Theo yêu cầu',
};

/** `state:overdue` → "Trạng thái: Quá hạn"; a known term → its Vietnamese name; anything else as it is. */
export function termLabel(value: unknown): string {
  const s = typeof value === 'string' ? value : '';
  if (s.startsWith('state:')) return `Trạng thái: ${STATE_LABELS[s.slice(6)] ?? s.slice(6)}`;
  return TERM_LABELS[s] ?? s;
}

/**
 * Names of the keys found in event and audit details (reminder steps, extensions, actions' bodies and results), in
 * the order they are shown: JSONB does not keep the order keys were written in.
 */
export const DETAIL_LABELS: Record<string, string> = {
  step: 'Bước',
  revision: 'Lần lập lịch',
  scheduledAt: 'Thời điểm theo lịch',
  channel: 'Kênh',
  to: 'Gửi tới',
  recipient: 'Người nhận',
  due: 'Hạn',
  dueAt: 'Hạn',
  dueDate: 'Hạn',
  newDueAt: 'Hạn mới',
  newDueDate: 'Hạn mới',
  receivedOn: 'Ngày nhận',
  receivedAt: 'Lúc nhận',
  reason: 'Lý do',
  note: 'Ghi chú',
  by: 'Người thực hiện',
  coordinator: 'Cán bộ điều phối',
  sent: 'Đã gửi',
  alreadySent: 'Đã gửi trước đó',
  failed: 'Gửi lỗi',
  notify: 'Báo cho',
  digest: 'Thư tổng hợp trong ngày',
  email: 'Thư điện tử',
  assignments: 'Số nghĩa vụ',
  extension: 'Gia hạn',
  excuse: 'Miễn nghĩa vụ',
  reschedule: 'Dời lịch',
  submissionId: 'Mã lượt nộp',
  fileName: 'Tệp',
  size: 'Dung lượng (byte)',
  indicators: 'Số chỉ tiêu',
  state: 'Trạng thái',
  linkVersion: 'Phiên bản đường dẫn',
  result: 'Kết quả',
  queued: 'Đã xếp lịch',
  sendAt: 'Gửi lúc',
  outsideWorkingHours: 'Ngoài giờ làm việc',
  key: 'Mã',
};
const DETAIL_ORDER = new Map(Object.keys(DETAIL_LABELS).map((k, i) => [k, i]));

/** Keys whose values are terms of {@link TERM_LABELS} (or states). */
const TERM_KEYS = new Set(['channel', 'kind', 'state', 'action', 'status', 'trigger', 'email']);
const NOTIFY_LABELS: Record<string, string> = {
  focal: 'đầu mối',
  head: 'lãnh đạo cơ quan',
  coordinator: 'cơ quan điều phối',
  committee: 'UBND tỉnh',
};
const DURATION_UNITS: [keyof DurationObjectUnits, string][] = [
  ['years', 'năm'],
  ['months', 'tháng'],
  ['weeks', 'tuần'],
  ['days', 'ngày'],
  ['hours', 'giờ'],
  ['minutes', 'phút'],
  ['seconds', 'giây'],
];

/** `P7D` → "7 ngày", `PT1H50M` → "1 giờ 50 phút"; anything else as it is. */
function durationLabel(iso: string): string {
  const d = Duration.fromISO(iso);
  if (!d.isValid) return iso;
  const o = d.toObject();
  const parts = DURATION_UNITS.filter(([u]) => (o[u] ?? 0) !== 0).map(
    ([u, name]) => `${formatNumber(o[u] ?? 0)} ${name}`,
  );
  return parts.length > 0 ? parts.join(' ') : iso;
}

/** A schedule step's name (`reminder:P7D`, `escalation:2`, `manual:<id>`, `due`) in Vietnamese. */
export function stepLabel(step: string): string {
  if (step === 'due') return 'Đến hạn';
  if (step.startsWith(`${AFTER_BREAK_STEP}:`)) return 'Nhắc sau kỳ nghỉ dài';
  if (step.startsWith('reminder:')) return `Nhắc trước hạn ${durationLabel(step.slice(9))}`;
  if (step.startsWith('escalation:')) return `Báo cáo vượt cấp, bậc ${step.slice(11)}`;
  if (step.startsWith('manual:')) return 'Nhắc ngay (điều phối viên)';
  return step;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function detailValue(key: string, value: unknown, known: boolean): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? 'có' : 'không';
  if (typeof value === 'number') return Number.isFinite(value) ? formatNumber(value) : String(value);
  if (typeof value === 'string') {
    if (!known) return value;
    if (key === 'step') return stepLabel(value);
    if (key === 'notify') return NOTIFY_LABELS[value] ?? value;
    if (TERM_KEYS.has(key)) return termLabel(value);
    if (ISO_INSTANT.test(value)) return viDateTime(value);
    if (ISO_DATE.test(value)) return viDate(value);
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => detailValue(key, v, known)).join(', ');
  if (typeof value === 'object') {
    if (!known) return JSON.stringify(value);
    return detailItems(value)
      .map((i) => `${i.label}: ${i.value}`)
      .join('; ');
  }
  // JSON holds nothing else.
  return '';
}

/**
 * An event's or audit row's detail as lines a coordinator reads: known keys by their Vietnamese name, dates in
 * Vietnamese, steps and terms translated; an unknown key as `key: value`.
 */
export function detailItems(detail: unknown): { label: string; value: string }[] {
  if (detail === null || detail === undefined) return [];
  if (typeof detail !== 'object' || Array.isArray(detail))
    return [{ label: 'Chi tiết', value: JSON.stringify(detail) }];
  // A key without a value (a step run outside the schedule has no scheduledAt) says nothing: left out.
  const rank = (key: string) => DETAIL_ORDER.get(key) ?? DETAIL_ORDER.size;
  return Object.entries(detail as Record<string, unknown>)
    .filter(([, value]) => value !== null && value !== undefined)
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([key, value]) => {
      const label = DETAIL_LABELS[key];
      return { label: label ?? key, value: detailValue(key, value, label !== undefined) };
    });
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
  hb.registerHelper('stepLabel', (s: unknown) => stepLabel(String(s)));
  hb.registerHelper('viDateTime', viDateTime);
  hb.registerHelper('stateLabel', (s: unknown) => STATE_LABELS[String(s)] ?? String(s));
  hb.registerHelper('roleLabel', (s: unknown) => ROLE_LABELS[String(s)] ?? String(s));
  hb.registerHelper('term', termLabel);
  hb.registerHelper('viLabel', (kind: unknown, value: unknown) =>
    labelOf(String(kind), typeof value === 'string' ? value : ''),
  );
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hb.registerHelper('json', (v: unknown) => (v === null || v === undefined ? '' : JSON.stringify(v)));
  hb.registerHelper('viDateTimeLong', (iso: unknown) => {
    try {
      return typeof iso === 'string' ? formatVietnameseDateTime(iso) : '';
    } catch {
      return '';
    }
  });
  hb.registerHelper('detailItems', detailItems);
  // A chart drawn by src/web/charts (every text in it escaped there): the one place a view inserts markup.
  hb.registerHelper('svg', (chart: unknown) =>
    chart && typeof (chart as { svg?: unknown }).svg === 'string'
      ? new hb.SafeString((chart as { svg: string }).svg)
      : '',
  );
  hb.registerHelper('sum', (a: unknown, b: unknown) => Number(a) + Number(b));
  hb.registerHelper('minus', (a: unknown, b: unknown) => Number(a) - Number(b));
  hb.registerHelper('upper', (s: unknown) => String(s).toUpperCase());
  hb.registerHelper('concat', (...args: unknown[]) => args.slice(0, -1).map(String).join(''));
  hb.registerHelper('changeLabel', (k: unknown) => CHANGE_LABELS[String(k)] ?? String(k));
  hb.registerHelper('vnd', (n: unknown) => `${formatNumber(Number(n))} đ`);
  // Layouts (`layout*.hbs`) and fragments (`_name.hbs`) are partials; every other file is a view.
  const isPartial = (f: string) => f.startsWith('layout') || f.startsWith('_');
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.hbs') && isPartial(f)))
    hb.registerPartial(f.replace(/^_/, '').replace(/\.hbs$/, ''), fs.readFileSync(path.join(dir, f), 'utf8'));
  hb.registerPartial(
    'detail',
    '{{#if detail}}<ul class="detail">{{#each (detailItems detail)}}<li>{{label}}: {{value}}</li>{{/each}}</ul>{{/if}}',
  );
  const views = new Map<string, HandlebarsTemplateDelegate>();
  for (const f of fs.readdirSync(dir)) {
    if (f.endsWith('.hbs') && !isPartial(f))
      views.set(f.replace(/\.hbs$/, ''), hb.compile(fs.readFileSync(path.join(dir, f), 'utf8'), { strict: false }));
  }
  return (view, data) => {
    const t = views.get(view);
    if (!t) throw new Error(`no view ${view}`);
    return t(data);
  };
}
