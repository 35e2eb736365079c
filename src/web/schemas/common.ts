/** Request pieces shared by several routes, and the error bodies every route may answer. */
import { z } from 'zod';
import { CODE } from '../context';

export const code = (what: string) => z.string().regex(CODE, `mã ${what} không hợp lệ / invalid ${what} code`);
export const year = z.coerce
  .number({ error: 'năm phải là số / year must be a number' })
  .int('năm phải là số nguyên / year must be an integer')
  .min(2000, 'năm từ 2000 đến 2100 / year 2000–2100')
  .max(2100, 'năm từ 2000 đến 2100 / year 2000–2100');
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
