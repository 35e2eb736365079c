// Vietnamese presentation of dates, numbers and day counts.
//
// Deliberately free of Intl and of the host's time zone: this folder is shared with workflow code, which must be
// deterministic, and the output must not change with the ICU data a server happens to ship.

import { DateTime } from 'luxon';

/** Business time zone: every date a user reads is a date in Vietnam, whatever the server's zone. */
export const BUSINESS_ZONE = 'Asia/Ho_Chi_Minh';

const WEEKDAYS = ['Chủ nhật', 'thứ Hai', 'thứ Ba', 'thứ Tư', 'thứ Năm', 'thứ Sáu', 'thứ Bảy'] as const;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

function parseIsoDate(isoDate: string): CalendarDate {
  const match = ISO_DATE.exec(isoDate);
  if (match) {
    const year = Number(match[1]);
    const month = Number(match[2]);
    const day = Number(match[3]);
    // Round-tripping through Date.UTC rejects 2021-02-30 and friends, which the pattern alone lets through.
    const probe = new Date(Date.UTC(year, month - 1, day));
    if (probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day) {
      return { year, month, day };
    }
  }
  throw new RangeError(`Ngày không hợp lệ / invalid date: ${JSON.stringify(isoDate)} (expected YYYY-MM-DD)`);
}

/**
 * The date as written in Vietnamese administrative documents, with the weekday: `thứ Tư, ngày 10/6/2020`.
 *
 * @param isoDate a calendar date `YYYY-MM-DD`; throws a `RangeError` for anything else, including 2021-02-30.
 * @example formatVietnameseDate('2020-06-14') // 'Chủ nhật, ngày 14/6/2020'
 */
export function formatVietnameseDate(isoDate: string): string {
  const { year, month, day } = parseIsoDate(isoDate);
  const weekday = WEEKDAYS[new Date(Date.UTC(year, month - 1, day)).getUTCDay()] ?? '';
  return `${weekday}, ngày ${day}/${month}/${year}`;
}

/**
 * An instant as Vietnamese local time: `14 giờ 05 phút, thứ Tư, ngày 10/6/2020` (in Asia/Ho_Chi_Minh).
 *
 * @param isoInstant an ISO-8601 date-time with an offset or `Z`; throws a `RangeError` for anything else, because
 *   a time without an offset would silently be read in the host's zone.
 */
export function formatVietnameseDateTime(isoInstant: string): string {
  const hasOffset = /(Z|[+-]\d{2}(:?\d{2})?)$/i.test(isoInstant);
  const instant = DateTime.fromISO(isoInstant, { zone: BUSINESS_ZONE });
  if (!hasOffset || !instant.isValid) {
    throw new RangeError(
      `Thời điểm không hợp lệ / invalid instant: ${JSON.stringify(isoInstant)} (expected ISO-8601 with an offset)`,
    );
  }
  const time = `${instant.hour} giờ ${String(instant.minute).padStart(2, '0')} phút`;
  return `${time}, ${formatVietnameseDate(instant.toISODate() ?? '')}`;
}

/**
 * The short Vietnamese form `10/6/2020` (day/month/year, no leading zeros).
 *
 * @param isoDate a calendar date `YYYY-MM-DD`; throws a `RangeError` for anything else.
 */
export function formatShortDate(isoDate: string): string {
  const { year, month, day } = parseIsoDate(isoDate);
  return `${day}/${month}/${year}`;
}

/** A date as day/month without the year, for SMS where every character is billed: `10/6`. */
export function formatDayMonth(isoDate: string): string {
  const { month, day } = parseIsoDate(isoDate);
  return `${day}/${month}`;
}

export interface FormatNumberOptions {
  /** Fraction digits always shown, padded with zeros. (Default: 0.) */
  minimumFractionDigits?: number;
  /** Fraction digits at most; the value is rounded half away from zero. (Default: 2, or `minimumFractionDigits` if larger.) */
  maximumFractionDigits?: number;
}

/**
 * A number with Vietnamese separators: `.` between thousands and `,` before decimals.
 *
 * @example formatNumber(1234.5) // '1.234,5'
 * @example formatNumber(0.5, { minimumFractionDigits: 2 }) // '0,50'
 */
export function formatNumber(value: number, options: FormatNumberOptions = {}): string {
  if (!Number.isFinite(value)) {
    throw new RangeError(`Cannot format ${value} as a Vietnamese number`);
  }
  const minimum = options.minimumFractionDigits ?? 0;
  const maximum = options.maximumFractionDigits ?? Math.max(2, minimum);
  if (!Number.isInteger(minimum) || !Number.isInteger(maximum) || minimum < 0 || maximum > 20 || minimum > maximum) {
    throw new RangeError(
      `Invalid fraction digits: minimum ${minimum}, maximum ${maximum} (0 ≤ minimum ≤ maximum ≤ 20)`,
    );
  }
  const negative = value < 0;
  const [integerPart = '0', rawFraction = ''] = Math.abs(value).toFixed(maximum).split('.');
  let fraction = rawFraction;
  while (fraction.length > minimum && fraction.endsWith('0')) {
    fraction = fraction.slice(0, -1);
  }
  const grouped = integerPart.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  // -0,00 after rounding reads as a negative value that is not there.
  const sign = negative && /[1-9]/.test(integerPart + fraction) ? '-' : '';
  return `${sign}${grouped}${fraction ? `,${fraction}` : ''}`;
}

/**
 * How a deadline stands, as the reminders say it.
 *
 * @param daysLeft whole days until the due date: positive before it, 0 on it, negative after it.
 * @example formatDaysLeft(3) // 'còn 3 ngày'
 * @example formatDaysLeft(0) // 'hôm nay là hạn cuối'
 * @example formatDaysLeft(-2) // 'quá hạn 2 ngày'
 */
export function formatDaysLeft(daysLeft: number): string {
  if (!Number.isInteger(daysLeft)) {
    throw new RangeError(`daysLeft must be a whole number of days, got ${daysLeft}`);
  }
  if (daysLeft > 0) return `còn ${formatNumber(daysLeft)} ngày`;
  if (daysLeft === 0) return 'hôm nay là hạn cuối';
  return `quá hạn ${formatNumber(-daysLeft)} ngày`;
}
