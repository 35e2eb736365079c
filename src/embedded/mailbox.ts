/**
 * The embedded SMTP mailbox: a real SMTP server (smtp-server, from the nodemailer project) that keeps every message
 * it receives as an .eml file under DATA_DIR/mailbox, so the web app can show them and they survive restarts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { PRIVATE_FILE_MODE, privateDir } from '../runtime/private-files';

export interface MailboxMessage {
  id: string;
  from: string;
  to: string;
  subject: string;
  date: string;
  text: string;
  html: string | null;
  messageId: string | null;
}

export interface Mailbox {
  port: number;
  url: string;
  list(limit?: number): Promise<MailboxMessage[]>;
  stop(): Promise<void>;
}

export async function startMailbox(opts: {
  dir: string;
  port: number;
  host?: string;
  /** Called with each message once stored: the return-path's bounce processor (src/services/bounce-reports.ts). */
  onMessage?: (raw: Buffer) => Promise<unknown>;
}): Promise<Mailbox> {
  privateDir(opts.dir);
  let seq = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 25 * 1024 * 1024,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        // Sortable names: receive time, then a counter for messages within the same millisecond.
        const name = `${Date.now().toString().padStart(15, '0')}-${String(seq++).padStart(6, '0')}.eml`;
        const raw = Buffer.concat(chunks);
        fs.writeFile(path.join(opts.dir, name), raw, { mode: PRIVATE_FILE_MODE }, (err) => {
          callback(err ?? null);
          // After the answer: a failing processor never refuses mail; it logs and the .eml stays for a look.
          if (!err && opts.onMessage)
            opts.onMessage(raw).catch((e: unknown) => console.error('bounce processing failed', e));
        });
      });
    },
  });
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, () => resolve());
  });
  // smtp-server re-emits every client's socket error (a sender killed mid-message resets the connection) on the
  // server: with no listener, that one client's ECONNRESET would end the whole process (`nhac-han start`).
  server.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'ECONNRESET' && err.code !== 'EPIPE') console.error(`mailbox: ${err.code ?? ''} ${err.message}`);
  });
  const addr = server.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : opts.port;
  return {
    port,
    url: `smtp://${host}:${port}`,
    async list(limit = 200) {
      const files = (await fs.promises.readdir(opts.dir))
        .filter((f) => f.endsWith('.eml'))
        .sort()
        .reverse()
        .slice(0, limit);
      return Promise.all(files.map(async (f) => toMessage(f, await fs.promises.readFile(path.join(opts.dir, f)))));
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export async function toMessage(id: string, raw: Buffer): Promise<MailboxMessage> {
  const m = await simpleParser(raw);
  const addr = (a: typeof m.to) => (Array.isArray(a) ? a.map((x) => x.text).join(', ') : (a?.text ?? ''));
  return {
    id,
    from: m.from?.text ?? '',
    to: addr(m.to),
    subject: m.subject ?? '',
    date: (m.date ?? new Date()).toISOString(),
    text: m.text ?? '',
    html: typeof m.html === 'string' ? m.html : null,
    messageId: m.messageId ?? null,
  };
}
