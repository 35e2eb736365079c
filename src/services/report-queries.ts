/**
 * Consolidated reports as the web app shows them: a plan-year's list, compiling one now (audited), one report's
 * record, and where its files are. Files are read from `<dataDir>/reports` only: a stored path is resolved (symbolic
 * links too) and refused unless it stays inside that folder, whatever the database says.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { PrismaClient } from '../db/prisma';
import { REPORT_FORMATS, type ReportFormat } from '../reports/export';
import { recordAudit } from './audit-log';
import { getPlan, type PlanInfo } from './plan-queries';
import {
  compileAndStore,
  findStoredReport,
  reportsDir,
  ReportNotFoundError,
  type ReportSummary,
  type StoredReport,
} from './report-service';
import { NotFoundError } from './service-errors';

export interface ReportQueryDeps {
  prisma: PrismaClient;
  dataDir: string;
  now: () => Date;
  /** `APP_BASE_URL`, for the annex's links to submitted files. (Default: none.) */
  baseUrl?: string;
}

/** What the API answers (and the pages show) for one compiled report. */
export interface ReportView {
  id: string;
  plan: string;
  year: number;
  /** The obligation the report is for; null for the whole plan-year. */
  obligation: string | null;
  obligationTitle: string | null;
  trigger: string;
  createdAt: string;
  /** The instant the report speaks for. */
  asOf: string | null;
  formats: { format: ReportFormat; url: string }[];
  totals: ReportSummary['totals'] | null;
  /** The report's page in the web app. */
  page: string;
}

function reportView(r: StoredReport, titles: Map<string, string> = new Map()): ReportView {
  const id = encodeURIComponent(r.id);
  return {
    id: r.id,
    plan: r.planCode,
    year: r.year,
    obligation: r.obligationId,
    obligationTitle: r.obligationId ? (titles.get(r.obligationId) ?? r.obligationId) : null,
    trigger: r.trigger,
    createdAt: r.createdAt.toISOString(),
    asOf: r.summary?.asOf ?? null,
    formats: REPORT_FORMATS.filter((f) => typeof r.files[f] === 'string').map((format) => ({
      format,
      url: `/api/reports/${id}/${format}`,
    })),
    totals: r.summary?.totals ?? null,
    page: `/reports/${id}`,
  };
}

const yearNotFound = (planCode: string, year: number) =>
  new NotFoundError(`Không tìm thấy năm ${year} trong kế hoạch ${planCode} / not found`);

/** The plan-year's compiled reports, newest first; not found for an unknown plan or a year it does not cover. */
export async function listReports(
  prisma: PrismaClient,
  planCode: string,
  year: number,
  limit = 50,
): Promise<ReportView[]> {
  const plan = await getPlan(prisma, planCode);
  if (!plan.years.includes(year)) throw yearNotFound(planCode, year);
  return reportsOf(prisma, plan, year, limit);
}

/** A loaded plan's compiled reports of one year, newest first. */
export async function reportsOf(prisma: PrismaClient, plan: PlanInfo, year: number, limit = 50): Promise<ReportView[]> {
  const rows = await prisma.compiledReport.findMany({
    where: { planCode: plan.code, year },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: limit,
  });
  const titles = new Map(plan.obligations.map((o) => [o.id, o.title]));
  return rows.map((row) =>
    reportView(
      { ...row, files: row.files as StoredReport['files'], summary: row.summary as unknown as ReportSummary },
      titles,
    ),
  );
}

/** Compiles the plan-year (or one obligation) now, keeps it and audits it. Unknown plan, year or obligation: not found. */
export async function compileNow(
  deps: ReportQueryDeps,
  actor: string,
  planCode: string,
  year: number,
  body: { obligation?: string; formats?: ReportFormat[] },
): Promise<ReportView> {
  const plan = await getPlan(deps.prisma, planCode);
  if (!plan.years.includes(year)) throw yearNotFound(planCode, year);
  let stored: StoredReport;
  try {
    ({ stored } = await compileAndStore(
      { prisma: deps.prisma, dataDir: deps.dataDir, clock: deps.now, baseUrl: deps.baseUrl },
      { planCode, year, obligationId: body.obligation },
      { trigger: 'manual', formats: body.formats ? [...new Set(body.formats)] : undefined },
    ));
  } catch (err) {
    // report-service keeps its own error class; callers see the one not-found of every service.
    if (err instanceof ReportNotFoundError) throw new NotFoundError(err.message);
    throw err;
  }
  await recordAudit(deps.prisma, {
    actor,
    action: 'report-compile',
    target: stored.id,
    detail: { plan: planCode, year, obligation: body.obligation ?? null, formats: Object.keys(stored.files) },
  });
  return reportView(stored, new Map(plan.obligations.map((o) => [o.id, o.title])));
}

/** One stored report with its obligation's title; not found when there is none. */
export async function getReport(prisma: PrismaClient, id: string): Promise<{ stored: StoredReport; view: ReportView }> {
  const stored = await findStoredReport(prisma, id);
  if (!stored) throw new NotFoundError(`Không tìm thấy báo cáo ${id} / not found`);
  const plan = await prisma.plan.findUnique({ where: { code: stored.planCode }, select: { definition: true } });
  const obligations = (plan?.definition as { obligations?: { id: string; title: string }[] } | undefined)?.obligations;
  const titles = new Map((obligations ?? []).map((o) => [o.id, o.title]));
  return { stored, view: reportView(stored, titles) };
}

/**
 * The absolute path of a stored file, or null when the stored path leaves `<dataDir>/reports` (`..`, an absolute
 * path, a symbolic link pointing out) or the file is gone.
 */
export async function resolveReportFile(dataDir: string, relative: unknown): Promise<string | null> {
  return resolveFileInside(reportsDir(dataDir), relative);
}

/** A stored relative path resolved under `folder` (symbolic links too), or null when it leaves it or is no file. */
export async function resolveFileInside(folder: string, relative: unknown): Promise<string | null> {
  if (typeof relative !== 'string' || relative === '' || relative.includes('\0')) return null;
  const root = path.resolve(folder);
  const candidate = path.resolve(root, relative);
  if (!candidate.startsWith(root + path.sep)) return null;
  try {
    const [realRoot, real] = await Promise.all([fs.promises.realpath(root), fs.promises.realpath(candidate)]);
    if (!real.startsWith(realRoot + path.sep)) return null;
    const stat = await fs.promises.stat(real);
    return stat.isFile() ? real : null;
  } catch {
    return null;
  }
}

/** `Báo cáo tổng hợp <plan> <year>[ <obligation>] <local date>.<format>`, the name a download is saved under. */
export function reportFileName(
  r: Pick<StoredReport, 'planCode' | 'year' | 'obligationId' | 'createdAt'>,
  format: string,
) {
  const day = new Date(r.createdAt.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
  return `Báo cáo tổng hợp ${r.planCode} ${r.year}${r.obligationId ? ` ${r.obligationId}` : ''} ${day}.${format}`;
}
