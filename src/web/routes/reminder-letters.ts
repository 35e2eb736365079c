/**
 * `GET /api/plans/{code}/years/{year}/reminder-letter[?agency=CODE]`: the công văn đôn đốc as a DOCX draft, to one
 * late agency or to every late agency of the plan-year in one letter (the coordinator chooses on the dashboard).
 */
import { z } from 'zod';
import { localDateOf } from '../../domain/business-time';
import { DOCX_TYPE, reminderLetterFile } from '../../services/reminder-letters';
import { READER } from '../access';
import { CODE, type WebContext } from '../context';
import { COMMON, type RouteRegistry } from '../route-registry';
import { MatrixParams } from '../schemas/assignments';
import { attachmentDisposition } from './reports';

const LetterQuery = z.strictObject({ agency: z.string().regex(CODE).optional() });

export function registerReminderLetterRoutes(api: RouteRegistry, ctx: WebContext): void {
  api.route({
    method: 'GET',
    url: '/api/plans/:code/years/:year/reminder-letter',
    summary: 'The công văn đôn đốc (DOCX draft, Nghị định 30/2020) to one late agency, or to every late agency',
    params: MatrixParams,
    query: LetterQuery,
    ...ctx.guard(READER),
    responses: {
      200: { description: 'The DOCX draft', contentType: DOCX_TYPE },
      401: COMMON[401],
      404: COMMON[404],
      422: COMMON[422],
    },
    handler: async ({ params, query }, _req, reply) => {
      const file = await reminderLetterFile(
        ctx.prisma,
        { plan: params.code, year: params.year, agency: query.agency },
        localDateOf(ctx.now().toISOString()),
      );
      return reply
        .type(DOCX_TYPE)
        .header('content-disposition', attachmentDisposition(file.fileName))
        .header('cache-control', 'private, no-store')
        .send(file.content);
    },
  });
}
