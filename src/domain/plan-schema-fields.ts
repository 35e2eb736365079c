/**
 * The plan file's field types: codes, day/month and ISO dates, instants, years, durations and times of day, with
 * their Vietnamese-then-English messages. Pure: no I/O.
 */
import { z } from 'zod';
import { Duration } from 'luxon';

import { MAX_CALENDAR_YEAR, MIN_CALENDAR_YEAR } from './holiday-days';

const CODE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
export const code = (what: string) =>
  z
    .string({ error: `phải là chuỗi / must be a string (${what})` })
    .regex(CODE, `mã không hợp lệ: chỉ chữ, số, "-" và "_", tối đa 64 ký tự / invalid ${what} code`);

/** `25/3` or `30/11`: a day and month that exists in every year (29/2 is refused: it does not). */
export const DAY_MONTH = /^(\d{1,2})\/(\d{1,2})$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
export function parseDayMonth(text: string): { day: number; month: number } | null {
  const m = DAY_MONTH.exec(text);
  if (!m) return null;
  const day = Number(m[1]);
  const month = Number(m[2]);
  if (month < 1 || month > 12) return null;
  if (day < 1 || day > (DAYS_IN_MONTH[month - 1] ?? 0)) return null;
  return { day, month };
}
export const dayMonth = z
  .string({ error: 'phải là chuỗi dạng "ngày/tháng" / must be a "day/month" string' })
  .refine((s) => parseDayMonth(s) !== null, {
    error: (iss) => `"${String(iss.input)}" không phải ngày/tháng có thật (ví dụ "25/3") / not a real day/month`,
  });

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
export function isRealIsoDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d;
}
export const isoDate = z
  .string({ error: 'phải là chuỗi ngày YYYY-MM-DD / must be a YYYY-MM-DD string' })
  .refine(isRealIsoDate, {
    error: (iss) => `"${String(iss.input)}" không phải ngày có thật dạng YYYY-MM-DD / not a real date`,
  });

export const isoInstant = z.iso.datetime({
  offset: true,
  error: 'phải là thời điểm ISO-8601 có múi giờ, ví dụ 2026-06-10T17:00:00+07:00 / must be an ISO instant with offset',
});

/** A plan year: the years the legal calendar answers for, so a plan that validates also has a calendar. */
export const year = z
  .number({ error: 'phải là số năm / must be a year number' })
  .int('phải là số nguyên / must be an integer')
  .min(MIN_CALENDAR_YEAR, `năm phải từ ${MIN_CALENDAR_YEAR} / year must be ≥ ${MIN_CALENDAR_YEAR}`)
  .max(MAX_CALENDAR_YEAR, `năm phải đến ${MAX_CALENDAR_YEAR} / year must be ≤ ${MAX_CALENDAR_YEAR}`);

/** An ISO-8601 duration such as `P7D`, `PT2M` or `PT30S`; strictly positive. */
export const isoDuration = z
  .string({ error: 'phải là khoảng thời gian ISO-8601 / must be an ISO-8601 duration' })
  .refine(
    (s) => {
      const d = Duration.fromISO(s);
      return d.isValid && d.toMillis() > 0;
    },
    {
      error: (iss) =>
        `"${String(iss.input)}" không phải khoảng thời gian ISO-8601 dương (ví dụ P7D, PT2M) / not a positive ISO-8601 duration`,
    },
  );

export const timeOfDay = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'giờ phải dạng HH:MM, ví dụ 08:00 / time must be HH:MM');
