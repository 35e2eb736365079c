/**
 * Sending rate per relay (`SMTP_RATE_PER_MINUTE`, `SMS_RATE_PER_MINUTE`, `ZALO_RATE_PER_MINUTE`): messages leave
 * one slot apart (60 000 / rate ms), so a burst of reminders drains steadily instead of being refused by a
 * provincial mail server. Each message books the next free slot under its outbox key and keeps it across retries.
 * A slot within `maxWaitMs` is waited for in the activity; a later one defers the message: the activity is retried
 * at its slot (a retryable failure with `nextRetryDelay`), which costs no send attempt. Per worker process: with N
 * workers the relay sees at most N times the rate.
 */
import type { Channel } from './recipient-address';

export type SlotDecision = { go: true; waitMs: number } | { go: false; deferMs: number };

export interface RateLimiter {
  readonly perMinute: number;
  /** The slot of the message `key`: booked now if it has none. */
  slot(key: string): SlotDecision;
}

export type RateLimits = Partial<Record<Channel, RateLimiter>>;

export interface RateLimiterOptions {
  /** Longest wait inside an activity. (Default: 20 000 ms, well inside the send activities' one-minute timeout.) */
  maxWaitMs?: number;
  /** (Default: the system clock.) */
  now?: () => number;
}

export function createRateLimiter(perMinute: number, options: RateLimiterOptions = {}): RateLimiter {
  if (!(perMinute > 0)) throw new Error('rate must be positive');
  const interval = 60_000 / perMinute;
  const maxWait = options.maxWaitMs ?? 20_000;
  const now = options.now ?? Date.now;
  let nextFree = 0;
  /** key → its booked slot (ms); a slot once used is forgotten. */
  const booked = new Map<string, number>();
  return {
    perMinute,
    slot(key) {
      const t = now();
      let at = booked.get(key);
      if (at === undefined) {
        at = Math.max(t, nextFree);
        nextFree = at + interval;
        booked.set(key, at);
      }
      const wait = at - t;
      if (wait > maxWait) return { go: false, deferMs: Math.ceil(wait) };
      booked.delete(key);
      return { go: true, waitMs: Math.max(0, wait) };
    },
  };
}
