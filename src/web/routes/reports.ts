/**
 * Consolidated reports over the API: a plan-year's compiled reports, compiling one now, one report's record, and its
 * files. The cycle's emailed link (`<APP_BASE_URL>/api/reports/<id>`) lands here: a browser (it accepts text/html) is
 * sent on to the report's page, an API client gets JSON.
 */
import fs from 'node:fs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { CONTENT_TYPES, REPORT_FORMATS, type ReportFormat } from '../../reports/export';
import { compileNow, getReport, listReports, reportFileName, resolveReportFile } from '../../services/report-queries';
import type { StoredReport } from '../../services/report-service';
import { planActor, READER } from '../access';
import type { WebContext } from '../context';
import { notFound, parseOr422 } from '../http-errors';
import { COMMON, type RouteRegistry } from '../route-registry';
import { MatrixParams } from '../schemas/assignments';
import { CompileBody, CompiledReport, ListQuery, ReportFileParams, ReportParams } from '../schemas/reports';

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
async function sendReportFile(
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

export function registerReportRoutes(api: RouteRegistry, ctx: WebContext): void {
  const reportDeps = { prisma: ctx.prisma, dataDir: ctx.deps.dataDir, now: ctx.now, baseUrl: ctx.deps.links.baseUrl };
  const list = '/api/plans/:code/years/:year/reports';
  const one = z.object({ report: CompiledReport });
  api.route({
    method: 'GET',
    url: list,
    summary: "A plan-year's compiled reports, newest first",
    params: MatrixParams,
    query: ListQuery,
    ...ctx.guard(READER),
    responses: {
      200: { description: 'Reports', schema: z.object({ reports: z.array(CompiledReport) }) },
      401: COMMON[401],
      404: COMMON[404],
      422: COMMON[422],
    },
    handler: async ({ params, query }) => ({
      reports: await listReports(ctx.prisma, params.code, params.year, query.limit),
    }),
  });

  api.route({
    method: 'POST',
    url: list,
    summary: 'Compile the plan-year (or one obligation) now',
    params: MatrixParams,
    body: CompileBody,
    ...ctx.guard(planActor('code')),
    responses: {
      201: { description: 'Compiled', schema: one },
      401: COMMON[401],
      403: COMMON[403],
      404: COMMON[404],
      422: COMMON[422],
    },
    handler: async ({ params, body }, req, reply) => {
      const report = await compileNow(reportDeps, req.auth?.email ?? '?', params.code, params.year, body);
      return reply.status(201).send({ report });
    },
  });

  // A browser following the emailed link goes to the report's page (which asks it to sign in first if needed);
  // the redirect names only the id it was given, so it tells nothing to someone without a session.
  const toPage = async (req: FastifyRequest, reply: FastifyReply) => {
    if (req.method !== 'GET' || !prefersHtml(req.headers.accept)) return;
    const { id } = parseOr422(ReportParams, req.params);
    return reply.redirect(`/reports/${encodeURIComponent(id)}`, 303);
  };
  api.route({
    method: 'GET',
    url: '/api/reports/:id',
    summary: 'One compiled report with its summary; a browser (Accept: text/html) is redirected to its page',
    params: ReportParams,
    config: ctx.guard(READER).config,
    preHandler: [toPage, ctx.guard(READER).preHandler],
    responses: {
      200: { description: 'The report', schema: one },
      303: { description: 'A browser: to the report page' },
      401: COMMON[401],
      404: COMMON[404],
      422: COMMON[422],
    },
    handler: async ({ params }) => {
      const { stored, view } = await getReport(ctx.prisma, params.id);
      return { report: { ...view, summary: stored.summary } };
    },
  });

  api.route({
    method: 'GET',
    url: '/api/reports/:id/:format',
    summary: "Download one of the report's files (xlsx, docx, csv)",
    params: ReportFileParams,
    ...ctx.guard(READER),
    responses: {
      200: { description: 'The file', contentType: 'application/octet-stream' },
      401: COMMON[401],
      404: COMMON[404],
      422: COMMON[422],
    },
    handler: async ({ params }, req, reply) => {
      const { stored } = await getReport(ctx.prisma, params.id);
      return sendReportFile(ctx, req, reply, stored, params.format);
    },
  });
}
