/**
 * "Tổng hợp ngay" as background work: the consolidated report (hundreds of agencies, every submitted file read for
 * its annex) is compiled after the answer, on a job row; the browser waits on the job's page and lands on the
 * dashboard with the report (or the reason it could not be compiled), as before. Closing the tab loses nothing: the
 * report is stored and listed on the dashboard.
 */
import type { FastifyReply } from 'fastify';
import type { CompileBody } from './schemas/reports';
import type { z } from 'zod';
import { compileNow } from '../services/report-queries';
import type { WebContext } from './context';

export const REPORT_COMPILE_JOB = 'report-compile';

export async function startReportJob(
  ctx: WebContext,
  reply: FastifyReply,
  code: string,
  year: number,
  body: z.infer<typeof CompileBody>,
  actor: string,
): Promise<FastifyReply> {
  const deps = { prisma: ctx.prisma, dataDir: ctx.deps.dataDir, now: ctx.now, baseUrl: ctx.deps.links.baseUrl };
  const input = { year, obligation: body.obligation ?? null };
  const id = await ctx.jobs.start({ kind: REPORT_COMPILE_JOB, target: code, startedBy: actor, input }, async () => {
    const report = await compileNow(deps, actor, code, year, body);
    return { reportId: report.id };
  });
  return reply.redirect(`/plans/${code}/jobs/${id}`, 303);
}

/** Where a finished report job sends the browser: the dashboard with the report's message or the reason. */
export function reportJobLanding(
  code: string,
  job: { state: string; input: Record<string, unknown> | null; result: unknown; error: string | null },
): string | null {
  const year = Number(job.input?.year);
  const back = `/plans/${encodeURIComponent(code)}/years/${year}`;
  if (job.state === 'done') {
    const id = (job.result as { reportId?: string } | null)?.reportId ?? '';
    return `${back}?ok=report&report=${encodeURIComponent(id)}#reports`;
  }
  if (job.state === 'failed')
    return `${back}?error=${encodeURIComponent((job.error ?? '').replace(/\n/g, '; ').slice(0, 300))}#reports`;
  return null;
}
