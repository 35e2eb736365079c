/**
 * Consolidated reports for the CLI, the web app and the cycle's activity: load a plan-year from PostgreSQL, compile
 * it (`src/domain/report-compile.ts`), export it, keep the files under `DATA_DIR/reports/<plan>/<year>/` and record
 * a `CompiledReport` row.
 *
 * All or nothing: every file is written under a temporary name and renamed only when all were written; the row is
 * inserted after that, and any failure removes the files written so far. So there is never a row without its
 * files, nor files without a row (short of the process dying between the renames and the insert, which leaves
 * unreferenced files and no row: harmless, and named by the report id if someone looks).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { PrismaClient } from '../db/prisma';
import type { Plan } from '../domain/plan-schema';
import { compileReport, type CompiledReportData } from '../domain/report-compile';
import { exportReport, REPORT_FORMATS, type ReportFormat } from '../reports/export';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../runtime/private-files';
import { readSubmissionTexts, type SubmittedFileRef } from './submission-text';

export class ReportNotFoundError extends Error {
  override name = 'ReportNotFoundError';
}

export interface ReportRequest {
  planCode: string;
  year: number;
  /** One obligation (or a consolidated obligation's gathered ones). (Default: the whole plan-year.) */
  obligationId?: string;
  /** The instant the report speaks for. (Default: the service's clock.) */
  asOf?: Date;
}

export interface ReportServiceDeps {
  prisma: PrismaClient;
  /** `DATA_DIR`; files go under `<dataDir>/reports`. */
  dataDir: string;
  /** (Default: the system clock.) */
  clock?: () => Date;
  /** `APP_BASE_URL`, for the links to submitted files in the annex. (Default: none; files are named, not linked.) */
  baseUrl?: string;
}

export interface StoredReport {
  id: string;
  planCode: string;
  year: number;
  obligationId: string | null;
  trigger: string;
  /** Format → path relative to `<dataDir>/reports`. */
  files: Partial<Record<ReportFormat, string>>;
  summary: ReportSummary;
  createdAt: Date;
}

/** What the `CompiledReport.summary` column holds: enough for a list page and the email without opening a file. */
export interface ReportSummary {
  asOf: string;
  totals: CompiledReportData['totals'];
  indicators: number;
  indicatorsReported: number;
  overdue: { agencyCode: string; agencyName: string; obligationId: string; daysLate: number | null }[];
}

export function reportsDir(dataDir: string): string {
  return path.join(dataDir, 'reports');
}

/**
 * Loads a plan-year from the database and compiles it. With `dataDir`, the newest file of each assignment is read
 * for the text annex (see submission-text.ts).
 */
export async function loadAndCompile(
  prisma: PrismaClient,
  req: ReportRequest & { asOf: Date },
  files: { dataDir?: string; baseUrl?: string } = {},
) {
  const row = await prisma.plan.findUnique({ where: { code: req.planCode } });
  if (!row) throw new ReportNotFoundError(`Không có kế hoạch "${req.planCode}" / no plan "${req.planCode}"`);
  const plan = row.definition as unknown as Plan;
  if (req.year < plan.years.from || req.year > plan.years.to) {
    throw new ReportNotFoundError(
      `Kế hoạch "${req.planCode}" không có năm ${req.year} (${plan.years.from}–${plan.years.to}) / the plan does not cover ${req.year}`,
    );
  }
  const [assignments, submissions, values, previousValues] = await Promise.all([
    prisma.assignment.findMany({
      where: { planCode: req.planCode, year: req.year },
      select: {
        obligationId: true,
        agencyCode: true,
        state: true,
        dueDate: true,
        dueAt: true,
        submittedAt: true,
        successorAgencyCode: true,
      },
    }),
    prisma.submission.findMany({
      where: { assignment: { planCode: req.planCode, year: req.year } },
      select: {
        id: true,
        receivedAt: true,
        channel: true,
        fileName: true,
        filePath: true,
        sha256: true,
        assignment: { select: { obligationId: true, agencyCode: true } },
      },
    }),
    prisma.indicatorValue.findMany({
      where: { planCode: req.planCode, year: req.year },
      select: { indicatorCode: true, agencyCode: true, value: true },
    }),
    prisma.indicatorValue.findMany({
      where: { planCode: req.planCode, year: req.year - 1 },
      select: { indicatorCode: true, agencyCode: true, value: true },
    }),
  ]);
  const texts = files.dataDir === undefined ? [] : await readSubmissionTexts(files.dataDir, newestFiles(submissions));
  // Open obligations of a merged agency are its successor's now (src/services/directory-reorganise.ts).
  const successors = new Map(
    (
      await prisma.directoryAgency.findMany({
        where: { code: { in: assignments.flatMap((a) => (a.successorAgencyCode ? [a.successorAgencyCode] : [])) } },
        select: { code: true, name: true },
      })
    ).map((d) => [d.code, d.name]),
  );
  try {
    return compileReport({
      plan,
      year: req.year,
      asOf: req.asOf.toISOString(),
      obligationId: req.obligationId,
      assignments: assignments.map((a) => ({
        obligationId: a.obligationId,
        agencyCode: a.agencyCode,
        state: a.state,
        dueDate: a.dueDate.toISOString().slice(0, 10),
        dueAt: a.dueAt.toISOString(),
        submittedAt: a.submittedAt?.toISOString() ?? null,
        successorName: a.successorAgencyCode ? (successors.get(a.successorAgencyCode) ?? a.successorAgencyCode) : null,
      })),
      submissions: submissions.map((s) => ({
        obligationId: s.assignment.obligationId,
        agencyCode: s.assignment.agencyCode,
        receivedAt: s.receivedAt.toISOString(),
        channel: s.channel,
        fileName: s.fileName,
        id: s.id,
        hasFile: s.filePath !== null,
      })),
      values,
      previousValues,
      texts,
      baseUrl: files.baseUrl,
    });
  } catch (err) {
    if (err instanceof RangeError) throw new ReportNotFoundError(err.message);
    throw err;
  }
}

/** The newest stored file of each assignment (a resubmission replaces the earlier file). */
function newestFiles(
  submissions: readonly {
    receivedAt: Date;
    fileName: string | null;
    filePath: string | null;
    sha256: string | null;
    assignment: { obligationId: string; agencyCode: string };
  }[],
): SubmittedFileRef[] {
  const newest = new Map<string, (typeof submissions)[number]>();
  for (const s of submissions) {
    if (s.filePath === null) continue;
    const k = `${s.assignment.obligationId}\u0000${s.assignment.agencyCode}`;
    const seen = newest.get(k);
    if (!seen || s.receivedAt > seen.receivedAt) newest.set(k, s);
  }
  return [...newest.values()].map((s) => ({
    obligationId: s.assignment.obligationId,
    agencyCode: s.assignment.agencyCode,
    fileName: s.fileName ?? path.basename(s.filePath ?? ''),
    filePath: s.filePath ?? '',
    sha256: s.sha256,
  }));
}

export function summaryOf(report: CompiledReportData): ReportSummary {
  return {
    asOf: report.asOf,
    totals: report.totals,
    indicators: report.indicators.length,
    indicatorsReported: report.indicators.filter((i) => i.result !== null).length,
    overdue: report.overdue.map((r) => ({
      agencyCode: r.agencyCode,
      agencyName: r.agencyName,
      obligationId: r.obligationId,
      daysLate: r.daysLate,
    })),
  };
}

/** A report id that is also safe as a file name. */
export function safeReportId(id: string): string {
  const safe = id.replace(/[^A-Za-z0-9_.-]+/g, '_').replace(/^[.]+/, '_');
  if (safe.length === 0 || safe.length > 160) throw new RangeError(`report id unusable as a file name: ${id}`);
  return safe;
}

export interface StoreOptions {
  trigger: 'auto' | 'manual';
  /** (Default: all three.) */
  formats?: readonly ReportFormat[];
  /** The row's id; a deterministic one makes a retried caller find its report. (Default: a random UUID.) */
  id?: string;
  /** Recorded on the row when the report is for one obligation. (Default: none, the whole plan-year.) */
  obligationId?: string;
}

/**
 * Writes the report's files and inserts its row, all or nothing (see the file comment). Returns the stored row and
 * the bytes written, so a caller can send them without reading the files back.
 */
export async function storeReport(
  deps: ReportServiceDeps,
  report: CompiledReportData,
  options: StoreOptions,
): Promise<{ stored: StoredReport; buffers: Partial<Record<ReportFormat, Buffer>> }> {
  const id = safeReportId(options.id ?? randomUUID());
  const formats = options.formats ?? REPORT_FORMATS;
  const relDir = path.join(report.plan.code, String(report.year));
  const absDir = path.join(reportsDir(deps.dataDir), relDir);
  // A suffix per call: two attempts storing the same id never write (or clean up) each other's files.
  const suffix = randomBytes(4).toString('hex');
  const written: string[] = [];
  const temporary: string[] = [];
  const files: Partial<Record<ReportFormat, string>> = {};
  const buffers: Partial<Record<ReportFormat, Buffer>> = {};
  const summary = summaryOf(report);
  try {
    await fs.mkdir(absDir, { recursive: true, mode: PRIVATE_DIR_MODE });
    for (const format of formats) {
      const bytes = await exportReport(format, report);
      const name = `${id}-${suffix}.${format}`;
      const tmp = path.join(absDir, `.${name}.tmp`);
      temporary.push(tmp);
      await fs.writeFile(tmp, bytes, { mode: PRIVATE_FILE_MODE });
      files[format] = path.join(relDir, name).split(path.sep).join('/');
      buffers[format] = bytes;
    }
    for (const format of formats) {
      const final = path.join(reportsDir(deps.dataDir), files[format] ?? '');
      await fs.rename(path.join(absDir, `.${path.basename(final)}.tmp`), final);
      written.push(final);
    }
    const row = await deps.prisma.compiledReport.create({
      data: {
        id,
        planCode: report.plan.code,
        year: report.year,
        obligationId: options.obligationId ?? null,
        trigger: options.trigger,
        files: files,
        summary: JSON.parse(JSON.stringify(summary)) as Record<string, never>,
      },
    });
    return {
      stored: {
        id: row.id,
        planCode: row.planCode,
        year: row.year,
        obligationId: row.obligationId,
        trigger: row.trigger,
        files,
        summary,
        createdAt: row.createdAt,
      },
      buffers,
    };
  } catch (err) {
    await Promise.all([...written, ...temporary].map((f) => fs.rm(f, { force: true }).catch(() => undefined)));
    throw err;
  }
}

/** Compiles a plan-year (or one obligation) and stores it; what `nhac-han report` and the web app call. */
export async function compileAndStore(
  deps: ReportServiceDeps,
  req: ReportRequest,
  options: StoreOptions,
): Promise<{ report: CompiledReportData; stored: StoredReport; buffers: Partial<Record<ReportFormat, Buffer>> }> {
  const asOf = req.asOf ?? (deps.clock ?? (() => new Date()))();
  const report = await loadAndCompile(deps.prisma, { ...req, asOf }, { dataDir: deps.dataDir, baseUrl: deps.baseUrl });
  const { stored, buffers } = await storeReport(deps, report, { ...options, obligationId: req.obligationId });
  return { report, stored, buffers };
}

/** A stored report's row, or null. */
export async function findStoredReport(prisma: PrismaClient, id: string): Promise<StoredReport | null> {
  const row = await prisma.compiledReport.findUnique({ where: { id } });
  if (!row) return null;
  return {
    id: row.id,
    planCode: row.planCode,
    year: row.year,
    obligationId: row.obligationId,
    trigger: row.trigger,
    files: row.files as Partial<Record<ReportFormat, string>>,
    summary: row.summary as unknown as ReportSummary,
    createdAt: row.createdAt,
  };
}
