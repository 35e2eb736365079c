/**
 * Consolidated reports over the API: a plan-year's compiled reports, compiling one now, one report's record, and its
 * files. The cycle's emailed link (`<APP_BASE_URL>/api/reports/<id>`) lands here: a browser (it accepts text/html) is
 * sent on to the report's page, an API client gets JSON.
 *
 * Files are read from `<dataDir>/reports` only: a stored path is resolved (symbolic links too) and refused unless it
 * stays inside that folder, whatever the database says.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { REPORT_FORMATS, CONTENT_TYPES, type ReportFormat } from '../reports/export';
import {
  compileAndStore,
  findStoredReport,
  reportsDir,
  ReportNotFoundError,
  type ReportSummary,
  type StoredReport,
} from '../services/report-service';
import { MatrixParams } from './api-assignments';
import { getPlan } from './api-plans';
import { audit } from './audit';
import { ACTORS, READERS, requireRole } from './auth';
import { CODE, type WebContext } from './context';
import { HttpError, notFound, parseOr422 } from './http-errors';

/** Report ids are file-name safe (see `safeReportId`): letters, digits, `_`, `.`, `-`. */
export const ReportParams = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,159}$/, 'mã báo cáo không hợp lệ / invalid report id'),
});
const ReportFileParams = ReportParams.extend({
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

const ListQuery = z.strictObject({
  limit: z.coerce
    .number({ error: 'limit phải là số / limit must be a number' })
    .int('limit phải là số nguyên / limit must be an integer')
    .min(1, 'limit từ 1 đến 200 / limit 1–200')
    .max(200, 'limit từ 1 đến 200 / limit 1–200')
    .optional(),
});

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

export function reportView(r: StoredReport, titles: Map<string, string> = new Map()): ReportView {
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

type PlanInfo = Awaited<ReturnType<typeof getPlan>>;

/** The plan-year's compiled reports, newest first; 404 for an unknown plan or a year it does not cover. */
export async function listReports(ctx: WebContext, planCode: string, year: number, limit = 50): Promise<ReportView[]> {
  const plan = await getPlan(ctx, planCode);
  if (!plan.years.includes(year)) throw notFound(`năm ${year} trong kế hoạch ${planCode}`);
  return reportsOf(ctx, plan, year, limit);
}

/** A loaded plan's compiled reports of one year, newest first. */
export async function reportsOf(ctx: WebContext, plan: PlanInfo, year: number, limit = 50): Promise<ReportView[]> {
  const rows = await ctx.prisma.compiledReport.findMany({
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

/** Compiles the plan-year (or one obligation) now, keeps it and audits it. Unknown plan, year or obligation: 404. */
export async function compileNow(
  ctx: WebContext,
  actor: string,
  planCode: string,
  year: number,
  body: CompileBody,
): Promise<ReportView> {
  const plan = await getPlan(ctx, planCode);
  if (!plan.years.includes(year)) throw notFound(`năm ${year} trong kế hoạch ${planCode}`);
  let stored: StoredReport;
  try {
    ({ stored } = await compileAndStore(
      { prisma: ctx.prisma, dataDir: ctx.deps.dataDir, clock: ctx.now },
      { planCode, year, obligationId: body.obligation },
      { trigger: 'manual', formats: body.formats ? [...new Set(body.formats)] : undefined },
    ));
  } catch (err) {
    if (err instanceof ReportNotFoundError) throw new HttpError(404, err.message);
    throw err;
  }
  await audit(ctx.prisma, {
    actor,
    action: 'report-compile',
    target: stored.id,
    detail: { plan: planCode, year, obligation: body.obligation ?? null, formats: Object.keys(stored.files) },
  });
  return reportView(stored, new Map(plan.obligations.map((o) => [o.id, o.title])));
}

/** One stored report with its obligation's title; 404 when there is none. */
export async function getReport(ctx: WebContext, id: string): Promise<{ stored: StoredReport; view: ReportView }> {
  const stored = await findStoredReport(ctx.prisma, id);
  if (!stored) throw notFound(`báo cáo ${id}`);
  const plan = await ctx.prisma.plan.findUnique({ where: { code: stored.planCode }, select: { definition: true } });
  const obligations = (plan?.definition as { obligations?: { id: string; title: string }[] } | undefined)?.obligations;
  const titles = new Map((obligations ?? []).map((o) => [o.id, o.title]));
  return { stored, view: reportView(stored, titles) };
}

/**
 * The absolute path of a stored file, or null when the stored path leaves `<dataDir>/reports` (`..`, an absolute
 * path, a symbolic link pointing out) or the file is gone.
 */
export async function resolveReportFile(dataDir: string, relative: unknown): Promise<string | null> {
  if (typeof relative !== 'string' || relative === '' || relative.includes('\0')) return null;
  const root = path.resolve(reportsDir(dataDir));
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

/**
 * A `Content-Disposition: attachment` value: an ASCII `filename` for old clients (diacritics dropped, đ → d) and the
 * exact UTF-8 name as RFC 5987 `filename*`.
 */
export function attachmentDisposition(name: string): string {
  const ascii =
    name
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/đ/g, 'd')
      .replace(/Đ/g, 'D')
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/-+/g, '-')
      .replace(/^-|-$/g, '') || 'bao-cao';
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/**
 * Whether the client asks for a page: `text/html` listed with a weight above zero and at least that of
 * `application/json`. Browsers send `text/html,…,*\/*;q=0.8`; fetch and curl send `*\/*` and get JSON.
 */
export function prefersHtml(accept: string | undefined): boolean {
  const weights = new Map<string, number>();
  for (const part of (accept ?? '').split(',')) {
    const [type = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    weights.set(type.trim(), q === undefined ? 1 : Number(q));
  }
  const html = weights.get('text/html') ?? 0;
  return html > 0 && html >= (weights.get('application/json') ?? 0);
}

/** Sends the file of one stored report; 404 for an unknown format, a format the report lacks, or a refused path. */
export async function sendReportFile(
  ctx: WebContext,
  req: FastifyRequest,
  reply: FastifyReply,
  stored: StoredReport,
  format: string,
): Promise<FastifyReply> {
  if (!(REPORT_FORMATS as readonly string[]).includes(format)) throw notFound(`định dạng ${format}`);
  const f = format as ReportFormat;
  const relative = stored.files[f];
  if (relative === undefined) throw notFound(`tệp ${f} của báo cáo ${stored.id}`);
  const file = await resolveReportFile(ctx.deps.dataDir, relative);
  if (!file) {
    req.log.warn({ reportId: stored.id, format: f, relative }, 'report file missing or outside DATA_DIR/reports');
    throw notFound(`tệp ${f} của báo cáo ${stored.id}`);
  }
  const { size } = await fs.promises.stat(file);
  return reply
    .type(CONTENT_TYPES[f])
    .header('content-length', size)
    .header('content-disposition', attachmentDisposition(reportFileName(stored, f)))
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .send(fs.createReadStream(file));
}

export function registerReportApi(app: FastifyInstance, ctx: WebContext): void {
  const list = '/api/plans/:code/years/:year/reports';
  app.get(list, { preHandler: requireRole(READERS) }, async (req) => {
    const p = parseOr422(MatrixParams, req.params);
    const q = parseOr422(ListQuery, req.query);
    return { reports: await listReports(ctx, p.code, p.year, q.limit) };
  });

  app.post(list, { preHandler: requireRole(ACTORS) }, async (req, reply) => {
    const p = parseOr422(MatrixParams, req.params);
    const body = parseOr422(CompileBody, req.body);
    const report = await compileNow(ctx, req.auth?.email ?? '?', p.code, p.year, body);
    return reply.status(201).send({ report });
  });

  // A browser following the emailed link goes to the report's page (which asks it to sign in first if needed);
  // the redirect names only the id it was given, so it tells nothing to someone without a session.
  const toPage = async (req: FastifyRequest, reply: FastifyReply) => {
    if (req.method !== 'GET' || !prefersHtml(req.headers.accept)) return;
    const { id } = parseOr422(ReportParams, req.params);
    return reply.redirect(`/reports/${encodeURIComponent(id)}`, 303);
  };
  app.get('/api/reports/:id', { preHandler: [toPage, requireRole(READERS)] }, async (req) => {
    const { id } = parseOr422(ReportParams, req.params);
    const { stored, view } = await getReport(ctx, id);
    return { report: { ...view, summary: stored.summary } };
  });

  app.get('/api/reports/:id/:format', { preHandler: requireRole(READERS) }, async (req, reply) => {
    const { id, format } = parseOr422(ReportFileParams, req.params);
    const { stored } = await getReport(ctx, id);
    return sendReportFile(ctx, req, reply, stored, format);
  });
}
