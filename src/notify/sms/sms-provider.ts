// The seam between the notification activities and whichever SMS gateway an operator configures.

/** One SMS to send. */
export interface SmsMessage {
  /** Recipient in E.164, e.g. `+84912345678` (see `normalizeVietnamesePhone`). */
  to: string;
  text: string;
  /**
   * Idempotency key, stable across retries of the same notification (for example the notification row's key).
   * Gateways that support it use it to drop duplicates.
   */
  id: string;
}

export interface SmsSendResult {
  /** The gateway's id for the accepted message (for delivery reports and support requests). */
  providerMessageId: string;
}

/**
 * Sends SMS. `send` resolves once the gateway has accepted the message (not delivered it), and rejects with
 * {@link SmsPermanentError} when retrying cannot help or {@link SmsTransientError} when it may.
 */
export interface SmsProvider {
  /** Short name for logs and the notification record: `log`, `webhook`, `esms`. */
  readonly name: string;
  send(message: SmsMessage): Promise<SmsSendResult>;
}

export interface SmsErrorDetails {
  /** Provider name. */
  provider: string;
  /** The gateway's own code, e.g. an HTTP status or eSMS `CodeResult`. */
  code?: string;
  cause?: unknown;
}

/**
 * Retrying will not help: bad number, content or credentials rejected, account misconfigured. The activity
 * maps it to a non-retryable failure so the coordinator sees it instead of the worker retrying for days.
 */
export class SmsPermanentError extends Error {
  override readonly name = 'SmsPermanentError';
  readonly provider: string;
  readonly code: string | undefined;
  constructor(message: string, details: SmsErrorDetails) {
    super(message, { cause: details.cause });
    this.provider = details.provider;
    this.code = details.code;
  }
}

/** The gateway was unreachable, timed out or failed on its side; the same message may succeed later. */
export class SmsTransientError extends Error {
  override readonly name = 'SmsTransientError';
  readonly provider: string;
  readonly code: string | undefined;
  constructor(message: string, details: SmsErrorDetails) {
    super(message, { cause: details.cause });
    this.provider = details.provider;
    this.code = details.code;
  }
}

/** Minimal logger the providers need; `console` and pino-style loggers fit. */
export interface SmsLogger {
  info(message: string, fields?: Record<string, unknown>): void;
}

/** The global `fetch`, injectable for tests and proxies. */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

const E164 = /^\+[1-9]\d{7,14}$/;

/** Rejects a recipient that is not E.164 before any I/O; such a message can never succeed. */
export function assertE164(provider: string, to: string): void {
  if (!E164.test(to)) {
    throw new SmsPermanentError(
      `Số điện thoại không hợp lệ / recipient is not an E.164 number (${to.length} ký tự / characters)`,
      {
        provider,
        code: 'invalid-recipient',
      },
    );
  }
}

/**
 * POSTs JSON with a timeout and turns network failures and timeouts into {@link SmsTransientError}.
 * HTTP statuses are left to the caller.
 */
export async function postJson(
  provider: string,
  fetchImpl: FetchLike,
  url: string,
  body: unknown,
  timeoutMs: number,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string }> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetchImpl(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', accept: 'application/json', ...headers },
      body: JSON.stringify(body),
      signal,
    });
    return { status: response.status, text: await response.text() };
  } catch (err) {
    // Asking the signal, not the error: fetch's errors may come from another realm, where instanceof fails.
    const timedOut = signal.aborted;
    const host = safeHost(url);
    // fetch says only "fetch failed"; the useful part (ECONNREFUSED, bad port…) is in its cause.
    const failure = (err ?? {}) as { message?: unknown; cause?: { code?: unknown; message?: unknown } };
    const detail = [failure.message, failure.cause?.code ?? failure.cause?.message].filter(Boolean).join(': ');
    throw new SmsTransientError(
      timedOut
        ? `${provider}: no answer from ${host} within ${timeoutMs} ms`
        : `${provider}: could not reach ${host}: ${detail}`,
      { provider, code: timedOut ? 'timeout' : 'network', cause: err },
    );
  }
}

// Error messages name the host only: gateway URLs may carry credentials or tokens in the path or query.
function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the gateway';
  }
}
