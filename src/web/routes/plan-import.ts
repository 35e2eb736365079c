/**
 * Importing a plan from its document in the browser: upload the Kế hoạch (DOCX, PDF, text), review what was found
 * beside the document's lines (keep, correct or drop each deadline and campaign window), then continue on the plans
 * page with the resulting plan file, where it is checked and applied like any other. Nothing is stored before that.
 */
import '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parse } from 'yaml';
import { MAX_DOCUMENT_BYTES } from '../../importer/readers/read-document';
import { importUpload, reviewedPlanText } from '../../services/plan-import-review';
import { listPlans, validatePlan } from '../../services/plan-queries';
import type { PlanInput } from '../../domain/plan-schema';
import { ADMIN } from '../access';
import { assertCsrf } from '../auth';
import type { WebContext } from '../context';
import { HttpError, httpErrorOf } from '../http-errors';
import { openEditor } from '../plan-editor-page';
import { loadDirectorySnapshot } from '../../services/directory-store';

export function registerPlanImportPages(app: FastifyInstance, ctx: WebContext): void {
  const html = (reply: FastifyReply, req: FastifyRequest, view: string, data: Record<string, unknown>, status = 200) =>
    reply
      .status(status)
      .type('text/html; charset=utf-8')
      .send(ctx.render(view, { user: req.auth, mailbox: ctx.mailbox, ...data }));
  /** A refusal (422) shown on the page it came from, with the fields it names. */
  const refused = (raw: unknown): { path: string; message: string }[] | null => {
    const err = httpErrorOf(raw);
    return err?.statusCode === 422 && Array.isArray(err.errors) ? err.errors : null;
  };

  app.get('/plans/import', ctx.guard(ADMIN), async (req, reply) =>
    html(reply, req, 'plan-import', { maxMb: MAX_DOCUMENT_BYTES / 1024 / 1024 }),
  );

  app.post('/plans/import', ctx.guard({ ...ADMIN, csrf: 'handler' }), async (req, reply) => {
    if (!req.isMultipart()) throw new HttpError(415, 'Biểu mẫu phải gửi dạng multipart / multipart form expected');
    const fields: Record<string, string> = {};
    let file: { name: string; bytes: Buffer } | null = null;
    for await (const part of req.parts({ limits: { fileSize: MAX_DOCUMENT_BYTES, files: 1 } })) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (part.filename) file = { name: part.filename, bytes };
      } else if (typeof part.value === 'string') fields[part.fieldname] = part.value;
    }
    assertCsrf(req.auth!, fields._csrf);
    const maxMb = MAX_DOCUMENT_BYTES / 1024 / 1024;
    if (!file || file.bytes.length === 0)
      return html(
        reply,
        req,
        'plan-import',
        { maxMb, problems: [{ path: 'file', message: 'Hãy chọn văn bản kế hoạch.' }] },
        422,
      );
    try {
      return html(reply, req, 'plan-import', { maxMb, review: await importUpload(file.bytes, file.name) });
    } catch (err) {
      const problems = refused(err);
      if (problems) return html(reply, req, 'plan-import', { maxMb, problems }, 422);
      throw err;
    }
  });

  // The reviewed draft continues on the plans page: checked there, applied with its "Áp dụng" button.
  app.post('/plans/import/review', ctx.guard(ADMIN), async (req, reply) => {
    const fields = (req.body ?? {}) as Record<string, string | undefined>;
    const plans = await listPlans(ctx.prisma);
    let content: string;
    try {
      content = reviewedPlanText(fields);
    } catch (err) {
      const problems = refused(err);
      if (problems) return html(reply, req, 'plans', { plans, canApply: true, problems }, 422);
      throw err;
    }
    // A new plan from the reviewed draft, finished in the editor's forms (an admin's, as every new plan).
    if (fields.next === 'editor') return openEditor(ctx, req, reply, { kind: 'new' }, draftOf(content));
    try {
      const valid = validatePlan(content, await loadDirectorySnapshot(ctx.prisma)).summary;
      return html(reply, req, 'plans', { plans, canApply: true, valid, content, imported: true });
    } catch (err) {
      const problems = refused(err);
      if (problems) return html(reply, req, 'plans', { plans, canApply: true, problems, content, imported: true }, 422);
      throw err;
    }
  });
}

/** The reviewed draft's YAML (written by reviewedPlanText) as plan data for the editor. */
function draftOf(content: string): Partial<PlanInput> {
  const data: unknown = parse(content);
  return data !== null && typeof data === 'object' && !Array.isArray(data) ? data : {};
}
