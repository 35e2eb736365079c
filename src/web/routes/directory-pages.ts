/**
 * The directory page `/directory` (coordinators and admins): the agencies with their kinds, roles and states in
 * Vietnamese, the template and the export to download, an agency's edit, and for admins the import (upload, a
 * preview with every problem by row and column, then confirm; nothing is written before) and contacts' edits.
 * Forms post back and return to the page (303) with what happened; the API is ./directory.ts.
 */
import '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AGENCY_KIND_LABELS } from '../../domain/vietnamese-labels';
import { importDirectory, previewDirectoryImport } from '../../services/directory-import';
import { listDirectory, saveDirectoryContact, updateDirectoryAgency } from '../../services/directory-store';
import { ADMIN, STAFF } from '../access';
import { assertCsrf } from '../auth';
import type { WebContext } from '../context';
import { HttpError, httpErrorOf, parseOr422 } from '../http-errors';
import { code } from '../schemas/common';
import { MAX_DIRECTORY_FILE_BYTES, rowsOfUpload } from './directory';

const PAGE = '/directory';
const PageQuery = z.object({ ok: z.string().max(300).optional(), error: z.string().max(2000).optional() });

function fieldsOf(body: unknown): Record<string, string> {
  return Object.fromEntries(
    Object.entries((body ?? {}) as Record<string, unknown>).filter(
      (e): e is [string, string] => typeof e[1] === 'string',
    ),
  );
}

export function registerDirectoryPages(app: FastifyInstance, ctx: WebContext): void {
  const page = async (req: FastifyRequest, reply: FastifyReply, data: Record<string, unknown>, status = 200) => {
    const agencies = await listDirectory(ctx.prisma);
    return reply
      .status(status)
      .type('text/html; charset=utf-8')
      .send(
        ctx.render('directory', {
          user: req.auth,
          mailbox: ctx.mailbox,
          admin: req.auth?.role === 'admin',
          agencies,
          contacts: agencies.reduce((n, a) => n + a.contacts.length, 0),
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
    return page(req, reply, { ok: q.ok, errors: q.error?.split('\n') });
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

  // Step 2: the confirmed file, imported all or nothing (checked again: the directory may have changed since).
  app.post(`${PAGE}/import/confirm`, ctx.guard(ADMIN), async (req, reply) => {
    const { fileName = '', content = '' } = fieldsOf(req.body);
    return after(reply, async () => {
      const rows = await rowsOfUpload(fileName, Buffer.from(content, 'base64'));
      const r = await importDirectory(ctx.prisma, req.auth!.email, rows, fileName);
      return `Đã nhập ${r.agencies} cơ quan, ${r.contacts} liên hệ: ${r.added.length} mới, ${r.changed.length} thay đổi, ${r.unchanged.length} giữ nguyên.`;
    });
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
