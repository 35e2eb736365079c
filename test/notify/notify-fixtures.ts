/**
 * Fixtures for the notification tests: a plan stored the way `plan apply` stores it (without Temporal), and a real
 * SMTP server (smtp-server) that keeps every message raw, parsed with mailparser, and can refuse or misbehave.
 */
import net from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { PrismaClient } from '../../src/db/prisma';
import { planCalendar, type CalendarItem } from '../../src/domain/plan-calendar';
import { PlanSchema, type Plan, type PlanInput } from '../../src/domain/plan-schema';
import { createActivities, type ActivityDeps } from '../../src/activities';
import { createMailer } from '../../src/notify/mailer';
import { createSmsProvider } from '../../src/notify/sms/create-sms-provider';
import { loadTemplates } from '../../src/notify/template-renderer';
import { storePlanOnly } from '../../src/services/plan-service';
import { quietLogger } from '../support/stack';

export const TEST_LINK_SECRET = 'test-secret-0123456789';

/**
 * The product's activities over a test database and a test SMTP server (one unpooled connection), with links signed
 * by `TEST_LINK_SECRET` under http://nhac-han.test and the SMS provider `log` unless the test gives another.
 */
export function createTestActivities(
  prisma: PrismaClient,
  smtpUrl: string,
  clock: () => Date,
  extra: Partial<ActivityDeps> = {},
): { activities: ReturnType<typeof createActivities>; close(): void } {
  const mailer = createMailer(smtpUrl, 'Nhắc Hạn <nhac-han@test.local>', { pool: false });
  const activities = createActivities({
    prisma,
    mailer,
    sms: createSmsProvider({ provider: 'log' }, { log: quietLogger }),
    templates: loadTemplates(),
    links: { baseUrl: 'http://nhac-han.test', secret: TEST_LINK_SECRET },
    log: quietLogger,
    clock,
    ...extra,
    // These tests call an activity again at once where Temporal would wait: the message's backoff is waited out.
    delivery: { retryDelayMs: () => 0, ...extra.delivery },
  });
  return { activities, close: () => mailer.close() };
}

/** Stores a plan, its agencies and contacts, and one assignment per calendar item, as `applyPlan` does. */
export async function seedPlan(prisma: PrismaClient, input: PlanInput): Promise<{ plan: Plan; items: CalendarItem[] }> {
  const plan = PlanSchema.parse(input);
  const items = planCalendar(plan);
  // Stored by the service itself (no Temporal), so the rows are exactly those `plan apply` writes.
  await storePlanOnly(prisma, plan, new Date('2026-11-22T00:00:00Z'));
  return { plan, items };
}

/** A small plan: coordinator SNV, agency SYT (focal with email and phone, head with email), one yearly report. */
export function testPlan(overrides: Partial<PlanInput> & { code: string }): PlanInput {
  return {
    title: 'Kế hoạch thực hiện bình đẳng giới năm 2027',
    document: { number: '45/KH-UBND' },
    years: { from: 2027, to: 2027 },
    coordinator: 'SNV',
    agencies: [
      {
        code: 'SNV',
        name: 'Sở Nội vụ',
        kind: 'department',
        contacts: [{ role: 'coordinator', email: 'dieu-phoi@snv.test.vn' }],
      },
      {
        code: 'SYT',
        name: 'Sở Y tế',
        kind: 'department',
        contacts: [
          { role: 'focal', email: 'dau-moi@syt.test.vn', phone: '0912345678' },
          { role: 'head', email: 'giam-doc@syt.test.vn' },
        ],
      },
    ],
    obligations: [
      {
        id: 'bao-cao-nam',
        title: 'Báo cáo năm về bình đẳng giới',
        from: ['SYT'],
        to: 'SNV',
        due: { type: 'once', date: '2027-06-10' },
      },
    ],
    policy: { channels: ['email'] },
    ...overrides,
  };
}

export interface ReceivedMail {
  raw: string;
  parsed: ParsedMail;
  envelopeTo: string[];
}

export interface TestSmtpOptions {
  /** Listen here; 0 for a free port. (Default: 0.) */
  port?: number;
  /** Refuse these recipients at RCPT TO with `550 5.1.1 no such user`. */
  unknownUsers?: string[];
  /** Answer the DATA of these recipients with this error code (say 451: transient). */
  failDataFor?: { address: string; code: number }[];
}

export interface TestSmtp {
  port: number;
  url: string;
  received: ReceivedMail[];
  /** Messages received per Message-ID. */
  countByMessageId(): Map<string, number>;
  stop(): Promise<void>;
}

export async function startTestSmtp(options: TestSmtpOptions = {}): Promise<TestSmtp> {
  const received: ReceivedMail[] = [];
  const unknown = new Set((options.unknownUsers ?? []).map((a) => a.toLowerCase()));
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (unknown.has(address.address.toLowerCase())) {
        const err = new Error('5.1.1 no such user') as Error & { responseCode: number };
        err.responseCode = 550;
        return callback(err);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const to = session.envelope.rcptTo.map((r) => r.address);
        const failure = options.failDataFor?.find((f) => to.includes(f.address));
        if (failure) {
          const err = new Error('try again later') as Error & { responseCode: number };
          err.responseCode = failure.code;
          return callback(err);
        }
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then(
          (parsed) => {
            received.push({ raw: raw.toString('utf8'), parsed, envelopeTo: to });
            callback(null);
          },
          (err: Error) => callback(err),
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  // A client's reset connection is re-emitted on the server: without a listener it would end the test process.
  server.on('error', () => undefined);
  const port = (server.server.address() as net.AddressInfo).port;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    countByMessageId() {
      const counts = new Map<string, number>();
      for (const m of received) counts.set(m.parsed.messageId ?? '', (counts.get(m.parsed.messageId ?? '') ?? 0) + 1);
      return counts;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * A TCP relay in front of an SMTP server that cuts both connections when the client sends `DATA` while `dropNext`
 * is above zero: the message is never accepted and the client sees the connection die mid-send.
 */
export async function startDroppingRelay(upstreamPort: number): Promise<{
  url: string;
  dropNext: (n: number) => void;
  drops: () => number;
  stop(): Promise<void>;
}> {
  let toDrop = 0;
  let dropped = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(upstreamPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('data', (chunk: Buffer) => {
      if (toDrop > 0 && /(^|\r\n)DATA\r\n/.test(chunk.toString('latin1'))) {
        toDrop--;
        dropped++;
        close();
        return;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    dropNext: (n) => {
      toDrop = n;
    },
    drops: () => dropped,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
