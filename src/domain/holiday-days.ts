/**
 * Days off and calendar options as the calendar's API speaks them, and the Julian day numbers it computes with
 * inside, so there is no time zone to get wrong. Pure: no I/O.
 */
import type { CalendarData } from './calendar-data';
import { fromJulianDayNumber, julianDayNumber } from './lunar-calendar';

export type DayOffKind = 'weekend' | 'holiday' | 'compensatory' | 'official-bridge';

export interface DayOff {
  /** ISO date, YYYY-MM-DD. */
  date: string;
  /** Vietnamese label shown to users, e.g. 'Tết Nguyên đán (mùng 1)', 'Nghỉ bù Quốc khánh', 'Thứ Bảy'. */
  name: string;
  kind: DayOffKind;
}

export interface CalendarOptions {
  /**
   * Make-up working Saturdays (ngày làm bù) from official schedules count as working days. (Default: true.)
   * Set it to false for bodies that keep their weekends and do not take part in the swap; the swapped days off
   * (kind 'official-bridge') stay days off either way.
   */
  makeUpDaysAreWorkingDays?: boolean;
  /** Holidays proposed but not yet law, e.g. '24/11' (Ngày Văn hóa Việt Nam). (Default: none enabled.) */
  proposedHolidays?: ReadonlyArray<'24/11'>;
  /**
   * The schedules to compute with: shipped plus stored entries. (Default: the installed value, see
   * src/domain/calendar-data.ts.)
   */
  calendar?: CalendarData;
}

/** First and last years we answer for: before 2013 the holiday rules differ, after 2199 the lunar calendar stops. */
export const MIN_CALENDAR_YEAR = 2013;
export const MAX_CALENDAR_YEAR = 2199;

// ---------------------------------------------------------------------------------------------------------------
// Dates as Julian day numbers

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function parseIsoDate(date: string, what = 'Ngày'): number {
  const match = ISO_DATE.exec(date);
  if (match) {
    const year = Number(match[1]);
    const month = Number(match[2]);
    const day = Number(match[3]);
    const jdn = julianDayNumber(year, month, day);
    const back = fromJulianDayNumber(jdn);
    if (back.year === year && back.month === month && back.day === day) return jdn;
  }
  throw new RangeError(`${what} không hợp lệ: '${date}' (cần một ngày có thật, dạng YYYY-MM-DD)`);
}

export function formatIsoDate(jdn: number): string {
  const { year, month, day } = fromJulianDayNumber(jdn);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(jdn: number): number {
  return (jdn + 1) % 7;
}

export function isWeekend(jdn: number): boolean {
  const d = weekday(jdn);
  return d === 0 || d === 6;
}

export function yearOf(jdn: number): number {
  return fromJulianDayNumber(jdn).year;
}

export function assertSupportedYear(year: number): void {
  if (!Number.isInteger(year) || year < MIN_CALENDAR_YEAR || year > MAX_CALENDAR_YEAR) {
    throw new RangeError(`Năm ${String(year)} nằm ngoài khoảng lịch hỗ trợ ${MIN_CALENDAR_YEAR}–${MAX_CALENDAR_YEAR}`);
  }
}
