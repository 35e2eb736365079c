/**
 * Email through nodemailer with a pooled SMTP transport from SMTP_URL. Failures are classified so the outbox knows
 * whether to retry: a 5xx answer about a recipient is permanent, anything about the connection is transient.
 */
import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** RFC 5322 Message-ID, fixed per outbox row so a retried send carries the same id. */
  messageId: string;
}

export interface Mailer {
  send(mail: OutgoingEmail): Promise<{ providerMessageId: string }>;
  verify(): Promise<void>;
  close(): void;
}

export class EmailPermanentError extends Error {
  override name = 'EmailPermanentError';
}

export function createMailer(
  smtpUrl: string,
  from: string,
  options: { pool?: boolean; maxConnections?: number } = {},
): Mailer {
  const url = new URL(smtpUrl);
  const transportOptions: SMTPTransport.Options & { pool?: boolean; maxConnections?: number; maxMessages?: number } = {
    host: url.hostname,
    port: Number(url.port || (url.protocol === 'smtps:' ? 465 : 587)),
    secure: url.protocol === 'smtps:',
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    // The embedded mailbox and test servers speak plain SMTP on 127.0.0.1; real servers negotiate STARTTLS.
    ignoreTLS: url.hostname === '127.0.0.1' || url.hostname === 'localhost',
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    pool: options.pool ?? true,
    maxConnections: options.maxConnections ?? 5,
    maxMessages: Infinity,
  };
  const transport = nodemailer.createTransport(transportOptions);
  return {
    async send(mail) {
      try {
        const info = await transport.sendMail({
          from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          messageId: mail.messageId,
          textEncoding: 'quoted-printable',
        });
        if (info.rejected.length > 0) throw new EmailPermanentError(`recipient rejected: ${info.rejected.join(', ')}`);
        return { providerMessageId: info.messageId };
      } catch (err) {
        const code = (err as { responseCode?: number }).responseCode;
        const command = (err as { command?: string }).command;
        if (err instanceof EmailPermanentError) throw err;
        if (typeof code === 'number' && code >= 500 && (command === 'RCPT TO' || code === 550 || code === 553)) {
          throw new EmailPermanentError(`${(err as Error).message}`, { cause: err });
        }
        throw err;
      }
    },
    async verify() {
      await transport.verify();
    },
    close() {
      transport.close();
    },
  };
}
