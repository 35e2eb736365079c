/** Request pieces shared by several routes, and the error bodies every route may answer. */
import { z } from 'zod';
import { MAX_CALENDAR_YEAR, MIN_CALENDAR_YEAR } from '../../domain/holiday-days';
import { CODE } from '../context';

export const code = (what: string) => z.string().regex(CODE, `mã ${what} không hợp lệ / invalid ${what} code`);
// The years plan files and the legal calendar accept, so a page never asks for a year the calendar refuses.
const YEAR_RANGE = `năm từ ${MIN_CALENDAR_YEAR} đến ${MAX_CALENDAR_YEAR} / year ${MIN_CALENDAR_YEAR}–${MAX_CALENDAR_YEAR}`;
export const year = z.coerce
  .number({ error: 'năm phải là số / year must be a number' })
  .int('năm phải là số nguyên / year must be an integer')
  .min(MIN_CALENDAR_YEAR, YEAR_RANGE)
  .max(MAX_CALENDAR_YEAR, YEAR_RANGE);
export const flag = z
  .enum(['true', 'false'], { error: 'phải là true hoặc false / must be true or false' })
  .transform((v) => v === 'true');
export const isoDate = z.iso.date({ error: 'ngày dạng YYYY-MM-DD / date as YYYY-MM-DD' });
export const text = (what: string) => z.string().trim().min(1, `cần nêu ${what} / ${what} is required`).max(2000);
export const Empty = z.strictObject({});

export const ErrorBody = z.object({ error: z.string() }).meta({ id: 'Error' });
export const ValidationErrors = z
  .object({ errors: z.array(z.object({ path: z.string(), message: z.string() })) })
  .meta({ id: 'ValidationErrors' });
/** Any JSON object; for answers whose shape is documented in prose rather than pinned here. */
export const AnyObject = z.looseObject({});
