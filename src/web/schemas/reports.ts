/** Requests and answers of the report routes. */
import { z } from 'zod';
import { REPORT_FORMATS } from '../../reports/export';
import { CODE } from '../context';

/** Report ids are file-name safe (see `safeReportId`): letters, digits, `_`, `.`, `-`. */
export const ReportParams = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,159}$/, 'mã báo cáo không hợp lệ / invalid report id'),
});
export const ReportFileParams = ReportParams.extend({
  format: z.string().regex(/^[a-z0-9]{1,10}$/, 'định dạng không hợp lệ / invalid format'),
});

export const CompileBody = z.strictObject({
  obligation: z.string().regex(CODE, 'mã nghĩa vụ không hợp lệ / invalid obligation id').optional(),
  formats: z
    .array(
      z.enum(REPORT_FORMATS, {
        error: `phải là một trong ${REPORT_FORMATS.join(', ')} / must be one of ${REPORT_FORMATS.join(', ')}`,
      }),
    )
    .min(1, 'chọn ít nhất một định dạng / at least one format')
    .max(REPORT_FORMATS.length)
    .optional(),
});
export type CompileBody = z.output<typeof CompileBody>;

export const ListQuery = z.strictObject({
  limit: z.coerce
    .number({ error: 'limit phải là số / limit must be a number' })
    .int('limit phải là số nguyên / limit must be an integer')
    .min(1, 'limit từ 1 đến 200 / limit 1–200')
    .max(200, 'limit từ 1 đến 200 / limit 1–200')
    .optional(),
});

export const CompiledReport = z
  .object({
    id: z.string(),
    plan: z.string(),
    year: z.int(),
    obligation: z.string().nullable().describe('null: the whole plan-year'),
    obligationTitle: z.string().nullable(),
    trigger: z.string().describe('`auto` (the cycle) or `manual`'),
    createdAt: z.iso.datetime(),
    asOf: z.iso.datetime().nullable(),
    formats: z.array(z.object({ format: z.enum(REPORT_FORMATS), url: z.string() })),
    totals: z
      .object(
        Object.fromEntries(
          ['expected', 'onTime', 'late', 'overdue', 'pending', 'excused'].map((k) => [k, z.int()]),
        ) as Record<string, z.ZodInt>,
      )
      .nullable(),
    page: z.string().describe('the report page in the web app'),
    summary: z.looseObject({}).optional().describe('GET /api/reports/{id} only: the stored summary'),
  })
  .meta({ id: 'CompiledReport' });
