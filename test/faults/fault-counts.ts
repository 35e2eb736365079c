/**
 * The fault suite's figures, counted from the records each side keeps: the outbox (what the product decided to
 * send), the SMTP mailbox and the eSMS gateway stand-in (what reached them, with arrival times), and the faults.
 *
 * - **lost**: an expected message (each agency's focal point gets every reminder by email and SMS; the first
 *   escalation goes to the focal point by email and SMS and to the head; the second to the coordinator) that has no
 *   `sent` outbox row, or whose row is `sent` but never reached the mailbox (by Message-ID) or the gateway (by
 *   RequestId).
 * - **duplicates**: extra arrivals of one Message-ID at the mailbox or of one RequestId at the gateway. The outbox
 *   documents one window in which a copy can occur (src/activities/outbox.ts): the worker dies after the provider
 *   accepted a message and before its `sent` record commits, or the acceptance never reaches the worker (the SMTP
 *   server accepted the DATA and its connection was cut before the answer arrived). A copy is counted **in the
 *   window** when a worker kill or, for an email, an SMTP outage began after the first copy's DATA began and within
 *   {@link RECORD_WINDOW_MS} of it (or, if PostgreSQL was down then, before PostgreSQL was back and the worker had
 *   {@link RECORD_WINDOW_MS} to write what it remembers, since the record waits for it); any other copy is
 *   **outside** it.
 * - **recoveryMaxMs**: over the faults, the longest time from the broken part being back to the next arrival at the
 *   mailbox or gateway (reminder steps come every few seconds, so this includes up to one step's wait).
 * - **maxRetryIntervalMs**: the longest time between two attempts at one outbox message (its attempt log).
 * - **outsideHours**: arrivals outside the plan's working hours, in Asia/Ho_Chi_Minh (null when the plan has none).
 */
import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import type { FaultEvent } from './fault-stack';
import type { ReceivedMail } from './fault-mailbox';

/** How long after a provider's acceptance its `sent` record may still commit on a loaded 2-core machine. */
export const RECORD_WINDOW_MS = 5_000;

export interface OutboxRow {
  key: string;
  channel: string;
  status: string;
  messageId: string;
  attemptLog: unknown;
}

export interface FaultCounts {
  expected: number;
  delivered: number;
  lost: number;
  duplicatesOutsideWindow: number;
  duplicatesInWindow: number;
  recoveryMaxMs: number;
  maxRetryIntervalMs: number;
  outsideHours: number | null;
  failed: number;
  unexpectedRows: number;
  /** Each copy: its Message-ID or RequestId, arrival times, and the faults around it (for the log). */
  copies: Array<{ id: string; arrivals: number[]; inWindow: boolean; faultsNear: string[] }>;
}

export interface CountInputs {
  expectedKeys: string[];
  outbox: OutboxRow[];
  mails: ReceivedMail[];
  sms: Array<{ requestId: string | undefined; at: number }>;
  faults: FaultEvent[];
  workingHours: { from: string; to: string } | false;
}

/** The eSMS provider's RequestId for an outbox key (src/notify/sms/esms-provider.ts). */
export function esmsRequestId(key: string): string {
  return key.length <= 50 ? key : createHash('sha256').update(key).digest('base64url');
}

function copies<T>(items: T[], id: (t: T) => string): Map<string, number[]> {
  const byId = new Map<string, number[]>();
  for (const it of items) {
    const k = id(it);
    byId.set(k, [...(byId.get(k) ?? []), (it as { at: number }).at]);
  }
  return byId;
}

export function countFaults(i: CountInputs): FaultCounts {
  const rows = new Map(i.outbox.map((r) => [r.key, r]));
  const mailIds = copies(i.mails, (m) => m.messageId);
  const smsIds = copies(i.sms, (m) => m.requestId ?? '');
  const arrived = (r: OutboxRow) =>
    r.channel === 'email' ? mailIds.has(r.messageId) : smsIds.has(esmsRequestId(r.key));
  const lost = i.expectedKeys.filter((k) => {
    const r = rows.get(k);
    return !r || r.status !== 'sent' || !arrived(r);
  }).length;
  const expected = new Set(i.expectedKeys);

  const pgDown = i.faults.filter((f) => f.kind === 'postgres-stop');
  // An email's window opens when the DATA of its first copy began, not when the mailbox logged it: a worker killed
  // while the server was still reading the message never hears the acceptance (the long run had one, 2 ms early).
  const dataBegan = new Map<string, number>();
  for (const m of i.mails) dataBegan.set(m.messageId, Math.min(dataBegan.get(m.messageId) ?? m.dataAt, m.dataAt));
  const inWindow = (first: number, opened: number, email: boolean) =>
    i.faults
      .filter((f) => f.kind === 'worker-kill' || (email && f.kind === 'smtp-outage'))
      .map((f) => f.at)
      .some((k) => {
        if (k < opened) return false;
        if (k <= first + RECORD_WINDOW_MS) return true;
        // The worker writes what it remembers within a second of the database's return (src/activities/outbox.ts).
        return pgDown.some(
          (p) => p.at <= first + RECORD_WINDOW_MS && p.until >= first && k <= p.until + RECORD_WINDOW_MS,
        );
      });
  let duplicatesInWindow = 0;
  let duplicatesOutsideWindow = 0;
  const copyList: FaultCounts['copies'] = [];
  const all = [
    ...[...mailIds].map(([id, t]) => [id, t, true] as const),
    ...[...smsIds].map(([id, t]) => [id, t, false] as const),
  ];
  for (const [id, times, email] of all) {
    const [first, ...rest] = [...times].sort((a, b) => a - b);
    if (rest.length === 0) continue;
    const w = inWindow(first!, email ? Math.min(first!, dataBegan.get(id) ?? first!) : first!, email);
    if (w) duplicatesInWindow += rest.length;
    else duplicatesOutsideWindow += rest.length;
    const near = i.faults
      .filter((f) => f.until >= first! - 60_000 && f.at <= rest.at(-1)!)
      .map((f) => `${f.kind} ${f.at - first!}..${f.until - first!} ms`);
    const row = i.outbox.find((r) => r.messageId === id || esmsRequestId(r.key) === id);
    copyList.push({
      id: row ? `${row.channel} ${row.key}` : id,
      arrivals: times.map((t) => t - first!),
      inWindow: w,
      faultsNear: near,
    });
  }

  const arrivals = [...i.mails.map((m) => m.at), ...i.sms.map((m) => m.at)].sort((a, b) => a - b);
  let recoveryMaxMs = 0;
  for (const f of i.faults) {
    const next = arrivals.find((a) => a >= f.until);
    if (next !== undefined) recoveryMaxMs = Math.max(recoveryMaxMs, next - f.until);
  }

  let maxRetryIntervalMs = 0;
  for (const r of i.outbox) {
    const log = Array.isArray(r.attemptLog) ? (r.attemptLog as Array<{ at?: string }>) : [];
    const ats = log.map((e) => Date.parse(e.at ?? '')).filter(Number.isFinite);
    for (let k = 1; k < ats.length; k++) maxRetryIntervalMs = Math.max(maxRetryIntervalMs, ats[k]! - ats[k - 1]!);
  }

  let outsideHours: number | null = null;
  if (i.workingHours) {
    const { from, to } = i.workingHours;
    outsideHours = arrivals.filter((a) => {
      const hm = DateTime.fromMillis(a, { zone: 'Asia/Ho_Chi_Minh' }).toFormat('HH:mm');
      return hm < from || hm >= to;
    }).length;
  }

  return {
    expected: i.expectedKeys.length,
    delivered: arrivals.length,
    lost,
    duplicatesOutsideWindow,
    duplicatesInWindow,
    recoveryMaxMs,
    maxRetryIntervalMs,
    outsideHours,
    failed: i.outbox.filter((r) => r.status === 'failed').length,
    unexpectedRows: i.outbox.filter((r) => !expected.has(r.key)).length,
    copies: copyList,
  };
}
