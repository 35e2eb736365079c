/**
 * The weekly digest of the dashboard, as one subscriber reads it on Monday morning: per plan, the agencies that are
 * late (past due and nothing received, worst first) and what falls due in the coming seven days (the date, the
 * obligation, the agencies that have not sent it yet), then the days off of that week from the legal calendar.
 *
 * Pure: the caller gives the assignments it may show, the instant of the digest and the calendar as data. An empty
 * week is still a mail of one line ("không có cơ quan trễ hạn, không có hạn trong tuần tới"): subscribers expect
 * the Monday mail, and its absence would read as a broken server rather than a quiet week.
 */
import { DateTime } from 'luxon';
import type { AssignmentState } from './assignment-state';
import { addDaysToDate, BUSINESS_OFFSET_ZONE, localDateOf, weekdayOf } from './business-time';
import { formatDmy } from './date-format';
import { dayOffReason, type CalendarOptions, type DayOff } from './holiday-calendar';
import { daysBetween } from './message-context';
import { ASSIGNMENT_STATE_LABELS } from './vietnamese-labels';

/** How many days ahead "due next" looks, the digest's own day included (Monday to Sunday for a Monday digest). */
export const DIGEST_WINDOW_DAYS = 7;

/** One agency × obligation × year as the digest needs it; the deadline is the current one (an extension moved it). */
export interface DigestAssignment {
  planCode: string;
  year: number;
  agencyCode: string;
  agencyName: string;
  obligationId: string;
  obligationTitle: string;
  state: AssignmentState;
  /** The local due date, YYYY-MM-DD. */
  dueDate: string;
  /** The instant the deadline passes (ISO-8601 with an offset). */
  dueAt: string;
  /** Set once anything was received: the assignment is then neither late nor due. */
  submittedAt: string | null;
}

export interface WeeklyDigestInput {
  /** The digest's instant (the Schedule's Monday 07:00 in Việt Nam, or a re-run of it). */
  at: string;
  /** The plans the subscriber may see, in the order to show them; assignments of other plans are ignored. */
  plans: ReadonlyArray<{ code: string; title: string }>;
  assignments: ReadonlyArray<DigestAssignment>;
  /** The legal calendar to name the week's days off with (`calendar` from src/domain/calendar-data.ts). */
  calendar: CalendarOptions;
  /** The web app's public address, without a trailing slash. */
  baseUrl: string;
}

export interface LateObligation {
  obligationTitle: string;
  dueDate: string;
  daysLate: number;
  state: AssignmentState;
}

export interface LateAgency {
  agencyCode: string;
  agencyName: string;
  /** The worst of its obligations. */
  daysLate: number;
  obligations: LateObligation[];
}

export interface DueItem {
  dueDate: string;
  obligationId: string;
  obligationTitle: string;
  /** The agencies that have not sent it yet, by name. */
  agencies: string[];
}

export interface PlanDigest {
  code: string;
  title: string;
  /** The dashboard of the year the listed items belong to (the latest one when several). */
  dashboardUrl: string;
  late: LateAgency[];
  dueNext: DueItem[];
}

export interface WeeklyDigest {
  /** ISO week of the digest's local date, e.g. `2026-W49`: the outbox key names it. */
  week: string;
  /** The window's first and last local dates. */
  from: string;
  to: string;
  /** Only the plans with something to say, in the given order. */
  plans: PlanDigest[];
  /** Holidays and other days off on weekdays in the window (weekends are not listed). */
  daysOff: DayOff[];
  subject: string;
  text: string;
}

/** The ISO week (`2026-W49`) of a local date. */
export function isoWeekOf(date: string): string {
  return DateTime.fromISO(date, { zone: BUSINESS_OFFSET_ZONE }).toFormat("kkkk-'W'WW");
}

/** The ISO week of an instant's local date: the week a digest made at `at` speaks for. */
export function digestWeekOf(at: string): string {
  return isoWeekOf(localDateOf(at));
}

const WEEKDAY_NAMES = ['', 'thứ Hai', 'thứ Ba', 'thứ Tư', 'thứ Năm', 'thứ Sáu', 'thứ Bảy', 'Chủ nhật'] as const;

const byName = (a: string, b: string) => a.localeCompare(b, 'vi');

const isOpen = (a: DigestAssignment) =>
  a.submittedAt === null && (a.state === 'pending' || a.state === 'overdue' || a.state === 'escalated');

export function composeWeeklyDigest(input: WeeklyDigestInput): WeeklyDigest {
  const atMs = Date.parse(input.at);
  const today = localDateOf(input.at);
  const to = addDaysToDate(today, DIGEST_WINDOW_DAYS - 1);
  const plans: PlanDigest[] = [];
  for (const plan of input.plans) {
    const open = input.assignments.filter((a) => a.planCode === plan.code && isOpen(a));
    const late = lateAgencies(
      open.filter((a) => Date.parse(a.dueAt) <= atMs),
      today,
    );
    const due = open.filter((a) => Date.parse(a.dueAt) > atMs && a.dueDate <= to);
    const dueNext = dueItems(due);
    if (late.length === 0 && dueNext.length === 0) continue;
    const listed = [...open.filter((a) => Date.parse(a.dueAt) <= atMs), ...due];
    const year = Math.max(...listed.map((a) => a.year));
    const dashboardUrl = `${input.baseUrl}/plans/${encodeURIComponent(plan.code)}/years/${year}`;
    plans.push({ code: plan.code, title: plan.title, dashboardUrl, late, dueNext });
  }
  const daysOff: DayOff[] = [];
  for (let i = 0; i < DIGEST_WINDOW_DAYS; i++) {
    const off = dayOffReason(addDaysToDate(today, i), input.calendar);
    if (off && off.kind !== 'weekend') daysOff.push(off);
  }
  const digest = { week: isoWeekOf(today), from: today, to, plans, daysOff };
  return { ...digest, ...weeklyDigestText(digest, input.baseUrl) };
}

/** Per agency, its late obligations; worst first, then by name. A deadline passed today counts as one day late. */
function lateAgencies(late: DigestAssignment[], today: string): LateAgency[] {
  const byAgency = new Map<string, LateAgency>();
  for (const a of late) {
    const daysLate = Math.max(1, daysBetween(a.dueDate, today));
    const row = byAgency.get(a.agencyCode) ?? {
      agencyCode: a.agencyCode,
      agencyName: a.agencyName,
      daysLate: 0,
      obligations: [],
    };
    row.daysLate = Math.max(row.daysLate, daysLate);
    row.obligations.push({ obligationTitle: a.obligationTitle, dueDate: a.dueDate, daysLate, state: a.state });
    byAgency.set(a.agencyCode, row);
  }
  const rows = [...byAgency.values()];
  for (const r of rows)
    r.obligations.sort((x, y) => y.daysLate - x.daysLate || byName(x.obligationTitle, y.obligationTitle));
  return rows.sort((x, y) => y.daysLate - x.daysLate || byName(x.agencyName, y.agencyName));
}

/** Per date and obligation, the agencies still to send it; by date, then by title. */
function dueItems(due: DigestAssignment[]): DueItem[] {
  const items = new Map<string, DueItem>();
  for (const a of due) {
    const k = `${a.dueDate}\u0000${a.obligationId}`;
    const item = items.get(k) ?? {
      dueDate: a.dueDate,
      obligationId: a.obligationId,
      obligationTitle: a.obligationTitle,
      agencies: [],
    };
    if (!item.agencies.includes(a.agencyName)) item.agencies.push(a.agencyName);
    items.set(k, item);
  }
  const list = [...items.values()];
  for (const i of list) i.agencies.sort(byName);
  return list.sort((x, y) => x.dueDate.localeCompare(y.dueDate) || byName(x.obligationTitle, y.obligationTitle));
}

const dayText = (date: string) => `${WEEKDAY_NAMES[weekdayOf(date)]} ${formatDmy(date)}`;

/** The mail's subject and plain text (Vietnamese; dates as 7/12/2026). */
export function weeklyDigestText(
  d: Pick<WeeklyDigest, 'week' | 'from' | 'to' | 'plans' | 'daysOff'>,
  baseUrl: string,
): { subject: string; text: string } {
  const lateCount = d.plans.reduce((n, p) => n + p.late.length, 0);
  const dueCount = d.plans.reduce((n, p) => n + p.dueNext.length, 0);
  const span = `${formatDmy(d.from)} – ${formatDmy(d.to)}`;
  const subject =
    lateCount + dueCount === 0
      ? `[Nhắc Hạn] Bản tin tuần ${d.week} (${span}): không có cơ quan trễ hạn, không có hạn trong tuần tới`
      : `[Nhắc Hạn] Bản tin tuần ${d.week} (${span}): ${lateCount} cơ quan trễ hạn, ${dueCount} hạn trong tuần tới`;
  const lines = [`Bản tin hằng tuần của Nhắc Hạn, tuần ${d.week}, từ ${dayText(d.from)} đến ${dayText(d.to)}.`, ''];
  if (d.plans.length === 0) lines.push('Tuần này không có cơ quan trễ hạn, không có hạn trong tuần tới.', '');
  for (const p of d.plans) {
    lines.push(`Kế hoạch ${p.code}: ${p.title}`);
    if (p.late.length === 0) lines.push('  Không có cơ quan trễ hạn.');
    else {
      lines.push(`  Cơ quan trễ hạn (${p.late.length}):`);
      for (const a of p.late) {
        lines.push(`  - ${a.agencyName}: trễ ${a.daysLate} ngày`);
        for (const o of a.obligations)
          lines.push(
            `      ${o.obligationTitle}, hạn ${formatDmy(o.dueDate)}, trễ ${o.daysLate} ngày (${ASSIGNMENT_STATE_LABELS[o.state]})`,
          );
      }
    }
    if (p.dueNext.length === 0) lines.push('  Không có hạn trong tuần tới.');
    else {
      lines.push(`  Hạn trong tuần tới (${p.dueNext.length}):`);
      for (const i of p.dueNext)
        lines.push(
          `  - ${dayText(i.dueDate)}: ${i.obligationTitle}; ${i.agencies.length} cơ quan chưa nộp: ${i.agencies.join(', ')}`,
        );
    }
    lines.push(`  Bảng theo dõi: ${p.dashboardUrl}`, '');
  }
  if (d.daysOff.length > 0) {
    lines.push('Ngày nghỉ trong tuần:');
    for (const o of d.daysOff) lines.push(`  - ${dayText(o.date)}: ${o.name}`);
    lines.push('');
  }
  lines.push(`Xem tất cả kế hoạch: ${baseUrl}/plans`);
  lines.push(`Ngừng nhận bản tin này: ${baseUrl}/account#digest`);
  return { subject, text: lines.join('\n') };
}
