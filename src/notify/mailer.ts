/**
 * Email through nodemailer with a pooled SMTP transport from SMTP_URL. Failures are classified so the outbox knows
 * whether to retry: a 5xx answer about a recipient is permanent, anything about the connection is transient.
 */
import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import { maskPersonalData } from '../security/personal-data';

export interface MailAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
}

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** RFC 5322 Message-ID, fixed per outbox row so a retried send carries the same id. */
  messageId: string;
  /** Files sent with the message (the consolidated report). (Default: none.) */
  attachments?: MailAttachment[];
}

export interface Mailer {
  send(mail: OutgoingEmail): Promise<{ providerMessageId: string }>;
  verify(): Promise<void>;
  close(): void;
}

export class EmailPermanentError extends Error {
  override name = 'EmailPermanentError';
}

export interface MailerOptions {
  /** Keep connections open and reuse them. (Default: true.) */
  pool?: boolean;
  /** Open connections at most, with `pool`; senders wanting throughput send this many at once. (Default: 5.) */
  maxConnections?: number;
}

/**
 * SMTP answers that retrying the same message cannot change: the server refused the recipient (`RCPT TO`) or the
 * message (`DATA`), or said so with a 5xx code naming a mailbox or policy (550 no such user, 553 bad address, 554
 * rejected). A 5xx to the greeting, `AUTH` or `MAIL FROM` is left transient: it is the operator's configuration,
 * and fixing it within the retry window still delivers the reminders.
 */
export function isPermanentSmtpError(err: unknown): boolean {
  const code = (err as { responseCode?: unknown }).responseCode;
  const command = (err as { command?: unknown }).command;
  if (typeof code !== 'number' || code < 500 || code > 599) return false;
  return command === 'RCPT TO' || command === 'DATA' || code === 550 || code === 553 || code === 554;
}

export function createMailer(smtpUrl: string, from: string, options: MailerOptions = {}): Mailer {
  const url = new URL(smtpUrl);
  const transportOptions: SMTPTransport.Options & { pool?: boolean; maxConnections?: number; maxMessages?: number } = {
    host: url.hostname,
    port: Number(url.port || (url.protocol === 'smtps:' ? 465 : 587)),
    secure: url.protocol === 'smtps:',
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    // The embedded mailbox and test servers speak plain SMTP on 127.0.0.1; real servers negotiate STARTTLS.
    ignoreTLS: url.hostname === '127.0.0.1' || url.hostname === 'localhost',
    // Together these bound one send (about 50 s), which the outbox's lease (90 s) must exceed.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    pool: options.pool ?? true,
    maxConnections: options.maxConnections ?? 5,
    maxMessages: Infinity,
    // Message content comes from templates and plan data; it must never make the worker read files or URLs.
    disableFileAccess: true,
    disableUrlAccess: true,
  };
  const transport = nodemailer.createTransport(transportOptions);
  return {
    async send(mail) {
      let info: SMTPTransport.SentMessageInfo;
      try {
        info = await transport.sendMail({
          from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          messageId: mail.messageId,
          textEncoding: 'quoted-printable',
          attachments: mail.attachments?.map((a) => ({
            filename: a.filename,
            content: a.content,
            contentType: a.contentType,
          })),
        });
      } catch (err) {
        if (isPermanentSmtpError(err)) throw new EmailPermanentError((err as Error).message, { cause: err });
        throw err;
      }
      if (info.rejected.length > 0) {
        // Named masked: this message reaches the outbox row's error, logs and the activity's failure.
        throw new EmailPermanentError(
          `recipient rejected: ${info.rejected.map((a) => maskPersonalData(String(a))).join(', ')}`,
        );
      }
      // The server's acceptance line carries its queue id ("250 2.0.0 Ok: queued as 4F3A1"), which its logs know.
      return { providerMessageId: info.response || info.messageId };
    },
    async verify() {
      await transport.verify();
    },
    close() {
      transport.close();
    },
  };
}
