/**
 * Why a deadline ends on the day it does, in Vietnamese, naming the law and the days off it skipped. Pure: no I/O.
 *
 * Bộ luật Dân sự 2015 (91/2015/QH13): a period counted in days ends at the end of its last day (Điều 148, khoản 1,
 * at 24:00 by khoản 6); when that last day is a weekly day off or a public holiday, the period ends at the end of the
 * working day that follows it (khoản 5). "Trước ngày X" read literally makes the day before X the last day.
 */
import { addDaysToDate } from './business-time';
import { formatDmy } from './date-format';
import { dayOffReason, type CalendarOptions } from './holiday-calendar';
import { formatVietnameseDate } from './vietnamese-format';

/** A day off a rolled deadline passed over, with its name ("Chủ nhật", "Tết Nguyên đán (mùng 1)"). */
export interface SkippedDay {
  date: string;
  name: string;
}

/** The law a roll-forward rests on, as the explanations cite it. */
export const ROLL_FORWARD_LAW = 'Bộ luật Dân sự 2015, Điều 148 khoản 5';

/** Every day from `from` (included) to `to` (excluded) with why it is off; the caller passes a run of days off. */
export function skippedDays(from: string, to: string, options: CalendarOptions): SkippedDay[] {
  const out: SkippedDay[] = [];
  for (let date = from; date < to; date = addDaysToDate(date, 1)) {
    out.push({ date, name: dayOffReason(date, options)?.name ?? 'ngày nghỉ' });
  }
  return out;
}

/**
 * The explanation of a dated deadline's legal last day, or null when it is simply the stated day.
 *
 * @example
 * dueExplanation({ stated: '2014-11-30', last: '2014-11-30', due: '2014-12-01', inclusive: true,
 *   skipped: [{ date: '2014-11-30', name: 'Chủ nhật' }] });
 * // '30/11/2014 là Chủ nhật; theo Bộ luật Dân sự 2015, Điều 148 khoản 5, hạn kết thúc vào cuối ngày làm việc tiếp
 * //  theo: thứ Hai, ngày 1/12/2014. Bỏ qua 1 ngày nghỉ: Chủ nhật 30/11/2014.'
 */
export function dueExplanation(d: {
  stated: string;
  /** The last day the document's wording gives: the stated day, or the day before it for "trước ngày X". */
  last: string;
  due: string;
  inclusive: boolean;
  skipped: readonly SkippedDay[];
}): string | null {
  const literally = `“Trước ngày ${formatDmy(d.stated)}” không gồm ngày ${formatDmy(d.stated)}: ngày cuối cùng của hạn`;
  const first = d.skipped[0];
  if (!first) {
    return d.inclusive
      ? null
      : `${literally} là ${formatVietnameseDate(d.last)}; hạn kết thúc vào cuối ngày đó (Bộ luật Dân sự 2015, Điều 148 khoản 1).`;
  }
  const lastDay = d.inclusive ? formatDmy(first.date) : `${literally}, ${formatDmy(first.date)},`;
  return (
    `${lastDay} là ${first.name}; theo ${ROLL_FORWARD_LAW}, hạn kết thúc vào cuối ngày làm việc tiếp theo: ` +
    `${formatVietnameseDate(d.due)}. Bỏ qua ${d.skipped.length} ngày nghỉ: ` +
    `${d.skipped.map((s) => `${s.name} ${formatDmy(s.date)}`).join(', ')}.`
  );
}
