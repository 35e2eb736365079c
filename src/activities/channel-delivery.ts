/** One message on one channel through the outbox: email by the mailer, SMS by the provider, Zalo by its client. */
import type { MailAttachment, Mailer } from '../notify/mailer';
import { SmsPermanentError, type SmsProvider } from '../notify/sms/sms-provider';
import { ZaloError } from '../notify/zalo/zalo-client';
import { deliverEmail } from './deliver-email';
import type { DeliveryResult, OutboxMessage, createOutbox } from './outbox';
import type { RateLimits } from './rate-limit';
import type { Channel } from './recipient-address';
import { createZaloSend, type ZaloSender } from './zalo-delivery';

export type DeliverOn = (
  channel: Channel,
  message: Omit<OutboxMessage, 'channel'>,
  lastAttempt: boolean,
  /** Email only: files to attach, read when the message is really sent. */
  attachments?: () => Promise<MailAttachment[]>,
) => Promise<DeliveryResult>;

export interface ChannelDeliveryOptions {
  /** The Zalo Official Account, when one is configured. */
  zalo?: ZaloSender;
  /** Messages per minute per relay (./rate-limit.ts); none: as fast as the relay answers. */
  rate?: RateLimits;
  now?: () => Date;
  /** (Default: setTimeout.) */
  sleep?: (ms: number) => Promise<void>;
}

export function createChannelDelivery(
  outbox: ReturnType<typeof createOutbox>,
  mailer: Mailer,
  sms: SmsProvider,
  options: ChannelDeliveryOptions = {},
): DeliverOn {
  const now = options.now ?? (() => new Date());
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const sendZalo = options.zalo ? createZaloSend(options.zalo, now) : undefined;

  const deliver: DeliverOn = (channel, message, lastAttempt, attachments) => {
    if (channel === 'email') return deliverEmail(outbox, mailer, message, { lastAttempt, attachments });
    if (channel === 'zalo') {
      if (!sendZalo) throw new Error('Zalo is not configured (ZALO_ACCESS_TOKEN, ZALO_OA_ID)');
      return outbox.deliver(
        { ...message, channel },
        sendZalo,
        (err) => (err instanceof ZaloError && err.kind !== 'transient' ? 'permanent' : 'transient'),
        { lastAttempt },
      );
    }
    // The outbox key is the gateway's idempotency id: eSMS refuses a RequestId it has seen, closing the copy window.
    return outbox.deliver(
      { ...message, channel },
      (m) => sms.send({ to: m.recipient, text: m.body, id: m.key }),
      (err) => (err instanceof SmsPermanentError ? 'permanent' : 'transient'),
      { lastAttempt },
    );
  };

  return async (channel, message, lastAttempt, attachments) => {
    const limiter = options.rate?.[channel];
    // A message already settled takes no slot: a retried activity re-reads its sent messages at full speed.
    if (limiter && !(await outbox.settled(message.key))) {
      const slot = limiter.slot(message.key);
      if (!slot.go) return { outcome: 'deferred', delayMs: slot.deferMs, reason: `${channel} rate` };
      if (slot.waitMs > 0) await sleep(slot.waitMs);
    }
    return deliver(channel, message, lastAttempt, attachments);
  };
}
