/**
 * A confirmed directory import as background work: a national list (3,321 communes) takes a while to write, so the
 * import runs after the answer on a job row, its agencies counted as they are written, and the browser follows it
 * on `/directory/jobs/<id>` to the result. It is still all or nothing: one transaction, checked again against what
 * is stored; a refusal ends the job with every problem by row and column, and nothing written.
 */
import type { FastifyReply } from 'fastify';
import { importDirectory, type DirectoryImportPreview } from '../services/directory-import';
import type { WebContext } from './context';

export const DIRECTORY_IMPORT_JOB = 'directory-import';
/** The jobs' target: not a plan code (those match `[A-Za-z0-9_-]`), so no plan's job page can show it. */
export const DIRECTORY_JOB_TARGET = '@directory';

export type DirectoryImportResult = Omit<DirectoryImportPreview, 'problems'> & { fileName: string };

export async function startDirectoryImportJob(
  ctx: WebContext,
  reply: FastifyReply,
  fileName: string,
  rows: readonly (readonly string[])[],
  actor: string,
): Promise<FastifyReply> {
  const id = await ctx.jobs.start(
    { kind: DIRECTORY_IMPORT_JOB, target: DIRECTORY_JOB_TARGET, startedBy: actor, input: { fileName } },
    async (progress): Promise<DirectoryImportResult> => {
      const { problems: _none, ...r } = await importDirectory(ctx.prisma, actor, rows, fileName, progress);
      return { ...r, fileName };
    },
  );
  return reply.redirect(`/directory/jobs/${id}`, 303);
}
