/**
 * The directory page `/directory` (coordinators and admins): the agencies with their kinds, roles and states in
 * Vietnamese, the template and the export to download, an agency's edit, and for admins the import (upload, a
 * preview with every problem by row and column, then confirm; nothing is written before; the confirmed import runs as
 * background work with its own page, ../directory-import-job.ts) and contacts' edits. Forms post back and return to
 * the page (303) with what happened; the API is ./directory.ts.
 */
import '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AGENCY_KIND_LABELS } from '../../domain/vietnamese-labels';
import { getJob } from '../../services/background-jobs';
import { previewDirectoryImport } from '../../services/directory-import';
import { listDirectory, saveDirectoryContact, updateDirectoryAgency } from '../../services/directory-store';
import { ADMIN, STAFF } from '../access';
import { assertCsrf } from '../auth';
import type { WebContext } from '../context';
import { DIRECTORY_JOB_TARGET, startDirectoryImportJob, type DirectoryImportResult } from '../directory-import-job';
import { HttpError, httpErrorOf, parseOr422 } from '../http-errors';
import { code } from '../schemas/common';
import { MAX_DIRECTORY_FILE_BYTES, rowsOfUpload } from './directory';

const PAGE = '/directory';
const JobParams = z.strictObject({ id: z.uuid('mã công việc không hợp lệ / invalid job id') });
/** Seconds between two refreshes of a running import's page. */
const REFRESH_SECONDS = 1;
const PageQuery = z.object({
  ok: z.string().max(300).optional(),
  error: z.string().max(2000).optional(),
  q: z.string().max(200).optional(),
  page: z.coerce.number().int().min(1).max(10_000).optional(),
});
/** Agencies a page lists: a national directory (3,321 communes) in one page would be megabytes of forms. */
const PAGE_SIZE = 100;

/** Case- and diacritic-blind, so "xa so 21" finds "UBND xã số 21". */
function folded(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
}

function fieldsOf(body: unknown): Record<string, string> {
  return Object.fromEntries(
    Object.entries((body ?? {}) as Record<string, unknown>).filter(
      (e): e is [string, string] => typeof e[1] === 'string',
    ),
  );
}

export function registerDirectoryPages(app: FastifyInstance, ctx: WebContext): void {
  const page = async (
    req: FastifyRequest,
    reply: FastifyReply,
    data: Record<string, unknown>,
    status = 200,
    view: { q?: string; page?: number } = {},
  ) => {
    const all = await listDirectory(ctx.prisma);
    const q = view.q?.trim() ?? '';
    const needle = folded(q);
    const matching = needle ? all.filter((a) => folded([a.code, a.name, ...a.groups].join(' ')).includes(needle)) : all;
    const pages = Math.max(1, Math.ceil(matching.length / PAGE_SIZE));
    const current = Math.min(view.page ?? 1, pages);
    const agencies = matching.slice((current - 1) * PAGE_SIZE, current * PAGE_SIZE);
    const link = (n: number) =>
      `${PAGE}?${new URLSearchParams({ ...(q ? { q } : {}), page: String(n) }).toString()}#agencies`;
    return reply
      .status(status)
      .type('text/html; charset=utf-8')
      .send(
        ctx.render('directory', {
          user: req.auth,
          mailbox: ctx.mailbox,
          admin: req.auth?.role === 'admin',
          agencies,
          total: all.length,
          contacts: all.reduce((n, a) => n + a.contacts.length, 0),
          q,
          matching: matching.length,
          pager:
            pages > 1
              ? {
                  current,
                  pages,
                  first: (current - 1) * PAGE_SIZE + 1,
                  last: (current - 1) * PAGE_SIZE + agencies.length,
                  prev: current > 1 ? link(current - 1) : null,
                  next: current < pages ? link(current + 1) : null,
                }
              : null,
          maxMb: MAX_DIRECTORY_FILE_BYTES / 1024 / 1024,
          kinds: Object.entries(AGENCY_KIND_LABELS).map(([value, label]) => ({ value, label })),
          ...data,
        }),
      );
  };
  /** Back to the page with what happened, or with the refusal's fields (`<field>: <message>`). */
  const after = async (reply: FastifyReply, work: () => Promise<string>) => {
    try {
      return reply.redirect(`${PAGE}?ok=${encodeURIComponent(await work())}`, 303);
    } catch (raw) {
      const err = httpErrorOf(raw);
      if (err?.statusCode !== 422 && err?.statusCode !== 404) throw raw;
      const message = err.errors?.length ? err.errors.map((e) => `${e.path}: ${e.message}`).join('\n') : err.message;
      return reply.redirect(`${PAGE}?error=${encodeURIComponent(message.slice(0, 2000))}`, 303);
    }
  };

  app.get(PAGE, ctx.guard(STAFF), async (req, reply) => {
    const q = parseOr422(PageQuery, req.query ?? {});
    return page(req, reply, { ok: q.ok, errors: q.error?.split('\n') }, 200, { q: q.q, page: q.page });
  });

  // Step 1: the upload, shown back as a preview (problems by row and column, or what would change) and nothing else.
  app.post(`${PAGE}/import`, ctx.guard({ ...ADMIN, csrf: 'handler' }), async (req, reply) => {
    if (!req.isMultipart()) throw new HttpError(415, 'Biểu mẫu phải gửi dạng multipart / multipart form expected');
    const fields: Record<string, string> = {};
    let file: { name: string; bytes: Buffer } | null = null;
    for await (const part of req.parts({ limits: { fileSize: MAX_DIRECTORY_FILE_BYTES, files: 1 } })) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (part.filename) file = { name: part.filename, bytes };
      } else if (typeof part.value === 'string') fields[part.fieldname] = part.value;
    }
    assertCsrf(req.auth!, fields._csrf);
    if (!file || file.bytes.length === 0)
      return page(req, reply, { errors: ['file: Hãy chọn tệp danh bạ (.xlsx hoặc .csv).'] }, 422);
    try {
      const preview = await previewDirectoryImport(ctx.prisma, await rowsOfUpload(file.name, file.bytes));
      return page(
        req,
        reply,
        { preview, fileName: file.name, content: file.bytes.toString('base64') },
        preview.problems.length > 0 ? 422 : 200,
      );
    } catch (raw) {
      const err = httpErrorOf(raw);
      if (err?.statusCode !== 422) throw raw;
      return page(req, reply, { errors: (err.errors ?? []).map((e) => `${e.path}: ${e.message}`) }, 422);
    }
  });

  // Step 2: the confirmed file, imported all or nothing as background work (checked again: the directory may have
  // changed since); the browser follows the job's page to the result.
  // The file comes back base64 in the form (4/3 of its size), above the app's 2 MiB default for a 5 MiB list.
  const confirmBodyLimit = Math.ceil((MAX_DIRECTORY_FILE_BYTES * 4) / 3) + 64 * 1024;
  app.post(`${PAGE}/import/confirm`, { ...ctx.guard(ADMIN), bodyLimit: confirmBodyLimit }, async (req, reply) => {
    const { fileName = '', content = '' } = fieldsOf(req.body);
    let rows: readonly (readonly string[])[];
    try {
      rows = await rowsOfUpload(fileName, Buffer.from(content, 'base64'));
    } catch (raw) {
      const err = httpErrorOf(raw);
      if (err?.statusCode !== 422) throw raw;
      return page(req, reply, { errors: (err.errors ?? []).map((e) => `${e.path}: ${e.message}`) }, 422);
    }
    return startDirectoryImportJob(ctx, reply, fileName, rows, req.auth!.email);
  });

  // The import's page: progress while it runs (reloaded by <meta refresh>, no script), then what it did or why not.
  app.get(`${PAGE}/jobs/:id`, ctx.guard(ADMIN), async (req, reply) => {
    const { id } = parseOr422(JobParams, req.params);
    const job = await getJob<DirectoryImportResult>(ctx.prisma, DIRECTORY_JOB_TARGET, id, ctx.now());
    const running = job.state === 'running';
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(
        ctx.render('directory-job', {
          user: req.auth,
          mailbox: ctx.mailbox,
          title: 'Nhập danh bạ',
          refresh: running ? REFRESH_SECONDS : null,
          job,
          fileName: typeof job.input?.fileName === 'string' ? job.input.fileName : '',
          running,
          writing: running && job.total > 0,
          percent: job.total > 0 ? Math.floor((job.done / job.total) * 100) : 0,
          // A refusal's message and its field list name the same problems: each line once.
          errors: job.state === 'failed' ? [...new Set((job.error ?? '').split('\n'))] : null,
          r: job.result,
        }),
      );
  });

  app.post(`${PAGE}/agencies/:agency`, ctx.guard(STAFF), async (req, reply) => {
    const { agency } = parseOr422(z.object({ agency: code('cơ quan') }), req.params);
    const { _csrf, ...input } = fieldsOf(req.body);
    return after(reply, async () => {
      await updateDirectoryAgency(ctx.prisma, req.auth!.email, agency, input);
      return `Đã lưu cơ quan ${agency}.`;
    });
  });

  app.post(`${PAGE}/agencies/:agency/contacts/:id`, ctx.guard(ADMIN), async (req, reply) => {
    const p = parseOr422(
      z.object({ agency: code('cơ quan'), id: z.union([z.literal('new'), z.coerce.number().int().positive()]) }),
      req.params,
    );
    const { _csrf, ...input } = fieldsOf(req.body);
    return after(reply, async () => {
      await saveDirectoryContact(ctx.prisma, req.auth!.email, p.agency, p.id === 'new' ? undefined : p.id, input);
      return `Đã lưu liên hệ của ${p.agency}; lần gửi tới của mọi nghĩa vụ đang mở dùng thông tin mới.`;
    });
  });
}
