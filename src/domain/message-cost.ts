/**
 * What the messages of an assignment cost: carriers bill an SMS per segment, Zalo per template message, and mail
 * costs what the relay's contract says (nothing by default). Prices are settings (`SMS_PRICE_VND`, …). Pure.
 */
import { smsSegments } from './sms-text';

export interface MessagePrices {
  /** One SMS segment, VND. (Default: 800, a customer-care brandname SMS.) */
  smsSegmentVnd: number;
  /** One Zalo template message, VND. (Default: 250.) */
  zaloMessageVnd: number;
  /** One email, VND. (Default: 0.) */
  emailVnd: number;
}

export const DEFAULT_PRICES: Readonly<MessagePrices> = Object.freeze({
  smsSegmentVnd: 800,
  zaloMessageVnd: 250,
  emailVnd: 0,
});

export interface MessageCost {
  /** SMS segments billed. */
  segments: number;
  costVnd: number;
}

/** The cost of messages the providers accepted, each `{ channel, body }`; unknown channels cost nothing. */
export function costOf(messages: Iterable<{ channel: string; body: string }>, prices: MessagePrices): MessageCost {
  let segments = 0;
  let costVnd = 0;
  for (const m of messages) {
    if (m.channel === 'sms') {
      const n = smsSegments(m.body);
      segments += n;
      costVnd += n * prices.smsSegmentVnd;
    } else if (m.channel === 'zalo') costVnd += prices.zaloMessageVnd;
    else if (m.channel === 'email') costVnd += prices.emailVnd;
  }
  return { segments, costVnd };
}
