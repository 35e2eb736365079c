/**
 * Personal data and secrets kept out of log lines and Temporal histories (Vietnam's Personal Data Protection Law
 * applies from 1/1/2026): email addresses become `<email …@domain>`, phone numbers `<phone …678>` (the last three
 * digits, enough to tell two contacts of an agency apart), signed-link tokens `/s/<token>`, credentials in URLs
 * `//user:***@`. The full values stay in PostgreSQL (contacts, the outbox), which is where an operator looks them up.
 */
import { ApplicationFailure } from '@temporalio/common';

const EMAIL = /[A-Za-z0-9._%+-]+@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)/g;
/** Digit runs that may be phone numbers; which are is decided by `isPhone` on their digits. */
const PHONE_CANDIDATE = /(?<![\w.])\+?\d[\d\s.()-]{6,18}\d(?![\w])/g;
const LINK_TOKEN = /\/s\/[A-Za-z0-9_.~%-]{8,}/g;
const URL_CREDENTIALS = /\/\/([^/\s:@]+):([^/\s@]+)@/g;

/** Vietnamese numbers (0…, 84…, +84…) and any international number written with `+`. */
function isPhone(candidate: string): boolean {
  const digits = candidate.replace(/\D/g, '');
  if (candidate.startsWith('+')) return digits.length >= 8 && digits.length <= 15;
  if (digits.startsWith('84')) return digits.length === 11 || digits.length === 12;
  if (digits.startsWith('0')) return digits.length === 10 || digits.length === 11;
  return false;
}

export function maskPersonalData(text: string): string {
  return text
    .replace(URL_CREDENTIALS, '//$1:***@')
    .replace(LINK_TOKEN, '/s/<token>')
    .replace(EMAIL, (_m, domain: string) => `<email …@${domain}>`)
    .replace(PHONE_CANDIDATE, (m) => (isPhone(m) ? `<phone …${m.replace(/\D/g, '').slice(-3)}>` : m));
}

/** Any JSON-able value with every string in it masked (log metadata, error details). */
export function maskDeep<T>(value: T): T {
  if (typeof value === 'string') return maskPersonalData(value) as T;
  if (Array.isArray(value)) return value.map((v) => maskDeep(v as unknown)) as T;
  if (value instanceof Error) return maskError(value) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskDeep(v as unknown)])) as T;
  }
  return value;
}

/**
 * The same failure with its message, stack and causes masked: what an activity throws is stored in the workflow's
 * history (message, stack trace and cause chain), so this runs on every activity failure. Type, retryability and
 * the next retry delay are kept.
 */
export function maskError(err: unknown): Error {
  if (err instanceof ApplicationFailure) {
    const masked = ApplicationFailure.create({
      type: err.type ?? undefined,
      message: maskPersonalData(err.message),
      nonRetryable: err.nonRetryable ?? undefined,
      details: err.details ? maskDeep([...err.details]) : undefined,
      // Our activities give it in milliseconds (outsideWorkingHours).
      nextRetryDelay: typeof err.nextRetryDelay === 'number' ? err.nextRetryDelay : undefined,
      cause: err.cause !== undefined ? maskError(err.cause) : undefined,
    });
    masked.stack = err.stack ? maskPersonalData(err.stack) : masked.stack;
    return masked;
  }
  if (err instanceof Error) {
    const masked = new Error(
      maskPersonalData(err.message),
      err.cause !== undefined ? { cause: maskError(err.cause) } : undefined,
    );
    masked.name = err.name;
    masked.stack = err.stack ? maskPersonalData(err.stack) : masked.stack;
    return masked;
  }
  return new Error(maskPersonalData(String(err)));
}
