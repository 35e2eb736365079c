/**
 * The page of a background job (a plan apply started from the editor or the versions page, a report compiled from
 * the dashboard): while it runs, a
 * `<progress>` with its text, refreshed by `<meta http-equiv="refresh">` (no script needed); once done, what the
 * apply added, moved and started; if it failed, why, and that nothing was kept. A report's job ends on the
 * dashboard, with the report or the reason. The job is the plan's: the same
 * access as applying it.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { code as codeField } from '../../domain/plan-schema-fields';
import { getJob } from '../../services/background-jobs';
import type { DirectoryOutcome } from '../../services/plan-directory';
import type { ApplyReport } from '../../services/plan-store';
import { planActor } from '../access';
import type { WebContext } from '../context';
import { parseOr422 } from '../http-errors';
import { REPORT_COMPILE_JOB, reportJobLanding } from '../report-compile-job';

const JobParams = z.strictObject({
  code: codeField('kế hoạch'),
  id: z.uuid('mã công việc không hợp lệ / invalid job id'),
});

/** An apply job's result: with the directory's outcome when the admin asked for it (or why it was not written). */
type ApplyResult = ApplyReport & { version: number; directory?: DirectoryOutcome; directoryError?: string };

/** Seconds between two refreshes of a running job's page. */
const REFRESH_SECONDS = 1;

export function registerJobPages(app: FastifyInstance, ctx: WebContext): void {
  app.get('/plans/:code/jobs/:id', ctx.guard(planActor('code')), async (req, reply) => {
    const { code, id } = parseOr422(JobParams, req.params);
    const job = await getJob<ApplyResult>(ctx.prisma, code, id, ctx.now());
    if (job.kind === REPORT_COMPILE_JOB) {
      const landing = reportJobLanding(code, job);
      if (landing) return reply.header('cache-control', 'no-store').redirect(landing, 303);
    }
    const running = job.state === 'running';
    const percent = job.total > 0 ? Math.floor((job.done / job.total) * 100) : 0;
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(
        ctx.render('job', {
          user: req.auth,
          mailbox: ctx.mailbox,
          title: job.kind === REPORT_COMPILE_JOB ? `Lập báo cáo tổng hợp ${code}` : `Áp dụng kế hoạch ${code}`,
          report: job.kind === REPORT_COMPILE_JOB,
          refresh: running ? REFRESH_SECONDS : null,
          code,
          job,
          running,
          starting: running && job.total > 0,
          percent,
          r: job.result,
        }),
      );
  });
}
