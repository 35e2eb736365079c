/**
 * Applying a saved version from the web app as background work: the version is checked at once (a missing one is
 * a 404, not a failed job), then the apply runs after the answer, its workflow starts counted on the job's row
 * (the same progress the CLI prints), and the browser is sent to the job's page. With `updateDirectory` (an admin's
 * confirmation, checked by the caller) the plan's new and different agencies are then written into the directory; a
 * failure there leaves the applied plan as it is and is shown on the job's page.
 */
import type { FastifyReply } from 'fastify';
import { firstLine } from '../runtime/endpoints';
import { directoryAfterApply } from '../services/plan-directory';
import { applyVersion, getVersion } from '../services/plan-versions';
import type { WebContext } from './context';

export const PLAN_APPLY_JOB = 'plan-apply';

export async function startApplyJob(
  ctx: WebContext,
  reply: FastifyReply,
  code: string,
  version: number,
  actor: string,
  o: { updateDirectory?: boolean } = {},
): Promise<FastifyReply> {
  const { plan } = await getVersion(ctx.prisma, code, version);
  const deps = {
    prisma: ctx.prisma,
    temporal: ctx.deps.temporal,
    taskQueue: ctx.deps.taskQueue,
    startsPerSecond: ctx.deps.startsPerSecond,
    now: ctx.now,
  };
  const id = await ctx.jobs.start(
    { kind: PLAN_APPLY_JOB, target: code, startedBy: actor, input: { version, updateDirectory: !!o.updateDirectory } },
    async (progress) => {
      const report = await applyVersion(deps, code, version, actor, (p) => progress(p.done, p.total));
      if (!o.updateDirectory) return { ...report, version };
      const directory = await directoryAfterApply(ctx.prisma, actor, plan, [], true).then(
        (d) => ({ directory: d.outcome }),
        (err: unknown) => ({ directoryError: firstLine(err) }),
      );
      return { ...report, version, ...directory };
    },
  );
  return reply.redirect(`/plans/${code}/jobs/${id}`, 303);
}
