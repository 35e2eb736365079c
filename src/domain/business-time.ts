/**
 * Business time is Asia/Ho_Chi_Minh, whatever the host's zone. Every conversion between a local date or hour and
 * an instant goes through here so that the zone is named once.
 */
import { DateTime, FixedOffsetZone } from 'luxon';

export const BUSINESS_ZONE = 'Asia/Ho_Chi_Minh';

/**
 * Vietnam has kept UTC+7 without daylight saving since 1975, so arithmetic uses a fixed-offset zone: the same
 * instants as the IANA zone for every date a plan can hold, without the cost of Intl lookups (10× faster on
 * large calendars; bench/calendar.bench.ts).
 */
export const BUSINESS_OFFSET_ZONE = FixedOffsetZone.instance(7 * 60);

/** `2020-06-10` + `08:00` → the instant, as ISO with +07:00 and no milliseconds. */
export function localInstant(date: string, time: string, seconds = 0): string {
  const dt = DateTime.fromISO(`${date}T${time}`, { zone: BUSINESS_OFFSET_ZONE }).set({
    second: seconds,
    millisecond: 0,
  });
  if (!dt.isValid) throw new RangeError(`invalid local date/time ${date} ${time}`);
  return isoOf(dt);
}

export function isoOf(dt: DateTime): string {
  return dt.setZone(BUSINESS_OFFSET_ZONE).toISO({ suppressMilliseconds: true }) ?? '';
}

export function parseInstant(iso: string): DateTime {
  return DateTime.fromISO(iso, { setZone: true }).setZone(BUSINESS_OFFSET_ZONE);
}

/** The local calendar date of an instant. */
export function localDateOf(iso: string): string {
  return parseInstant(iso).toISODate() ?? '';
}

export function addDaysToDate(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: BUSINESS_OFFSET_ZONE }).plus({ days }).toISODate() ?? '';
}

/** ISO weekday of a local date: 1 = Monday … 7 = Sunday. */
export function weekdayOf(date: string): number {
  return DateTime.fromISO(date, { zone: BUSINESS_OFFSET_ZONE }).weekday;
}

export function lastDayOfMonth(year: number, month: number): string {
  return DateTime.fromObject({ year, month, day: 1 }, { zone: BUSINESS_OFFSET_ZONE }).endOf('month').toISODate() ?? '';
}

export function dateOf(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
