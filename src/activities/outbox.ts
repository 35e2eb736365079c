/**
 * The outbox makes every message happen once. Each message has a deterministic key derived from the workflow
 * identity and the step, unique in PostgreSQL; its Message-ID is derived from the key, and its content is fixed by
 * the first attempt, so every retry sends the very same message.
 *
 * One attempt at a message, in order:
 *
 * 1. **Claim** (one statement): insert the row as `sending`, or take over an existing row that is `pending`, or
 *    `sending` with an expired lease (its attempt died). A row that is `sent` or `failed` is left alone and its
 *    state answered; a row that another live attempt holds is answered `in-flight`. The lease keeps two attempts
 *    of the same message (Temporal retries an attempt that outlived its start-to-close timeout while the first
 *    may still be talking to the server) from sending it twice.
 * 2. **Send** through the provider, with the stored content and Message-ID.
 * 3. **Record** (one statement): `sent` with the provider's id, or the error.
 *
 * Claims and `sent` records of concurrent attempts share statements (./statement-batch.ts): on a busy worker one
 * round trip per message per step cost more than the send itself. Each row's outcome is still decided by the row.
 *
 * The only window in which a copy can occur is between the provider's acceptance (2) and the commit of the record
 * (3): nothing else runs in it but, on a busy worker, the previous batch of records still being written (at most
 * two statements). Two measures keep it that narrow. A failed record is retried in-process at once, and
 * if the database stays away the acceptance is remembered in memory and written by the worker itself every
 * second until the database answers (and by the next attempt in the same worker, which finds it remembered and
 * does not send again): a database outage does not cause a copy, only the death of the worker process inside that
 * one statement, or while the database is still away, does. Writing it as soon as the database is back, rather
 * than at the activity's next retry (which the backoff may put minutes later), matters: a worker that dies in
 * those minutes used to forget an acceptance that could long have been recorded (the fault suite's long form,
 * 2026-12-07: 28 copies). Then the row stays `sending` until its lease expires, and the retry sends the same
 * content with the same Message-ID, which mail systems use to recognise the copy (and eSMS refuses it by
 * RequestId).
 */
import { SEND_MAX_ATTEMPTS, sendRetryDelayMs } from '../domain/policies';
import { randomUUID, createHash } from 'node:crypto';
import type { PrismaClient } from '../db/prisma';
import { batched } from './statement-batch';
import { maskPersonalData } from '../security/personal-data';

export interface OutboxMessage {
  key: string;
  assignmentId: string | null;
  kind: string;
  channel: 'email' | 'sms' | 'zalo';
  recipient: string;
  subject: string | null;
  body: string;
  html: string | null;
}

/** What the provider is given: the row as stored by the first attempt, so a retry sends the same message. */
export interface StoredMessage {
  key: string;
  messageId: string;
  recipient: string;
  subject: string | null;
  body: string;
  html: string | null;
  /** Attempts at this message so far, this one included. */
  attempts: number;
}

export type FailureClass = 'permanent' | 'transient';

export type DeliveryResult =
  | { outcome: 'sent'; providerMessageId: string }
  | { outcome: 'already-sent' }
  /** For good: the provider refused it permanently, or the last attempt failed. `now` is false for a row found failed. */
  | { outcome: 'failed'; error: string; now: boolean }
  /** A transient failure; the row is `pending` again and the caller should throw so the activity is retried. */
  | { outcome: 'retry'; error: Error; attempts: number; retryInMs: number }
  /**
   * Not ours now: another attempt holds the row's lease, or the message is waiting out its backoff after a refusal.
   * The caller should throw so the activity is retried, in `waitMs` (the database's clock, not the worker's).
   */
  | { outcome: 'in-flight'; leaseUntil: Date; waitMs: number }
  /** Not attempted now (the channel's send window is closed, or the relay's rate): retry after `delayMs`. */
  | { outcome: 'deferred'; delayMs: number; reason: string };

export interface OutboxOptions {
  /**
   * How long a claimed message may be in flight before another attempt may take it over. Must exceed the longest
   * send (the mailer's connection, greeting and socket timeouts). (Default: 90 000 ms.)
   */
  leaseMs?: number;
  /** Attempts at one message after which a transient failure is final. (Default: 12, the workflow's retry policy.) */
  maxAttempts?: number;
  /** In-process retries of the `sent` record after the provider accepted. (Default: 3, after 50, 250 and 1000 ms.) */
  recordRetryDelaysMs?: readonly number[];
  /**
   * How long a message refused for now waits before its next attempt, by its attempts so far: the row is not
   * claimed before. (Default: sendRetryDelayMs, the send policy's backoff counted in the message's own attempts.)
   */
  retryDelayMs?: (attempts: number) => number;
  /**
   * After those, how often the worker tries again to write the acceptances it remembers, until the database answers.
   * (Default: 1000 ms.)
   */
  flushIntervalMs?: number;
}

export interface DeliverOptions {
  /** Temporal says this is the activity's last attempt: a transient failure is final. (Default: false.) */
  lastAttempt?: boolean;
}

export interface Outbox {
  /**
   * Sends `message` through `send` unless its key was already sent or failed. Never throws for a provider error:
   * `classify` decides whether it is `failed` (permanent, or transient on the last attempt) or `retry`. Database
   * errors are thrown (they are transient for the activity).
   */
  deliver(
    message: OutboxMessage,
    send: (stored: StoredMessage) => Promise<{ providerMessageId: string }>,
    classify: (err: unknown) => FailureClass,
    options?: DeliverOptions,
  ): Promise<DeliveryResult>;
  /** Records a message that cannot even be attempted (say, an unusable phone number) as `failed`; idempotent. */
  recordFailure(message: OutboxMessage, error: string): Promise<void>;
  /** Whether the message `key` is `sent` or `failed` already (a send of it would do nothing). */
  settled(key: string): Promise<boolean>;
}

export function messageIdFor(key: string): string {
  return `<${createHash('sha256').update(key).digest('hex').slice(0, 32)}@nhac-han>`;
}

type ClaimRow = Omit<StoredMessage, 'key'>;

interface StateRow {
  status: string;
  lastError: string | null;
  leaseUntil: Date | null;
  waitMs: number;
}

type AttemptEntry = {
  at: string;
  outcome: 'accepted' | 'transient' | 'permanent' | 'gave-up';
  error?: string;
  providerMessageId?: string;
};

const DEFAULT_RECORD_RETRY_DELAYS_MS = [50, 250, 1000] as const;

export function createOutbox(prisma: PrismaClient, options: OutboxOptions = {}): Outbox {
  const leaseMs = options.leaseMs ?? 90_000;
  const maxAttempts = options.maxAttempts ?? SEND_MAX_ATTEMPTS;
  const recordRetryDelays = options.recordRetryDelaysMs ?? DEFAULT_RECORD_RETRY_DELAYS_MS;
  const retryDelayMs = options.retryDelayMs ?? ((attempts: number) => sendRetryDelayMs(attempts, Math.random()));
  /**
   * Messages the provider accepted whose `sent` record could not be written: key → provider message id. Lives as
   * long as the worker process, which is exactly what it covers (a worker that dies loses it, and that is the
   * window documented above).
   */
  const acceptedUnrecorded = new Map<string, string>();
  const flushIntervalMs = options.flushIntervalMs ?? 1000;
  let flushTimer: NodeJS.Timeout | undefined;

  const entryOf = (e: Omit<AttemptEntry, 'at'>): AttemptEntry[] => [{ at: new Date().toISOString(), ...e }];
  const entry = (e: Omit<AttemptEntry, 'at'>): string => JSON.stringify(entryOf(e));

  /**
   * Claims of concurrent attempts share one statement (see ./statement-batch.ts); each row's fate is decided by the
   * row alone, exactly as with one statement per claim. A key claimed twice at once goes in separate statements.
   */
  const claimBatch = batched(
    async (messages: OutboxMessage[]): Promise<(ClaimRow | undefined)[]> => {
      const values = JSON.stringify(
        messages.map((m) => ({
          id: randomUUID(),
          key: m.key,
          assignmentId: m.assignmentId,
          kind: m.kind,
          channel: m.channel,
          recipient: m.recipient,
          subject: m.subject,
          body: m.body,
          html: m.html,
          messageId: messageIdFor(m.key),
        })),
      );
      const rows = await prisma.$queryRaw<(ClaimRow & { key: string })[]>`
        INSERT INTO "Notification" ("id", "key", "assignmentId", "kind", "channel", "recipient", "subject", "body",
          "html", "messageId", "status", "attempts", "leaseUntil")
        SELECT v."id", v."key", v."assignmentId", v."kind", v."channel", v."recipient", v."subject", v."body",
          v."html", v."messageId", 'sending', 1, now() + make_interval(secs => ${leaseMs / 1000}::float8)
        FROM json_to_recordset(${values}::json) AS v("id" text, "key" text, "assignmentId" text, "kind" text,
          "channel" text, "recipient" text, "subject" text, "body" text, "html" text, "messageId" text)
        ON CONFLICT ("key") DO UPDATE SET
          "status" = 'sending',
          "attempts" = "Notification"."attempts" + 1,
          "leaseUntil" = EXCLUDED."leaseUntil"
        -- A pending row's lease is its backoff: not before it ends, so that no retry of the activity (another
        -- message of the step due sooner, a replacement worker) spends the message's attempts faster.
        WHERE ("Notification"."status" = 'pending'
            AND ("Notification"."leaseUntil" IS NULL OR "Notification"."leaseUntil" < now()))
          OR ("Notification"."status" = 'sending' AND "Notification"."leaseUntil" < now())
        RETURNING "key", "messageId", "attempts",
          -- A row inserted now holds what we sent in (claims are the only inserts with attempts 1): no need to ship
          -- the content back. A row taken over returns the content its first attempt stored.
          CASE WHEN "attempts" = 1 THEN NULL ELSE "recipient" END AS "recipient",
          CASE WHEN "attempts" = 1 THEN NULL ELSE "subject" END AS "subject",
          CASE WHEN "attempts" = 1 THEN NULL ELSE "body" END AS "body",
          CASE WHEN "attempts" = 1 THEN NULL ELSE "html" END AS "html"`;
      const byKey = new Map(rows.map(({ key, ...row }) => [key, row]));
      return messages.map((m) => {
        const row = byKey.get(m.key);
        if (row?.attempts !== 1) return row;
        return { ...row, recipient: m.recipient, subject: m.subject, body: m.body, html: m.html };
      });
    },
    { keyOf: (m) => m.key },
  );

  /**
   * The `sent` records of concurrent attempts share one statement. This is the statement of the copy window: a
   * message accepted while another batch is being written waits for that one before its own goes, so the window is
   * at most two statements wide instead of one, in exchange for a fraction of the round trips under load.
   */
  const markSentBatch = batched(
    async (accepted: { key: string; providerMessageId: string }[]): Promise<void[]> => {
      const values = JSON.stringify(
        accepted.map(({ key, providerMessageId }) => ({
          key,
          providerMessageId,
          entry: entryOf({ outcome: 'accepted', providerMessageId }),
        })),
      );
      await prisma.$executeRaw`
        UPDATE "Notification" n SET
          "status" = 'sent',
          "providerMessageId" = v."providerMessageId",
          -- timestamp(3) columns hold UTC wall time (Prisma's convention); leases use the database's clock too.
          "sentAt" = now() AT TIME ZONE 'UTC',
          "leaseUntil" = NULL,
          "lastError" = NULL,
          "attemptLog" = n."attemptLog" || v."entry"
        FROM json_to_recordset(${values}::json) AS v("key" text, "providerMessageId" text, "entry" jsonb)
        -- Written once: the worker's own flush and a later attempt may both hold the same acceptance.
        WHERE n."key" = v."key" AND n."status" <> 'sent'`;
      return accepted.map(() => undefined);
    },
    { keyOf: (a) => a.key },
  );

  async function stateOf(key: string): Promise<StateRow | undefined> {
    const rows = await prisma.$queryRaw<StateRow[]>`
      SELECT "status", "lastError", "leaseUntil",
        GREATEST(0, EXTRACT(EPOCH FROM ("leaseUntil" - now())) * 1000)::float8 AS "waitMs"
      FROM "Notification" WHERE "key" = ${key}`;
    return rows[0];
  }

  /**
   * Records a provider error: `failed` for good, or back to `pending` for the next attempt, which may not claim it
   * for `waitMs`.
   */
  async function markError(
    key: string,
    error: string,
    final: 'permanent' | 'gave-up' | null,
    waitMs = 0,
  ): Promise<void> {
    await prisma.$executeRaw`
      UPDATE "Notification" SET
        "status" = ${final ? 'failed' : 'pending'},
        "leaseUntil" = CASE WHEN ${final !== null || waitMs <= 0}::boolean THEN NULL
          ELSE now() + make_interval(secs => ${waitMs / 1000}::float8) END,
        "lastError" = ${error},
        "attemptLog" = "attemptLog" || ${entry({ outcome: final ?? 'transient', error })}::jsonb
      WHERE "key" = ${key} AND "status" = 'sending'`;
  }

  /**
   * Writes the remembered acceptances every `flushIntervalMs` until none is left. The timer does not keep the
   * process alive: a worker that is shutting down has nothing better to do with them (the lease takes over).
   */
  function scheduleFlush(): void {
    if (flushTimer !== undefined || acceptedUnrecorded.size === 0) return;
    flushTimer = setTimeout(() => {
      const pending = [...acceptedUnrecorded];
      void Promise.all(
        pending.map(async ([key, providerMessageId]) => {
          try {
            await markSentBatch({ key, providerMessageId });
            // An attempt that found it remembered may have recorded it meanwhile; either way it is written now.
            if (acceptedUnrecorded.get(key) === providerMessageId) acceptedUnrecorded.delete(key);
          } catch {
            // Still away: the next round tries again.
          }
        }),
      ).finally(() => {
        flushTimer = undefined;
        scheduleFlush();
      });
    }, flushIntervalMs);
    flushTimer.unref();
  }

  /** After the provider accepted: record it, retrying in-process; the acceptance is remembered until it is. */
  async function recordAccepted(key: string, providerMessageId: string): Promise<void> {
    acceptedUnrecorded.set(key, providerMessageId);
    for (let i = 0; ; i++) {
      try {
        await markSentBatch({ key, providerMessageId });
        acceptedUnrecorded.delete(key);
        return;
      } catch (err) {
        const delay = recordRetryDelays[i];
        if (delay === undefined) {
          scheduleFlush();
          throw new Error(
            `message ${maskPersonalData(key)} was accepted (${providerMessageId}) but could not be recorded as sent; ` +
              `this worker records it as soon as the database answers, without sending again: ${errorText(err)}`,
            { cause: err },
          );
        }
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  return {
    async deliver(message, send, classify, opts = {}) {
      const remembered = acceptedUnrecorded.get(message.key);
      if (remembered !== undefined) {
        await recordAccepted(message.key, remembered);
        return { outcome: 'sent', providerMessageId: remembered };
      }

      const claimed = await claimBatch(message);
      if (!claimed) {
        const state = await stateOf(message.key);
        if (state?.status === 'sent') return { outcome: 'already-sent' };
        if (state?.status === 'failed') return { outcome: 'failed', error: state.lastError ?? 'failed', now: false };
        // `sending` under a live lease, `pending` in its backoff (or a row deleted meanwhile, which only an operator
        // does): not ours now.
        return { outcome: 'in-flight', leaseUntil: state?.leaseUntil ?? new Date(), waitMs: state?.waitMs ?? 0 };
      }

      let providerMessageId: string;
      try {
        ({ providerMessageId } = await send({ key: message.key, ...claimed }));
      } catch (err) {
        const error = errorText(err);
        const permanent = classify(err) === 'permanent';
        const gaveUp = !permanent && (opts.lastAttempt === true || claimed.attempts >= maxAttempts);
        const final = permanent ? 'permanent' : gaveUp ? 'gave-up' : null;
        const recorded = gaveUp ? `gave up after ${claimed.attempts} attempts: ${error}` : error;
        // If this write fails too, the row stays `sending` and is taken over when its lease expires.
        const retryInMs = retryDelayMs(claimed.attempts);
        await markError(message.key, recorded, final, retryInMs);
        if (final) return { outcome: 'failed', error: recorded, now: true };
        return {
          outcome: 'retry',
          error: err instanceof Error ? err : new Error(error),
          attempts: claimed.attempts,
          retryInMs,
        };
      }
      // The window: accepted by the provider, not yet recorded. Nothing but the record happens here.
      await recordAccepted(message.key, providerMessageId);
      return { outcome: 'sent', providerMessageId };
    },

    async settled(key) {
      const state = await stateOf(key);
      return state?.status === 'sent' || state?.status === 'failed';
    },

    async recordFailure(message, error) {
      await prisma.$executeRaw`
        INSERT INTO "Notification" ("id", "key", "assignmentId", "kind", "channel", "recipient", "subject", "body",
          "html", "messageId", "status", "attempts", "lastError", "attemptLog")
        VALUES (${randomUUID()}, ${message.key}, ${message.assignmentId}, ${message.kind}, ${message.channel},
          ${message.recipient}, ${message.subject}, ${message.body}, ${message.html}, ${messageIdFor(message.key)},
          'failed', 0, ${error}, ${entry({ outcome: 'permanent', error })}::jsonb)
        ON CONFLICT ("key") DO NOTHING`;
    },
  };
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
