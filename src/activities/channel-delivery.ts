/** One message on one channel through the outbox: email by the mailer, SMS by the provider. */
import type { MailAttachment, Mailer } from '../notify/mailer';
import { SmsPermanentError, type SmsProvider } from '../notify/sms/sms-provider';
import { deliverEmail } from './deliver-email';
import type { DeliveryResult, OutboxMessage, createOutbox } from './outbox';
import type { Channel } from './recipient-address';

export type DeliverOn = (
  channel: Channel,
  message: Omit<OutboxMessage, 'channel'>,
  lastAttempt: boolean,
  /** Email only: files to attach, read when the message is really sent. */
  attachments?: () => Promise<MailAttachment[]>,
) => Promise<DeliveryResult>;

export function createChannelDelivery(
  outbox: ReturnType<typeof createOutbox>,
  mailer: Mailer,
  sms: SmsProvider,
): DeliverOn {
  return (channel, message, lastAttempt, attachments) => {
    if (channel === 'email') return deliverEmail(outbox, mailer, message, { lastAttempt, attachments });
    // The outbox key is the gateway's idempotency id: eSMS refuses a RequestId it has seen, closing the copy window.
    return outbox.deliver(
      { ...message, channel },
      (m) => sms.send({ to: m.recipient, text: m.body, id: m.key }),
      (err) => (err instanceof SmsPermanentError ? 'permanent' : 'transient'),
      { lastAttempt },
    );
  };
}
