import type { PrismaClient } from '../db/prisma';
import { localDateOf } from '../domain/business-time';
import type { Metrics } from '../runtime/metrics';
import type { RecordStateInput } from './activity-types';

export function createRecordState(prisma: PrismaClient, metrics?: Pick<Metrics, 'submissions'>) {
  /** Writes the assignment's state and an event row. Idempotent: the state is set, not toggled, the row keyed. */
  return async function recordState(input: RecordStateInput): Promise<void> {
    const at = new Date(input.at);
    const dueAt = new Date(input.dueAt);
    await prisma.$transaction([
      // A moved deadline (extension, reschedule) is a new revision of the calendar event; a retried attempt finds
      // the date already moved and raises nothing.
      prisma.$executeRaw`UPDATE "Assignment" SET "dueRevision" = "dueRevision" + 1
        WHERE "id" = ${input.assignmentId} AND "dueAt" IS DISTINCT FROM ${dueAt}`,
      prisma.assignment.update({
        where: { id: input.assignmentId },
        data: {
          state: input.state,
          dueAt,
          dueDate: new Date(`${localDateOf(input.dueAt)}T00:00:00Z`),
          ...(input.state === 'submitted' || input.state === 'late' ? { submittedAt: at } : {}),
        },
      }),
      // `at` comes from the workflow's clock, so a retried attempt carries the same key and adds no second row.
      prisma.assignmentEvent.createMany({
        data: [
          {
            assignmentId: input.assignmentId,
            at,
            type: `state:${input.state}`,
            detail: (input.detail ?? undefined) as never,
            key: `${input.assignmentId}#state:${input.state}@${at.toISOString()}`,
          },
        ],
        skipDuplicates: true,
      }),
    ]);
    // A submission the workflow took in (from the portal, the CLI or a coordinator's paper record), on time or late.
    if (input.state === 'submitted' || input.state === 'late') metrics?.submissions.inc({ state: input.state });
  };
}
