/** The deadline rules of a plan file: the ways the documents write when something falls due. Pure: no I/O. */
import { z } from 'zod';
import { dayMonth, isoDate, isoInstant, year } from './plan-schema-fields';

// Optional rather than defaulted: a parsed plan keeps the shape of its file, so re-applying an unchanged plan stays
// "không thay đổi" (unchanged).
const inclusive = z.boolean({ error: 'phải là true hoặc false / must be true or false' }).optional();

/**
 * When an obligation falls due. Each variant is one way the documents write a deadline.
 * - `yearly`: "trước ngày 25/3" every plan year.
 * - `last-week-of-month`: "tuần cuối tháng 6": due on the month's last working day; the window opens on that week's Monday.
 * - `once`: a one-off date, "trước ngày 01/10/2017".
 * - `in-years`: "2018 và 2020": due on `date` (default 31/12) of each listed year.
 * - `every-year`: "Hàng năm": due on `date` (default 31/12) of every plan year.
 * - `instant`: an absolute instant (demos and tests): reminders go out at exact offsets.
 *
 * `inclusive` (dated rules; default true) says whether the stated day itself is still in time. "chậm nhất ngày X",
 * "đến ngày X", "vào ngày X" include X; "trước ngày X" literally ends the day before, so a plan may set it false.
 * The default stays true because every plan applied so far was computed that way, and changing it would move
 * running deadlines a day earlier (see the README, "Hạn ghi trong văn bản").
 */
export const DeadlineRule = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('yearly'), date: dayMonth, inclusive }).strict(),
    z
      .object({
        type: z.literal('last-week-of-month'),
        month: z.number().int().min(1, 'tháng từ 1 đến 12 / month 1–12').max(12, 'tháng từ 1 đến 12 / month 1–12'),
      })
      .strict(),
    z.object({ type: z.literal('once'), date: isoDate, inclusive }).strict(),
    z
      .object({
        type: z.literal('in-years'),
        years: z.array(year).min(1, 'cần ít nhất một năm / at least one year'),
        date: dayMonth.optional(),
        inclusive,
      })
      .strict(),
    z.object({ type: z.literal('every-year'), date: dayMonth.optional(), inclusive }).strict(),
    z.object({ type: z.literal('instant'), at: isoInstant }).strict(),
  ],
  {
    error: (iss) =>
      iss.code === 'invalid_union'
        ? 'loại hạn không hợp lệ; cho phép: yearly, last-week-of-month, once, in-years, every-year, instant / unknown rule type'
        : undefined,
  },
);
export type DeadlineRule = z.infer<typeof DeadlineRule>;
