/**
 * The fault suite's SMTP server: a real SMTP endpoint (smtp-server) on a fixed port that can be stopped (its open
 * connections cut, as when the mail host goes down) and started again on the same port, keeping in memory every
 * message it accepted across restarts: its arrival time, Message-ID and recipients.
 */
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  /** When the message was taken (its DATA complete). */
  at: number;
  /** When its DATA began: from then on the sender may die before it learns of the acceptance. */
  dataAt: number;
  messageId: string;
  to: string[];
}

export interface FaultMailbox {
  port: number;
  url: string;
  received: ReceivedMail[];
  up(): boolean;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

function listen(port: number, received: ReceivedMail[]): Promise<SMTPServer> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    // Stopping cuts the open (pooled) connections at once instead of waiting 30 s for them to end.
    closeTimeout: 1,
    onData(stream, session, callback) {
      const dataAt = Date.now();
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const head =
          Buffer.concat(chunks)
            .toString('utf8')
            .split(/\r?\n\r?\n/)[0] ?? '';
        const messageId = /^message-id:\s*(\S+)/im.exec(head)?.[1] ?? '';
        received.push({ at: Date.now(), dataAt, messageId, to: session.envelope.rcptTo.map((r) => r.address) });
        callback(null);
      });
    },
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      // A killed worker resets its connection: smtp-server re-emits that on the server (see src/embedded/mailbox.ts).
      server.on('error', () => undefined);
      resolve(server);
    });
  });
}

export async function startFaultMailbox(port: number): Promise<FaultMailbox> {
  const received: ReceivedMail[] = [];
  let server: SMTPServer | undefined = await listen(port, received);
  const stop = async () => {
    const s = server;
    server = undefined;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    up: () => server !== undefined,
    stop,
    async start() {
      if (!server) server = await listen(port, received);
    },
    close: stop,
  };
}
