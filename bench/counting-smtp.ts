/** An SMTP server for benches that counts what it accepts by Message-ID, nothing more (no parsing, no storage). */
import { SMTPServer } from 'smtp-server';
import { freePort } from '../src/embedded/ports';

export interface CountingSmtp {
  port: number;
  url: string;
  /** Message-ID → how many times it was accepted. */
  counts: Map<string, number>;
  stop(): Promise<void>;
}

export async function startCountingServer(): Promise<CountingSmtp> {
  const counts = new Map<string, number>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('latin1');
        const id = /^Message-ID:\s*(<[^>]+>)/im.exec(raw.slice(0, raw.indexOf('\r\n\r\n')))?.[1] ?? '(none)';
        counts.set(id, (counts.get(id) ?? 0) + 1);
        callback(null);
      });
    },
  });
  const port = await freePort();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  // A client's reset connection is re-emitted on the server: without a listener it would end the bench.
  server.on('error', () => undefined);
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    counts,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
