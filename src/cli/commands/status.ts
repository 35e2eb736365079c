import { loadConfig } from '../../config';
import { STATE_LABELS_VI } from '../../domain/assignment-state';
import { formatDmy } from '../../domain/deadline-rules';
import { NotFoundError, statusItems } from '../../services/assignment-service';
import { CliError } from '../cli-error';
import { connectPrisma, resolveEndpoints } from '../../runtime/endpoints';

export async function statusCommand(opts: { plan: string; year?: number; json?: boolean }): Promise<void> {
  const config = loadConfig();
  const ep = resolveEndpoints(config, { database: true });
  const prisma = await connectPrisma(ep.databaseUrl);
  try {
    const items = await statusItems(prisma, { plan: opts.plan, year: opts.year }, config.prices).catch(
      (err: unknown) => {
        if (err instanceof NotFoundError) throw new CliError(err.message);
        throw err;
      },
    );
    if (opts.json) {
      console.log(
        JSON.stringify(
          {
            items: items.map((i) => ({
              obligation: i.obligation,
              agency: i.agency,
              year: i.year,
              dueDate: i.dueDate,
              dueAt: i.dueAt,
              state: i.state,
              reminders: i.reminders,
              submittedAt: i.submittedAt,
              workflowId: i.workflowId,
              segments: i.segments,
              costVnd: i.costVnd,
            })),
          },
          null,
          2,
        ),
      );
      return;
    }
    for (const i of items) {
      console.log(
        `${formatDmy(i.dueDate).padEnd(11)} ${i.obligation.padEnd(24)} ${i.agency.padEnd(12)} ${STATE_LABELS_VI[i.state].padEnd(22)} nhắc ${i.reminders}`,
      );
    }
    console.log(`${items.length} mục / items`);
  } finally {
    await prisma.$disconnect();
  }
}
