import { ConflictError, NotFoundError, recordSubmission } from '../../services/assignment-service';
import { CliError } from '../cli-error';
import { cliActor } from '../cli-actor';
import { firstLine, withDatabaseAndTemporal } from '../../runtime/endpoints';

export async function submitCommand(opts: {
  plan: string;
  year: number;
  obligation: string;
  agency: string;
  note?: string;
  paper?: boolean;
  by?: string;
}): Promise<void> {
  await withDatabaseAndTemporal(async ({ prisma, client }) => {
    const r = await recordSubmission(
      { prisma, temporal: client },
      {
        plan: opts.plan,
        year: opts.year,
        obligation: opts.obligation,
        agency: opts.agency,
        channel: opts.paper ? 'paper' : 'cli',
        note: opts.note,
        auditActor: cliActor(opts.by).actor,
      },
    ).catch((err: unknown) => {
      if (err instanceof NotFoundError || err instanceof ConflictError) throw new CliError(err.message);
      throw new CliError(`Không ghi nhận được / not recorded: ${firstLine(err)}`);
    });
    console.log(`Đã ghi nhận báo cáo / recorded: ${r.assignmentId} (${r.submissionId})`);
  });
}
