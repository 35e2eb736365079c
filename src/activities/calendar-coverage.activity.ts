/**
 * The admins hear once a year that the legal calendar is guessing: on the first working day of a year with no
 * official schedule (src/domain/calendar-coverage.ts), each admin gets one email asking for the Prime Minister's
 * or the Ministry's notice to be entered. The outbox key names the year, so the daily check sends it once however
 * many days it runs, and a retried attempt is the same message.
 */
import type { PrismaClient } from '../db/prisma';
import { calendarCoverageGap, type CoverageGap } from '../domain/calendar-coverage';
import { formatDmy } from '../domain/date-format';
import type { Logger } from '../runtime/logger';
import type { DeliverOn } from './channel-delivery';
import { isLastActivityAttempt } from './notify-attempt';
import { keyOf } from './recipient-address';

export interface CalendarCoverageInput {
  /** The check's instant (the workflow's start): which year, and whether its first working day has come. */
  at: string;
}

export interface CalendarCoverageResult {
  year: number | null;
  /** Admins the alert went to by this call (0 when it went before: the outbox knows). */
  sent: number;
}

export function calendarCoverageText(gap: CoverageGap, baseUrl: string): { subject: string; text: string } {
  const subject = `[Nhắc Hạn] Chưa có lịch nghỉ chính thức năm ${gap.year} / no official schedule for ${gap.year}`;
  const text = [
    `Hôm nay (${formatDmy(gap.firstWorkingDay)}) là ngày làm việc đầu tiên của năm ${gap.year}, nhưng hệ thống chưa có lịch nghỉ chính thức của năm này.`,
    `Các hạn, lời nhắc và đôn đốc trong năm ${gap.year} đang dựa trên lịch ước tính. ${gap.rule}`,
    '',
    `Đề nghị nhập lịch nghỉ Tết Âm lịch và Quốc khánh năm ${gap.year} theo thông báo của Thủ tướng Chính phủ / Bộ Nội vụ:`,
    `  ${baseUrl}/admin/holidays?year=${gap.year}`,
    `  hoặc: nhac-han holidays import FILE`,
    'Khi lịch được nhập, các hạn đang chạy sẽ được tính lại và các điều phối viên được báo.',
    '',
    `The ${gap.year} dates are estimates until the official schedule is entered.`,
  ].join('\n');
  return { subject, text };
}

export function createCheckCalendarCoverage(deps: {
  prisma: PrismaClient;
  deliverOn: DeliverOn;
  log: Logger;
  baseUrl: string;
  refreshCalendar: () => Promise<unknown>;
}) {
  return async function checkCalendarCoverage(input: CalendarCoverageInput): Promise<CalendarCoverageResult> {
    await deps.refreshCalendar();
    const gap = calendarCoverageGap(new Date(input.at));
    if (gap === null) return { year: null, sent: 0 };
    const admins = await deps.prisma.user.findMany({ where: { role: 'admin' }, select: { id: true, email: true } });
    const mail = calendarCoverageText(gap, deps.baseUrl);
    const lastAttempt = isLastActivityAttempt();
    let sent = 0;
    const pending: number[] = [];
    for (const admin of admins) {
      const r = await deps.deliverOn(
        'email',
        {
          key: keyOf(`calendar-estimate:${gap.year}`, 'email', admin.email),
          assignmentId: null,
          kind: 'calendar-estimate',
          recipient: admin.email,
          subject: mail.subject,
          body: mail.text,
          html: null,
        },
        lastAttempt,
      );
      if (r.outcome === 'retry' || r.outcome === 'in-flight') pending.push(admin.id);
      else if (r.outcome === 'failed')
        deps.log.error('calendar coverage alert failed', { user: admin.id, error: r.error });
      else if (r.outcome === 'sent') sent++;
    }
    if (pending.length > 0) throw new Error(`calendar coverage alert not delivered yet to users ${pending.join(', ')}`);
    if (admins.length === 0) deps.log.warn('no admin to tell of the estimated calendar', { year: gap.year });
    return { year: gap.year, sent };
  };
}
