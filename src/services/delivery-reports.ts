/**
 * Delivery truth: what a provider says later about a message it accepted (an eSMS delivery report, a Zalo
 * `user_received_message` event, an email DSN) lands on the message's outbox row. A final state (`delivered`,
 * `bounced`, `failed`) is written once: a duplicated callback, or one arriving after another final one (out of
 * order), changes nothing. A report naming no message we sent is refused.
 */
import type { PrismaClient } from '../db/prisma';
import { localDateOf } from '../domain/business-time';

export type DeliveryState = 'delivered' | 'bounced' | 'failed';

export interface DeliveryReport {
  channel: 'email' | 'sms' | 'zalo';
  /** The provider's id (eSMS SMSID, Zalo msg_id) or, for email, the Message-ID we sent. */
  id: { providerMessageId: string } | { messageId: string; recipient: string };
  state: DeliveryState;
  at: Date;
  detail: string;
}

export type ReportOutcome =
  | { outcome: 'applied'; notificationId: string; key: string; assignmentId: string | null; recipient: string }
  | { outcome: 'unchanged'; state: string; assignmentId: string | null }
  | { outcome: 'unknown' };

export async function applyDeliveryReport(prisma: PrismaClient, report: DeliveryReport): Promise<ReportOutcome> {
  const where =
    'providerMessageId' in report.id
      ? { channel: report.channel, providerMessageId: report.id.providerMessageId }
      : { channel: report.channel, messageId: report.id.messageId, recipient: report.id.recipient };
  // One conditional statement: concurrent duplicates cannot both apply.
  const updated = await prisma.notification.updateManyAndReturn({
    where: { ...where, status: 'sent', delivery: null },
    data: { delivery: report.state, deliveryAt: report.at, deliveryDetail: report.detail.slice(0, 500) },
    select: { id: true, key: true, assignmentId: true, recipient: true },
  });
  const row = updated[0];
  if (row) return { outcome: 'applied', notificationId: row.id, ...row };
  const existing = await prisma.notification.findFirst({
    where,
    select: { delivery: true, status: true, assignmentId: true },
  });
  if (!existing) return { outcome: 'unknown' };
  return { outcome: 'unchanged', state: existing.delivery ?? existing.status, assignmentId: existing.assignmentId };
}

/** The recipient's delivery state as the assignment page shows it. */
export function deliveryStateOf(row: { status: string; delivery: string | null }): string {
  if (row.delivery) return row.delivery;
  if (row.status === 'sent') return 'accepted';
  if (row.status === 'failed') return 'failed';
  return 'queued';
}

/** Today's Zalo template-message quota of each Official Account (Asia/Ho_Chi_Minh day), for the dashboard. */
export async function zaloQuotaToday(
  prisma: PrismaClient,
  at: Date,
): Promise<{ oaId: string; dailyQuota: number | null; remainingQuota: number; updatedAt: string }[]> {
  const rows = await prisma.zaloQuota.findMany({
    where: { day: new Date(`${localDateOf(at.toISOString())}T00:00:00Z`) },
    orderBy: { oaId: 'asc' },
  });
  return rows.map((r) => ({ ...r, updatedAt: r.updatedAt.toISOString() }));
}
