/**
 * The database-wide figures of `/metrics` (nhac_han_outbox_waiting, nhac_han_outbox_oldest_waiting_age_seconds,
 * nhac_han_obligations_open), read at each scrape by the web process (src/server.ts, the embedded stack). Three small
 * queries on indexed columns (`Notification.status`; `Assignment` by state, with its plan's status).
 */
import type { PrismaClient } from '../db/prisma';
import type { MessageChannel } from '../domain/channel-window';
import type { StoreFigures } from './metrics';

const WAITING = ['pending', 'sending'];
/** The states of an obligation that is not closed; each is reported, 0 included, so that its series exists. */
const OPEN_STATES = ['pending', 'overdue', 'escalated'] as const;
const CHANNELS: MessageChannel[] = ['email', 'sms', 'zalo'];

export function storeFigures(prisma: PrismaClient, now: () => Date = () => new Date()): () => Promise<StoreFigures> {
  return async () => {
    const [waiting, oldest, open] = await Promise.all([
      prisma.notification.groupBy({ by: ['channel'], where: { status: { in: WAITING } }, _count: { _all: true } }),
      prisma.notification.aggregate({ where: { status: { in: WAITING } }, _min: { createdAt: true } }),
      // A removed plan's rows stay for the record; its obligations are not open any more.
      prisma.assignment.groupBy({
        by: ['state'],
        where: { state: { in: [...OPEN_STATES] }, plan: { status: { not: 'removed' } } },
        _count: { _all: true },
      }),
    ]);
    const outboxWaiting: Record<string, number> = Object.fromEntries(CHANNELS.map((c) => [c, 0]));
    for (const w of waiting) outboxWaiting[w.channel] = w._count._all;
    const openObligations: Record<string, number> = Object.fromEntries(OPEN_STATES.map((s) => [s, 0]));
    for (const o of open) openObligations[o.state] = o._count._all;
    const first = oldest._min.createdAt;
    return {
      outboxWaiting,
      oldestWaitingAgeSeconds: first ? Math.max(0, (now().getTime() - first.getTime()) / 1000) : 0,
      openObligations,
    };
  };
}
