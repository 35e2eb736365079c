/** What the assignment page says after "Nhắc ngay": the reminder goes out now, or at the next working hours. */
import { DateTime } from 'luxon';
import { BUSINESS_ZONE, formatVietnameseDate } from '../domain/vietnamese-format';

export const REMIND_NOW_MESSAGE = 'Đã gửi yêu cầu nhắc; thư nhắc sẽ được gửi trong giây lát.';

/** `07:00 thứ Tư, 02/12/2026`: the send time in Việt Nam, as the page states it; null for anything but an instant. */
export function formatSendAt(iso: string): string | null {
  if (!/(Z|[+-]\d{2}:?\d{2})$/.test(iso)) return null;
  const t = DateTime.fromISO(iso, { zone: BUSINESS_ZONE });
  if (!t.isValid) return null;
  // The weekday's name from the project's formatter, whose date part ("ngày 2/12/2026") the page does not use.
  const weekday = formatVietnameseDate(t.toISODate() ?? '').split(',')[0];
  return `${t.toFormat('HH:mm')} ${weekday}, ${t.toFormat('dd/MM/yyyy')}`;
}

/** `sendAt` is given only when the reminder waits for working hours (the redirect carries it as `?at=`). */
export function remindMessage(sendAt: unknown): string {
  const at = typeof sendAt === 'string' ? formatSendAt(sendAt) : null;
  return at ? `Ngoài giờ làm việc: thư nhắc đã được xếp lịch và sẽ gửi lúc ${at}.` : REMIND_NOW_MESSAGE;
}
