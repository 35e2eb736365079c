import {
  assertE164,
  postJson,
  SmsPermanentError,
  SmsTransientError,
  type FetchLike,
  type SmsMessage,
  type SmsProvider,
  type SmsSendResult,
} from './sms-provider';

export interface WebhookSmsProviderOptions {
  /** `SMS_WEBHOOK_URL`: receives `POST {"to":"+84…","text":"…","id":"…"}` as JSON. */
  url: string;
  /** Time allowed for the whole request. (Default: 10 000 ms.) */
  timeoutMs?: number;
  /** (Default: the global `fetch`.) */
  fetchImpl?: FetchLike;
}

// Client errors that mean "later", not "never".
const RETRYABLE_4XX = new Set([408, 425, 429]);

/**
 * The project's own SMS contract, for operators who bridge to a gateway of their choice: one JSON POST per message;
 * 2xx = accepted, 4xx = rejected for good (except 408, 425 and 429, which ask to come back later), 5xx, network
 * errors and timeouts = try again. The message id is also sent as the `Idempotency-Key` header, so a bridge can
 * drop the duplicates that retries produce.
 */
export class WebhookSmsProvider implements SmsProvider {
  readonly name = 'webhook';
  private readonly url: string;
  private readonly timeoutMs: number;
  private readonly fetchImpl: FetchLike;

  constructor(options: WebhookSmsProviderOptions) {
    const parsed = URL.canParse(options.url) ? new URL(options.url) : undefined;
    if (!parsed || !['http:', 'https:'].includes(parsed.protocol)) {
      throw new Error(`SMS_WEBHOOK_URL must be an http(s) URL, got ${JSON.stringify(options.url)}`);
    }
    this.url = options.url;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.fetchImpl = options.fetchImpl ?? fetch;
  }

  async send(message: SmsMessage): Promise<SmsSendResult> {
    assertE164(this.name, message.to);
    const { status, text } = await postJson(
      this.name,
      this.fetchImpl,
      this.url,
      { to: message.to, text: message.text, id: message.id },
      this.timeoutMs,
      { 'idempotency-key': message.id },
    );
    if (status >= 200 && status < 300) {
      return { providerMessageId: idFromBody(text) ?? message.id };
    }
    const detail = `${this.name}: HTTP ${status}${text ? `: ${text.slice(0, 200)}` : ''}`;
    if (status >= 500 || RETRYABLE_4XX.has(status)) {
      throw new SmsTransientError(detail, { provider: this.name, code: String(status) });
    }
    throw new SmsPermanentError(detail, { provider: this.name, code: String(status) });
  }
}

// The contract asks nothing of the response body; a bridge that returns its own id gets it recorded.
function idFromBody(text: string): string | undefined {
  try {
    const body: unknown = JSON.parse(text);
    if (body && typeof body === 'object') {
      const { providerMessageId, messageId, id } = body as Record<string, unknown>;
      const found = [providerMessageId, messageId, id].find((v) => typeof v === 'string' && v !== '');
      return found as string | undefined;
    }
  } catch {
    // Not JSON: accepted all the same.
  }
  return undefined;
}
