/** The audit log: one row per coordinator action (and agency submission), written with the action's outcome. */
import type { PrismaClient } from '../db/prisma';

export async function recordAudit(
  prisma: Pick<PrismaClient, 'auditLog'>,
  entry: { actor: string; action: string; target?: string | null; detail?: Record<string, unknown> },
): Promise<void> {
  await prisma.auditLog.create({
    data: {
      actor: entry.actor,
      action: entry.action,
      target: entry.target ?? null,
      detail: (entry.detail ?? undefined) as never,
    },
  });
}
