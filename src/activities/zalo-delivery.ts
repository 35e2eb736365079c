/**
 * One Zalo template message through the outbox. The outbox row's body is the template message as JSON
 * (`{ templateId, templateData }`), fixed by the first attempt like every other message. Before calling Zalo the
 * Official Account's quota of the day is read: at 0 the message fails for good at once (`quota`) and goes by the
 * next channel; every answer's `data.quota` is recorded, a quota refusal records 0.
 */
import { createHash } from 'node:crypto';
import type { ZaloTemplateMessage } from '../domain/zalo-template';
import { ZaloError, zaloPhone, type ZaloClient } from '../notify/zalo/zalo-client';
import type { StoredMessage } from './outbox';
import type { ZaloQuotaStore } from './zalo-quota';

export interface ZaloSender {
  /** `ZALO_OA_ID`: whose quota is counted. */
  oaId: string;
  client: ZaloClient;
  quota: ZaloQuotaStore;
}

/** Zalo's `tracking_id` for an outbox key: stable across retries, short enough for the API. */
export function zaloTrackingId(key: string): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, 32);
}

export function createZaloSend(sender: ZaloSender, now: () => Date) {
  return async function sendZalo(stored: StoredMessage): Promise<{ providerMessageId: string }> {
    const at = now();
    if ((await sender.quota.remaining(sender.oaId, at)) === 0) {
      throw new ZaloError(
        'Zalo: đã hết hạn mức gửi trong ngày của OA / the Official Account daily quota is used up',
        'quota',
        'quota',
      );
    }
    const message = JSON.parse(stored.body) as ZaloTemplateMessage;
    try {
      const sent = await sender.client.send({
        phone: zaloPhone(stored.recipient),
        template_id: message.templateId,
        template_data: message.templateData,
        tracking_id: zaloTrackingId(stored.key),
      });
      // Accepted: nothing may fail now but the outbox's record (a lost quota count only costs one refusal later).
      if (sent.quota) await sender.quota.record(sender.oaId, at, sent.quota).catch(() => undefined);
      return { providerMessageId: sent.msgId };
    } catch (err) {
      if (err instanceof ZaloError && err.kind === 'quota') await sender.quota.exhaust(sender.oaId, at);
      throw err;
    }
  };
}
