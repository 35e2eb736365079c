/** The event row a send step leaves on its assignment's history, once: its key is the step's own. */
import type { PrismaClient } from '../db/prisma';

/**
 * Records a step (an escalation rung, an extension notice) with what it sent. Idempotent: a retried attempt finds the
 * key taken and adds nothing. `at` is the database's UTC wall time, as timestamp(3) columns hold it.
 */
export async function recordStepEvent(
  prisma: PrismaClient,
  e: { assignmentId: string; type: string; key: string; detail: Record<string, unknown> },
): Promise<void> {
  const detail = JSON.stringify(e.detail);
  await prisma.$executeRaw`
    INSERT INTO "AssignmentEvent" ("assignmentId", "at", "type", "detail", "key")
    VALUES (${e.assignmentId}, now() AT TIME ZONE 'UTC', ${e.type}, ${detail}::jsonb, ${e.key})
    ON CONFLICT ("key") DO NOTHING`;
}
