/**
 * An email through the outbox: the stored row (subject, bodies, Message-ID of the first attempt) is what the mailer
 * sends, and an SMTP 5xx is a permanent failure. Every email activity sends this way.
 */
import { EmailPermanentError, type MailAttachment, type Mailer } from '../notify/mailer';
import type { DeliveryResult, Outbox, OutboxMessage } from './outbox';

export function deliverEmail(
  outbox: Outbox,
  mailer: Mailer,
  message: Omit<OutboxMessage, 'channel'>,
  options: {
    lastAttempt: boolean;
    /** Read only when the message is really sent (not for a key already sent). */
    attachments?: () => Promise<MailAttachment[]>;
  },
): Promise<DeliveryResult> {
  return outbox.deliver(
    { ...message, channel: 'email' },
    async (m) =>
      mailer.send({
        to: m.recipient,
        subject: m.subject ?? '',
        text: m.body,
        html: m.html ?? undefined,
        messageId: m.messageId,
        attachments: await options.attachments?.(),
      }),
    (err) => (err instanceof EmailPermanentError ? 'permanent' : 'transient'),
    { lastAttempt: options.lastAttempt },
  );
}
