/**
 * `nhac-han report --plan CODE --year Y --format xlsx|docx|csv --out FILE [--obligation ID]`: compiles the
 * consolidated report now, keeps it (a `CompiledReport` row, trigger `manual`, files under DATA_DIR/reports) and
 * writes the chosen format to FILE. Exit 0, or 1 with one line per problem.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { loadConfig } from '../../config';
import { MAX_CALENDAR_YEAR, MIN_CALENDAR_YEAR } from '../../domain/holiday-days';
import { formatNumber } from '../../domain/vietnamese-format';
import { REPORT_FORMATS, type ReportFormat } from '../../reports/export';
import { compileAndStore, ReportNotFoundError } from '../../services/report-service';
import { CliError } from '../cli-error';
import { cliActor } from '../cli-actor';
import { recordAudit } from '../../services/audit-log';
import { connectPrisma, firstLine, resolveEndpoints } from '../../runtime/endpoints';

const YEAR_MESSAGE = `--year: phải là số nguyên ${MIN_CALENDAR_YEAR}–${MAX_CALENDAR_YEAR} / must be an integer ${MIN_CALENDAR_YEAR}–${MAX_CALENDAR_YEAR}`;

const ReportOptions = z
  .object({
    plan: z
      .string({ error: '--plan: thiếu mã kế hoạch / missing plan code' })
      .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, '--plan: mã kế hoạch không hợp lệ / invalid plan code'),
    year: z.coerce
      .number({ error: YEAR_MESSAGE })
      .int(YEAR_MESSAGE)
      .min(MIN_CALENDAR_YEAR, YEAR_MESSAGE)
      .max(MAX_CALENDAR_YEAR, YEAR_MESSAGE),
    format: z.enum(REPORT_FORMATS, {
      error: `--format: phải là một trong ${REPORT_FORMATS.join(', ')} / must be one of ${REPORT_FORMATS.join(', ')}`,
    }),
    out: z
      .string({ error: '--out: thiếu đường dẫn tệp / missing output file' })
      .min(1, '--out: thiếu đường dẫn tệp / missing output file'),
    obligation: z.string().min(1).optional(),
    by: z.string().max(200).optional(),
  })
  .strict();
export type ReportOptions = z.output<typeof ReportOptions>;

/** Validates the flags; every problem is one line of the thrown `CliError`. */
export function parseReportOptions(raw: Record<string, unknown>): ReportOptions {
  const r = ReportOptions.safeParse(raw);
  if (r.success) return r.data;
  throw new CliError(r.error.issues.map((i) => i.message).join('\n'));
}

async function writeOut(file: string, bytes: Buffer): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    await fs.writeFile(tmp, bytes);
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw new CliError(`--out: không ghi được ${file} / cannot write the file (${firstLine(err)})`);
  }
}

export async function reportCommand(raw: Record<string, unknown>): Promise<void> {
  const opts = parseReportOptions(raw);
  const out = path.resolve(opts.out);
  const dir = await fs.stat(path.dirname(out)).catch(() => null);
  if (!dir?.isDirectory()) {
    throw new CliError(`--out: thư mục ${path.dirname(out)} không tồn tại / the folder does not exist`);
  }
  const config = loadConfig();
  const ep = resolveEndpoints(config, { database: true });
  const prisma = await connectPrisma(ep.databaseUrl);
  try {
    const formats: ReportFormat[] = [opts.format];
    const { report, stored, buffers } = await compileAndStore(
      { prisma, dataDir: config.dataDir, baseUrl: config.appBaseUrl },
      { planCode: opts.plan, year: opts.year, obligationId: opts.obligation },
      { trigger: 'manual', formats },
    ).catch((err: unknown) => {
      if (err instanceof ReportNotFoundError) throw new CliError(err.message);
      throw new CliError(`Không lập được báo cáo / report not compiled: ${firstLine(err)}`);
    });
    const bytes = buffers[opts.format];
    if (!bytes) throw new CliError(`Không lập được báo cáo / report not compiled: no ${opts.format}`);
    await writeOut(out, bytes);
    // The same row as the web app's "Tổng hợp ngay": the compiled report is kept (a CompiledReport row).
    await recordAudit(prisma, {
      actor: cliActor(opts.by).actor,
      action: 'report-compile',
      target: stored.id,
      detail: { plan: opts.plan, year: opts.year, obligation: opts.obligation ?? null, formats: [opts.format] },
    });
    const t = report.totals;
    console.log(
      `Đã lập báo cáo / report written: ${out} (${opts.format}, ${formatNumber(t.onTime + t.late)}/${formatNumber(t.expected - t.excused)} báo cáo đã nhận, ${formatNumber(t.overdue)} quá hạn; mã ${stored.id})`,
    );
  } finally {
    await prisma.$disconnect();
  }
}
