/**
 * The outbox makes every message happen once. Each message has a deterministic key derived from the workflow
 * identity and the step; the key is unique in PostgreSQL. A retried or replayed send finds its row: if it is
 * `sent`, nothing happens. The Message-ID is fixed when the row is created, so the one unavoidable copy (the
 * provider accepted, then the process died before the row said `sent`) carries the same Message-ID and mail systems
 * can recognise it.
 */
import { createHash } from 'node:crypto';
import type { PrismaClient } from '../db/prisma';

export interface OutboxMessage {
  key: string;
  assignmentId: string | null;
  kind: string;
  channel: 'email' | 'sms';
  recipient: string;
  subject: string | null;
  body: string;
  html: string | null;
}

export type DeliveryOutcome = 'sent' | 'already-sent' | 'failed-permanently';

export function messageIdFor(key: string): string {
  return `<${createHash('sha256').update(key).digest('hex').slice(0, 32)}@nhac-han>`;
}

/**
 * Sends `message` through `send` unless its key was already sent. `isPermanent` tells which errors must not be
 * retried; those mark the row `failed` and are rethrown for the caller to turn into a non-retryable failure.
 */
export async function deliverOnce(
  prisma: PrismaClient,
  message: OutboxMessage,
  send: (messageId: string) => Promise<{ providerMessageId: string }>,
  isPermanent: (err: unknown) => boolean,
): Promise<DeliveryOutcome> {
  const row = await prisma.notification.upsert({
    where: { key: message.key },
    create: { ...message, messageId: messageIdFor(message.key), status: 'pending' },
    update: {},
  });
  if (row.status === 'sent') return 'already-sent';
  if (row.status === 'failed') return 'failed-permanently';
  await prisma.notification.update({ where: { key: message.key }, data: { attempts: { increment: 1 } } });
  try {
    const { providerMessageId } = await send(row.messageId);
    await prisma.notification.update({
      where: { key: message.key },
      data: { status: 'sent', providerMessageId, sentAt: new Date(), lastError: null },
    });
    return 'sent';
  } catch (err) {
    const permanent = isPermanent(err);
    await prisma.notification.update({
      where: { key: message.key },
      data: { lastError: err instanceof Error ? err.message : String(err), status: permanent ? 'failed' : 'pending' },
    });
    if (permanent) return 'failed-permanently';
    throw err;
  }
}
