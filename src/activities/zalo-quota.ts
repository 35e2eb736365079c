/**
 * The Official Account's daily quota of Zalo template messages, per local day, as Zalo's answers report it
 * (`data.quota.remainingQuota`), in PostgreSQL so that every worker stops at 0 and the dashboard shows it.
 */
import type { PrismaClient } from '../db/prisma';
import { localDateOf } from '../domain/business-time';

export interface ZaloQuotaStore {
  /** What is left today, or `null` when no answer of today has reported it yet. */
  remaining(oaId: string, at: Date): Promise<number | null>;
  record(oaId: string, at: Date, quota: { dailyQuota: number | null; remainingQuota: number }): Promise<void>;
  /** Zalo refused a message for the quota: nothing more today. */
  exhaust(oaId: string, at: Date): Promise<void>;
}

const dayOf = (at: Date) => new Date(`${localDateOf(at.toISOString())}T00:00:00Z`);

export function createZaloQuotaStore(prisma: PrismaClient): ZaloQuotaStore {
  const upsert = (oaId: string, at: Date, dailyQuota: number | null | undefined, remainingQuota: number) =>
    prisma.zaloQuota.upsert({
      where: { oaId_day: { oaId, day: dayOf(at) } },
      create: { oaId, day: dayOf(at), dailyQuota: dailyQuota ?? null, remainingQuota },
      // Concurrent answers arrive in any order: the smaller remaining count is the later one.
      update: { remainingQuota, ...(dailyQuota === null || dailyQuota === undefined ? {} : { dailyQuota }) },
    });
  return {
    async remaining(oaId, at) {
      const row = await prisma.zaloQuota.findUnique({ where: { oaId_day: { oaId, day: dayOf(at) } } });
      return row?.remainingQuota ?? null;
    },
    async record(oaId, at, quota) {
      const current = await this.remaining(oaId, at);
      if (current !== null && current < quota.remainingQuota) return;
      await upsert(oaId, at, quota.dailyQuota, quota.remainingQuota);
    },
    async exhaust(oaId, at) {
      await upsert(oaId, at, undefined, 0);
    },
  };
}
