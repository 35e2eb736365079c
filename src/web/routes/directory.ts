/**
 * The directory's API, `/api/directory/...`: the list, an import in two steps (a preview with every problem by row
 * and column, writing nothing; then the import, all or nothing), the export and the template (XLSX or CSV), an
 * agency's edit (coordinators and admins), and contacts' edits (admins: contacts receive the agencies' links).
 * Files travel as base64 in JSON (`{ fileName, content }`); the page's multipart forms are ./directory-pages.ts.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  type DirectoryFormat,
  DirectoryFileError,
  readDirectoryFile,
  formatOfName,
  writeDirectoryFile,
} from '../../services/directory-file';
import { importDirectory, previewDirectoryImport } from '../../services/directory-import';
import {
  directoryRows,
  listDirectory,
  removeDirectoryContact,
  saveDirectoryContact,
  updateDirectoryAgency,
} from '../../services/directory-store';
import type { DirectoryFileRow } from '../../services/directory-file';
import { localDateOf } from '../../domain/business-time';
import { confirmReorganisation, previewReorganisation } from '../../services/directory-reorganise';
import { ADMIN, READER, STAFF } from '../access';
import type { WebContext } from '../context';
import { invalid } from '../http-errors';
import { COMMON, type RouteRegistry } from '../route-registry';
import { AnyObject, code } from '../schemas/common';

export const MAX_DIRECTORY_FILE_BYTES = 5 * 1024 * 1024;

const FileBody = z
  .object({
    fileName: z.string().min(1).max(300),
    /** The file, base64. */
    content: z.base64({ error: 'nội dung phải là base64 / content must be base64' }).max(MAX_DIRECTORY_FILE_BYTES * 2),
  })
  .meta({ id: 'DirectoryFile' });
const FormatQuery = z.object({ format: z.enum(['xlsx', 'csv']).default('xlsx') });
const AgencyParams = z.object({ agency: code('cơ quan') });
const ContactParams = z.object({ agency: code('cơ quan'), id: z.coerce.number().int().positive() });
const Preview = z
  .looseObject({ problems: z.array(AnyObject), added: z.array(z.string()) })
  .meta({ id: 'DirectoryImportPreview' });

/** The rows of an uploaded file, or a 422 naming the file. */
export async function rowsOfUpload(fileName: string, data: Buffer): Promise<string[][]> {
  const format = formatOfName(fileName);
  if (!format) throw invalid([{ path: 'file', message: 'tệp phải là .csv hoặc .xlsx / must be .csv or .xlsx' }]);
  try {
    return await readDirectoryFile(data, format);
  } catch (err) {
    if (err instanceof DirectoryFileError) throw invalid([{ path: 'file', message: err.message }]);
    throw err;
  }
}

/** The template: the columns and one example row per role. */
export const TEMPLATE_ROWS: DirectoryFileRow[] = [
  {
    code: 'SNV',
    name: 'Sở Nội vụ',
    kind: 'department',
    parent: 'UBND-TINH',
    groups: 'các sở, ban, ngành',
    role: 'focal',
    contact_name: 'Nguyễn Văn A',
    position: 'Chuyên viên',
    email: 'dau-moi@snv.example.gov.vn',
    phone: '0912345678',
  },
  {
    code: 'SNV',
    name: 'Sở Nội vụ',
    kind: 'department',
    parent: 'UBND-TINH',
    groups: 'các sở, ban, ngành',
    role: 'head',
    contact_name: 'Trần Thị B',
    position: 'Giám đốc',
    email: 'giam-doc@snv.example.gov.vn',
    phone: '',
  },
];

export const FILE_TYPES: Record<DirectoryFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

export function registerDirectoryRoutes(_app: FastifyInstance, api: RouteRegistry, ctx: WebContext): void {
  const upload = async (body: z.output<typeof FileBody>) =>
    rowsOfUpload(body.fileName, Buffer.from(body.content, 'base64'));

  api.route({
    method: 'GET',
    url: '/api/directory',
    summary: "The province's directory: agencies (code, name, kind, parent, groups, state) and their contacts",
    ...ctx.guard(STAFF),
    responses: {
      200: { description: 'By code', schema: z.object({ agencies: z.array(AnyObject) }) },
      401: COMMON[401],
      403: COMMON[403],
    },
    handler: async () => ({ agencies: await listDirectory(ctx.prisma) }),
  });

  api.route({
    method: 'POST',
    url: '/api/directory/import/preview',
    summary: 'What importing a CSV or XLSX list would do, and every problem as row and column; writes nothing',
    body: FileBody,
    ...ctx.guard(ADMIN),
    responses: {
      200: { description: 'The preview', schema: Preview },
      401: COMMON[401],
      403: COMMON[403],
      422: COMMON[422],
    },
    handler: async ({ body }) => previewDirectoryImport(ctx.prisma, await upload(body)),
  });

  api.route({
    method: 'POST',
    url: '/api/directory/import',
    summary: 'Import a CSV or XLSX list (admins), all or nothing; a refusal lists `row N, column` paths (422)',
    body: FileBody,
    ...ctx.guard(ADMIN),
    responses: {
      201: { description: 'Imported', schema: Preview },
      401: COMMON[401],
      403: COMMON[403],
      422: COMMON[422],
    },
    handler: async ({ body }, req, reply) =>
      reply.status(201).send(await importDirectory(ctx.prisma, req.auth!.email, await upload(body), body.fileName)),
  });

  api.route({
    method: 'GET',
    url: '/api/directory/export',
    summary: 'The directory as XLSX (default) or CSV, one row per contact, in the import columns',
    query: FormatQuery,
    ...ctx.guard(STAFF),
    responses: { 200: { description: 'The file', contentType: FILE_TYPES.xlsx }, 401: COMMON[401], 403: COMMON[403] },
    handler: async ({ query }, _req, reply) =>
      reply
        .type(FILE_TYPES[query.format])
        .header('content-disposition', `attachment; filename="danh-ba.${query.format}"`)
        .send(await writeDirectoryFile(directoryRows(await listDirectory(ctx.prisma)), query.format)),
  });

  api.route({
    method: 'GET',
    url: '/api/directory/template',
    summary: 'The import template (XLSX with a "Hướng dẫn" sheet, or CSV): the columns and example rows',
    query: FormatQuery,
    ...ctx.guard(READER),
    responses: { 200: { description: 'The file', contentType: FILE_TYPES.xlsx }, 401: COMMON[401] },
    handler: async ({ query }, _req, reply) =>
      reply
        .type(FILE_TYPES[query.format])
        .header('content-disposition', `attachment; filename="mau-danh-ba.${query.format}"`)
        .send(await writeDirectoryFile(TEMPLATE_ROWS, query.format)),
  });

  api.route({
    method: 'POST',
    url: '/api/directory/agencies/:agency',
    summary: "Change an agency's name, kind, parent or groups (coordinators and admins); audited",
    params: AgencyParams,
    body: AnyObject,
    ...ctx.guard(STAFF),
    responses: {
      200: { description: 'The agency', schema: AnyObject },
      401: COMMON[401],
      403: COMMON[403],
      404: COMMON[404],
      422: COMMON[422],
    },
    handler: async ({ params, body }, req) => updateDirectoryAgency(ctx.prisma, req.auth!.email, params.agency, body),
  });

  api.route({
    method: 'POST',
    url: '/api/directory/agencies/:agency/contacts',
    summary: 'Add a contact (admins): role, name, position, email and/or phone; audited',
    params: AgencyParams,
    body: AnyObject,
    ...ctx.guard(ADMIN),
    responses: {
      201: { description: 'The contact', schema: AnyObject },
      401: COMMON[401],
      403: COMMON[403],
      404: COMMON[404],
      422: COMMON[422],
    },
    handler: async ({ params, body }, req, reply) =>
      reply.status(201).send(await saveDirectoryContact(ctx.prisma, req.auth!.email, params.agency, undefined, body)),
  });

  api.route({
    method: 'POST',
    url: '/api/directory/agencies/:agency/contacts/:id',
    summary: 'Change a contact (admins); the next message of every open obligation of the agency goes to it',
    params: ContactParams,
    body: AnyObject,
    ...ctx.guard(ADMIN),
    responses: {
      200: { description: 'The contact', schema: AnyObject },
      401: COMMON[401],
      403: COMMON[403],
      404: COMMON[404],
      422: COMMON[422],
    },
    handler: async ({ params, body }, req) =>
      saveDirectoryContact(ctx.prisma, req.auth!.email, params.agency, params.id, body),
  });

  api.route({
    method: 'DELETE',
    url: '/api/directory/agencies/:agency/contacts/:id',
    summary: 'Remove a contact (admins); audited',
    params: ContactParams,
    ...ctx.guard(ADMIN),
    responses: {
      200: { description: 'Removed', schema: AnyObject },
      401: COMMON[401],
      403: COMMON[403],
      404: COMMON[404],
      422: COMMON[422],
    },
    handler: async ({ params }, req) => {
      await removeDirectoryContact(ctx.prisma, req.auth!.email, params.agency, params.id);
      return { removed: params.id };
    },
  });

  const today = () => localDateOf(ctx.now().toISOString());
  const ReorganisationBody = z
    .looseObject({ kind: z.enum(['rename', 'merge', 'retire']), confirmed: z.array(z.string()).optional() })
    .meta({ id: 'DirectoryReorganisation' });

  api.route({
    method: 'POST',
    url: '/api/directory/reorganisations/preview',
    summary:
      'Rename, merge (sources → successor) or retire with an effective date: the open obligations it would move, and those it would leave with no recipient; writes nothing',
    body: ReorganisationBody,
    ...ctx.guard(STAFF),
    responses: {
      200: { description: 'The preview', schema: AnyObject },
      401: COMMON[401],
      403: COMMON[403],
      404: COMMON[404],
      409: COMMON[409],
      422: COMMON[422],
    },
    handler: async ({ body }) => {
      const { confirmed: _c, ...input } = body;
      return previewReorganisation(ctx.prisma, input, today());
    },
  });

  api.route({
    method: 'POST',
    url: '/api/directory/reorganisations',
    summary:
      'Carry out a reorganisation, `confirmed` listing the assignment ids of the preview: open obligations of merged agencies move to the successor (409 if the list changed; 422 if one would have no recipient)',
    body: ReorganisationBody,
    ...ctx.guard(STAFF),
    responses: {
      201: { description: 'Done', schema: AnyObject },
      401: COMMON[401],
      403: COMMON[403],
      404: COMMON[404],
      409: COMMON[409],
      422: COMMON[422],
    },
    handler: async ({ body }, req, reply) => {
      const { confirmed = [], ...input } = body;
      return reply
        .status(201)
        .send(await confirmReorganisation(ctx.prisma, req.auth!.email, input, confirmed, today()));
    },
  });
}
