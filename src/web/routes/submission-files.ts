/**
 * `GET /submissions/{id}/file`: the file an agency submitted, for a signed-in reader: the link the consolidated
 * report's Phụ lục I gives for each row. Read from `DATA_DIR/uploads` only (the stored path is resolved and refused
 * if it leaves that folder); sent as an attachment under the agency's own file name.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { resolveFileInside } from '../../services/report-queries';
import { READER } from '../access';
import type { WebContext } from '../context';
import { notFound } from '../http-errors';
import { COMMON, type RouteRegistry } from '../route-registry';
import { attachmentDisposition } from './reports';

const SubmissionParams = z.strictObject({ id: z.string().uuid() });

export function registerSubmissionFileRoutes(api: RouteRegistry, ctx: WebContext): void {
  api.route({
    method: 'GET',
    url: '/submissions/:id/file',
    summary: 'The file an agency submitted (the link in the consolidated report’s annex)',
    params: SubmissionParams,
    ...ctx.guard(READER),
    responses: {
      200: { description: 'The file', contentType: 'application/octet-stream' },
      401: COMMON[401],
      404: COMMON[404],
      422: COMMON[422],
    },
    handler: async ({ params }, req, reply) => {
      const row = await ctx.prisma.submission.findUnique({
        where: { id: params.id },
        select: { fileName: true, filePath: true, contentType: true },
      });
      const file = row ? await resolveFileInside(path.join(ctx.deps.dataDir, 'uploads'), row.filePath) : null;
      if (!row || !file) {
        if (row?.filePath) req.log.warn({ submissionId: params.id }, 'submission file missing or outside uploads');
        throw notFound(`tệp của báo cáo ${params.id}`);
      }
      const { size } = await fs.promises.stat(file);
      return reply
        .type(row.contentType ?? 'application/octet-stream')
        .header('content-length', size)
        .header('content-disposition', attachmentDisposition(row.fileName ?? path.basename(file)))
        .header('cache-control', 'private, no-store')
        .send(fs.createReadStream(file));
    },
  });
}
