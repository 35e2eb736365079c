/**
 * One's own subscription to the weekly digest of the dashboard (src/activities/weekly-digest.activity.ts), read and
 * changed from `/account` and `GET/PUT /api/account/digest`. A subscription covers every plan the account may see,
 * or one of them (`planCode`): any active plan for admins and viewers, a coordinated one for a coordinator. Each
 * change is audited (`digest.subscribe`, `digest.unsubscribe`) in the same transaction as the change.
 */
import { z } from 'zod';
import type { PrismaClient } from '../db/prisma';
import type { Role } from './user-service';
import { recordAudit } from './audit-log';
import { RejectedError } from './service-errors';

export const DigestSettings = z
  .object({
    subscribed: z.boolean({ error: 'phải là true hoặc false / must be true or false' }),
    planCode: z
      .string({ error: 'phải là mã kế hoạch hoặc null / must be a plan code or null' })
      .trim()
      .min(1, 'không được để trống (null: mọi kế hoạch) / must not be empty (null: every plan)')
      .max(100, 'quá dài / too long')
      .nullable()
      .default(null),
  })
  .strict();
export type DigestSettings = z.output<typeof DigestSettings>;

export interface DigestAccount {
  userId: number;
  role: Role;
}

/** The plans the account may choose from (code and title), in code order. */
export async function digestPlanChoices(
  prisma: PrismaClient,
  who: DigestAccount,
): Promise<{ code: string; title: string }[]> {
  return prisma.plan.findMany({
    where: {
      status: 'active',
      ...(who.role === 'coordinator' ? { code: { in: await coordinatedPlans(prisma, who.userId) } } : {}),
    },
    orderBy: { code: 'asc' },
    select: { code: true, title: true },
  });
}

async function coordinatedPlans(prisma: PrismaClient, userId: number): Promise<string[]> {
  const rows = await prisma.planCoordinator.findMany({ where: { userId }, select: { planCode: true } });
  return rows.map((r) => r.planCode);
}

export async function getDigestSubscription(prisma: PrismaClient, userId: number): Promise<DigestSettings> {
  const row = await prisma.digestSubscription.findUnique({ where: { userId }, select: { planCode: true } });
  return row ? { subscribed: true, planCode: row.planCode } : { subscribed: false, planCode: null };
}

/** Subscribes (or changes the plan) or unsubscribes; a plan the account may not see is refused on `planCode`. */
export async function setDigestSubscription(
  prisma: PrismaClient,
  who: DigestAccount,
  input: z.input<typeof DigestSettings>,
  by: { actor: string; ip?: string | null },
): Promise<DigestSettings> {
  const s = DigestSettings.parse(input);
  if (s.subscribed && s.planCode !== null) {
    const choices = await digestPlanChoices(prisma, who);
    if (!choices.some((p) => p.code === s.planCode))
      throw new RejectedError(
        'không có kế hoạch này trong các kế hoạch bạn được xem / not a plan you may see',
        'planCode',
      );
  }
  const planCode = s.subscribed ? s.planCode : null;
  await prisma.$transaction(async (tx) => {
    if (s.subscribed)
      await tx.digestSubscription.upsert({
        where: { userId: who.userId },
        create: { userId: who.userId, planCode },
        update: { planCode },
      });
    else await tx.digestSubscription.deleteMany({ where: { userId: who.userId } });
    await recordAudit(tx, {
      actor: by.actor,
      action: s.subscribed ? 'digest.subscribe' : 'digest.unsubscribe',
      target: `user:${who.userId}`,
      detail: { planCode, ip: by.ip ?? null },
    });
  });
  return { subscribed: s.subscribed, planCode };
}
