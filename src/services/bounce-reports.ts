/**
 * Email bounces: an RFC 3464 delivery status notification (`multipart/report; report-type=delivery-status`)
 * arriving at the return-path mailbox (the embedded mailbox, or a relay's webhook) is parsed with mailparser; each
 * recipient it reports `Action: failed` with a permanent `Status: 5.x.x` is a hard bounce of the message whose
 * Message-ID the returned headers carry. The outbox row becomes `bounced` (once, see ./delivery-reports.ts) and
 * the contacts with that address are marked stale: the next send skips them for the next of the agency's roles,
 * and tells the coordinator once. Delays and soft failures (4.x.x) change nothing.
 */
import { simpleParser } from 'mailparser';
import type { PrismaClient } from '../db/prisma';
import { applyDeliveryReport } from './delivery-reports';

export interface DsnRecipient {
  recipient: string;
  action: string;
  status: string;
  diagnostic: string | null;
}

export interface Dsn {
  /** Message-ID of the returned message (with angle brackets). */
  originalMessageId: string | null;
  recipients: DsnRecipient[];
}

/** Header-style fields of one block of a `message/delivery-status` body (RFC 3464 §2.1). */
function fields(block: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const at = line.indexOf(':');
    if (at > 0) out.set(line.slice(0, at).trim().toLowerCase(), line.slice(at + 1).trim());
  }
  return out;
}

/**
 * The top-level parts of a multipart body, each as its headers and content. mailparser reads the report's
 * headers (and decodes them), but folds a `message/delivery-status` part into the message text, so the report's
 * own parts (RFC 3462: direct children of `multipart/report`) are split here by their boundary.
 */
function partsOf(raw: string, boundary: string): { type: string; content: string }[] {
  const sep = `--${boundary}`;
  return raw
    .split(sep)
    .slice(1)
    .filter((p) => !p.startsWith('--'))
    .map((part) => {
      const body = part.replace(/^\r?\n/, '');
      const end = body.search(/\r?\n\r?\n/);
      const head = end < 0 ? body : body.slice(0, end);
      const content = end < 0 ? '' : body.slice(end).replace(/^\r?\n\r?\n/, '');
      const type = /^content-type:\s*([^;\s]+)/im.exec(head)?.[1]?.toLowerCase() ?? 'text/plain';
      return { type, content };
    });
}

/** The DSN in a raw message, or `null` when the message is not one. */
export async function parseDsn(raw: Buffer): Promise<Dsn | null> {
  const mail = await simpleParser(raw, { skipHtmlToText: true, skipTextToHtml: true });
  const type = mail.headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  const boundary = type?.params?.boundary;
  if (type?.value !== 'multipart/report' || type.params?.['report-type'] !== 'delivery-status' || !boundary)
    return null;
  const parts = partsOf(raw.toString('utf8'), boundary);
  const status = parts.find((p) => p.type === 'message/delivery-status');
  if (!status) return null;
  const blocks = status.content.split(/\r?\n\r?\n/).slice(1);
  const recipients: DsnRecipient[] = [];
  for (const block of blocks) {
    const f = fields(block);
    const rcpt = f.get('final-recipient') ?? f.get('original-recipient');
    if (!rcpt) continue;
    recipients.push({
      recipient: rcpt.replace(/^rfc822;\s*/i, '').trim(),
      action: (f.get('action') ?? '').toLowerCase(),
      status: f.get('status') ?? '',
      diagnostic: f.get('diagnostic-code') ?? null,
    });
  }
  const returned = parts.find((p) => p.type === 'message/rfc822' || p.type === 'text/rfc822-headers');
  const id = /^message-id:\s*(<[^>\s]+>)/im.exec(returned?.content ?? '');
  return { originalMessageId: id?.[1] ?? null, recipients };
}

export interface BounceOutcome {
  bounced: string[];
  ignored: number;
}

/** Applies a DSN: hard bounces mark the message `bounced` and its address's contacts stale; the rest is ignored. */
export async function applyBounce(prisma: PrismaClient, dsn: Dsn, at: Date): Promise<BounceOutcome> {
  const outcome: BounceOutcome = { bounced: [], ignored: 0 };
  if (!dsn.originalMessageId) return { bounced: [], ignored: dsn.recipients.length };
  for (const r of dsn.recipients) {
    if (r.action !== 'failed' || !r.status.startsWith('5.')) {
      outcome.ignored++;
      continue;
    }
    const detail = `DSN ${r.status}${r.diagnostic ? `: ${r.diagnostic}` : ''}`;
    const applied = await applyDeliveryReport(prisma, {
      channel: 'email',
      id: { messageId: dsn.originalMessageId, recipient: r.recipient },
      state: 'bounced',
      at,
      detail,
    });
    // Already bounced: the contacts are marked again (a no-op when they are), so a crash between the two writes
    // of an earlier post of this DSN is mended by the relay's retry.
    const again = applied.outcome === 'unchanged' && applied.state === 'bounced';
    if (applied.outcome !== 'applied' && !again) {
      outcome.ignored++;
      continue;
    }
    const planCode = applied.assignmentId
      ? (await prisma.assignment.findUnique({ where: { id: applied.assignmentId }, select: { planCode: true } }))
          ?.planCode
      : undefined;
    await prisma.contact.updateMany({
      where: {
        email: { equals: r.recipient, mode: 'insensitive' },
        staleAt: null,
        ...(planCode ? { agency: { planCode } } : {}),
      },
      data: { staleAt: at, staleReason: detail.slice(0, 300) },
    });
    if (again) outcome.ignored++;
    else outcome.bounced.push(r.recipient);
  }
  return outcome;
}

/** For the return-path mailbox: parses each message and applies it when it is a DSN. */
export function createBounceProcessor(prisma: PrismaClient, now: () => Date = () => new Date()) {
  return async (raw: Buffer): Promise<BounceOutcome | null> => {
    const dsn = await parseDsn(raw);
    return dsn ? applyBounce(prisma, dsn, now()) : null;
  };
}
