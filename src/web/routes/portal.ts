/**
 * The agency portal behind a signed link (`/s/<token>`): no account, one assignment. A forged, expired, revoked or
 * malformed link gets the same refusal (403), naming nothing. Uploads are checked by extension and by content (magic
 * bytes), limited in size, and stored under DATA_DIR/uploads; the submission, its indicator values and the workflow
 * signal succeed together or the stored file and rows are removed again.
 *
 * No CSRF token here: the link's token is itself the secret a forged cross-site form would need.
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import '@fastify/multipart';
import '@fastify/rate-limit';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { calendarObligations } from '../../domain/plan-calendar';
import type { Plan } from '../../domain/plan-schema';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../../runtime/private-files';
import { linkAccepted, verifyLink } from '../../security/signed-link';
import { ConflictError, recordSubmission } from '../../services/assignment-service';
import { recordAudit as audit } from '../../services/audit-log';
import { LINK } from '../access';
import type { WebContext } from '../context';
import type { RouteRegistry } from '../route-registry';

// Any string: a bad token gets the same refusal page as a forged one, never a 422 that tells them apart.
const TokenParams = z.object({ token: z.string() });
const HTML = 'text/html';

const TYPES = {
  pdf: { contentType: 'application/pdf', check: (b: Buffer) => b.subarray(0, 5).toString('latin1') === '%PDF-' },
  docx: {
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    check: (b: Buffer) => isZip(b) && b.includes('word/'),
  },
  xlsx: {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    check: (b: Buffer) => isZip(b) && b.includes('xl/'),
  },
} as const;
type Ext = keyof typeof TYPES;

function isZip(b: Buffer): boolean {
  return b.length > 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
}

/** Checks an upload's name and content; returns its type or a Vietnamese reason. */
export function checkUpload(
  fileName: string,
  content: Buffer,
): { ok: true; ext: Ext } | { ok: false; message: string } {
  const ext = path.extname(fileName).slice(1).toLowerCase();
  if (!(ext in TYPES)) return { ok: false, message: 'Chỉ nhận tệp PDF, DOCX hoặc XLSX.' };
  if (content.length === 0) return { ok: false, message: 'Tệp trống.' };
  if (!TYPES[ext as Ext].check(content))
    return { ok: false, message: `Nội dung tệp không phải là tệp ${ext.toUpperCase()} hợp lệ.` };
  return { ok: true, ext: ext as Ext };
}

function safeName(name: string): string {
  return (
    path
      .basename(name)
      .replace(/[/\\]/g, '_')
      // eslint-disable-next-line no-control-regex -- control characters are what this removes
      .replace(/[\u0000-\u001f\u007f]/g, '_')
      .slice(-150) || 'bao-cao'
  );
}

interface Resolved {
  a: {
    id: string;
    planCode: string;
    year: number;
    obligationId: string;
    agencyCode: string;
    dueAt: Date;
    dueDate: Date;
    state: string;
    submittedAt: Date | null;
  };
  plan: Plan;
  view: Record<string, unknown>;
}

async function resolve(ctx: WebContext, token: string): Promise<Resolved | null> {
  const v = verifyLink(token, ctx.deps.links.secret, Math.floor(ctx.now().getTime() / 1000));
  if (!v.ok) return null;
  const a = await ctx.prisma.assignment.findUnique({
    where: { id: v.claims.a },
    include: { plan: { select: { definition: true, title: true, status: true } } },
  });
  // Revoked: a link whose nonce is not the assignment's current one (see linkAccepted).
  if (!a || !linkAccepted(v.claims, a) || a.plan.status === 'removed') return null;
  const plan = a.plan.definition as unknown as Plan;
  const agency = plan.agencies.find((g) => g.code === a.agencyCode);
  const obligation = calendarObligations(plan).find((o) => o.id === a.obligationId);
  const indicatorCodes = plan.obligations.find((o) => o.id === a.obligationId)?.indicators ?? [];
  const indicators = plan.indicators
    .filter((i) => indicatorCodes.includes(i.code))
    .map((i) => ({ code: i.code, name: i.name, unit: i.unit }));
  return {
    a,
    plan,
    view: {
      planTitle: a.plan.title,
      agencyName: agency?.name ?? a.agencyCode,
      obligationTitle: obligation?.title ?? a.obligationId,
      dueDate: a.dueDate.toISOString().slice(0, 10),
      submittedAt: a.state === 'submitted' || a.state === 'late' ? (a.submittedAt?.toISOString() ?? null) : null,
      excused: a.state === 'excused',
      indicators,
    },
  };
}

export function registerPortalRoutes(api: RouteRegistry, ctx: WebContext): void {
  const maxBytes = ctx.deps.maxUploadBytes ?? 20 * 1024 * 1024;
  const rateLimit = { max: ctx.deps.rateLimits?.linkPerMinute ?? 60, timeWindow: '1 minute' };
  const config = { rateLimit, ...ctx.guard(LINK).config };
  const refuse = (reply: FastifyReply) =>
    reply.status(403).type('text/html; charset=utf-8').send(ctx.render('refusal', {}));
  const page = (reply: FastifyReply, status: number, view: string, data: Record<string, unknown>) =>
    reply
      .status(status)
      .type('text/html; charset=utf-8')
      .send(ctx.render(view, { maxMb: maxBytes / 1024 / 1024, ...data }));

  api.route({
    method: 'GET',
    url: '/s/:token',
    summary: "An agency's submission page (HTML) from its signed link",
    params: TokenParams,
    config,
    responses: {
      200: { description: 'The page', contentType: HTML },
      403: { description: 'Forged, expired or revoked link', contentType: HTML },
      429: { description: 'Too many requests' },
    },
    handler: async ({ params }, _req, reply) => {
      const r = await resolve(ctx, params.token);
      if (!r) return refuse(reply);
      return page(reply, 200, 'portal', r.view);
    },
  });

  api.route({
    method: 'POST',
    url: '/s/:token',
    summary: 'Submit the report (multipart: `file` PDF/DOCX/XLSX, `indicator.<code>` values)',
    params: TokenParams,
    bodyDoc: {
      contentType: 'multipart/form-data',
      schema: z.object({ file: z.string().meta({ format: 'binary' }) }).catchall(z.string()),
    },
    config,
    responses: {
      200: { description: 'Received; the obligation workflow emails a receipt', contentType: HTML },
      403: { description: 'Forged, expired or revoked link', contentType: HTML },
      409: { description: 'Already submitted', contentType: HTML },
      413: { description: 'File too large', contentType: HTML },
      422: { description: 'Wrong file type or indicator value', contentType: HTML },
      429: { description: 'Too many requests' },
    },
    handler: async ({ params }, req, reply) => {
      const r = await resolve(ctx, params.token);
      if (!r) return refuse(reply);
      if (r.view.submittedAt || r.view.excused) return page(reply, 409, 'portal', r.view);
      if (!req.isMultipart())
        return page(reply, 422, 'portal', { ...r.view, errors: [{ message: 'Hãy chọn tệp báo cáo.' }] });

      let file: { name: string; content: Buffer } | null = null;
      const fields: Record<string, string> = {};
      try {
        for await (const part of req.parts({ limits: { fileSize: maxBytes, files: 1, fields: 100 } })) {
          if (part.type === 'file') {
            const content = await part.toBuffer();
            if (part.fieldname === 'file' && part.filename) file = { name: part.filename, content };
          } else if (typeof part.value === 'string') {
            fields[part.fieldname] = part.value;
          }
        }
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (code === 'FST_REQ_FILE_TOO_LARGE')
          return page(reply, 413, 'portal', {
            ...r.view,
            errors: [{ message: `Tệp quá lớn (tối đa ${maxBytes / 1024 / 1024} MB).` }],
          });
        throw err;
      }

      const errors: { message: string }[] = [];
      let ext: Ext | null = null;
      if (!file) errors.push({ message: 'Hãy chọn tệp báo cáo.' });
      else {
        const c = checkUpload(file.name, file.content);
        if (c.ok) ext = c.ext;
        else errors.push({ message: c.message });
      }
      const indicatorValues: { code: string; value: number }[] = [];
      const indicators = (r.view.indicators as { code: string; name: string; unit: string }[]).map((ind) => {
        const raw = (fields[`indicator.${ind.code}`] ?? '').trim();
        if (raw === '') return { ...ind, value: raw };
        const value = Number(raw.replace(/\s/g, '').replace(',', '.'));
        if (!Number.isFinite(value)) {
          const error = `“${ind.name}” phải là một số.`;
          errors.push({ message: error });
          return { ...ind, value: raw, error };
        }
        indicatorValues.push({ code: ind.code, value });
        return { ...ind, value: raw };
      });
      if (errors.length > 0 || !file || !ext) return page(reply, 422, 'portal', { ...r.view, indicators, errors });

      const submissionDir = path.join(r.a.planCode, String(r.a.year), r.a.obligationId, r.a.agencyCode);
      const relative = path.join(submissionDir, `${randomUUID()}.${ext}`);
      const absolute = path.join(ctx.deps.dataDir, 'uploads', relative);
      fs.mkdirSync(path.dirname(absolute), { recursive: true, mode: PRIVATE_DIR_MODE });
      fs.writeFileSync(absolute, file.content, { flag: 'wx', mode: PRIVATE_FILE_MODE });
      const receivedAt = ctx.now();
      let submissionId: string;
      try {
        ({ submissionId } = await recordSubmission(
          { prisma: ctx.prisma, temporal: ctx.deps.temporal },
          {
            plan: r.a.planCode,
            year: r.a.year,
            obligation: r.a.obligationId,
            agency: r.a.agencyCode,
            channel: 'web',
            fileName: safeName(file.name),
            receivedAt,
            recordedBy: 'link',
            file: {
              path: relative,
              contentType: TYPES[ext].contentType,
              size: file.content.length,
              sha256: createHash('sha256').update(file.content).digest('hex'),
            },
            indicatorValues,
            // The obligation workflow confirms it to the agency, retrying until the mail server takes it.
            receipt: true,
          },
        ));
      } catch (err) {
        fs.rmSync(absolute, { force: true });
        if (err instanceof ConflictError) return page(reply, 409, 'portal', r.view);
        throw err;
      }
      await audit(ctx.prisma, {
        actor: `link:${r.a.agencyCode}`,
        action: 'submit',
        target: r.a.id,
        detail: {
          submissionId,
          fileName: safeName(file.name),
          size: file.content.length,
          indicators: indicatorValues.length,
        },
      });
      return page(reply, 200, 'portal-done', { ...r.view, receivedAt: receivedAt.toISOString() });
    },
  });
}
