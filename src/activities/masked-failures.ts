/**
 * What an activity throws is written into its workflow's history (message, stack trace, causes) and shown in the
 * Web UI; the outbox keys and provider errors it quotes name recipients. Every activity is wrapped here, so no
 * failure reaches Temporal with an email address, a phone number or a link token in it (see maskError), and a
 * database outage is retried at a short fixed delay (./store-outage.ts).
 */
import { maskError } from '../security/personal-data';
import { storeOutageFailure } from './store-outage';

type AnyActivity = (...args: never[]) => Promise<unknown>;

export function withMaskedFailures<T extends Record<string, AnyActivity>>(activities: T): T {
  const wrapped: Record<string, AnyActivity> = {};
  for (const [name, fn] of Object.entries(activities)) {
    const activity = async (...args: never[]) => {
      try {
        return await fn(...args);
      } catch (err) {
        // A database outage is retried at a short fixed delay (./store-outage.ts), then masked like any failure.
        throw maskError(storeOutageFailure(err));
      }
    };
    // The worker registers activities by their key; the name helps stack traces and logs.
    Object.defineProperty(activity, 'name', { value: name });
    wrapped[name] = activity;
  }
  return wrapped as T;
}
