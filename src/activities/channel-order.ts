/**
 * Which channels a message goes on, and where it goes when one fails for good. Pure.
 *
 * Email goes alongside the phone channel. Of the phone channels (`zalo`, `sms`) only the first the plan lists and
 * the message can use is sent: Zalo needs an approved template for the kind and a configured Official Account;
 * SMS needs an SMS gateway (with `SMS_PROVIDER=zalo` there is none, and the plan's `sms` means Zalo). A message
 * that fails for good goes on the next channel the plan lists, then SMS, then email; a channel the message already
 * goes on as a primary ends the chain (it is `planned`).
 */
import type { Channel } from './recipient-address';

export interface ChannelAbility {
  /** Zalo can carry this kind (a template in the plan, a configured Official Account). */
  zalo: boolean;
  /** An SMS gateway is configured (false with `SMS_PROVIDER=zalo`). */
  sms: boolean;
}

const PHONE = new Set<Channel>(['zalo', 'sms']);

/** The plan's channels as this process can send them: `sms` means Zalo when there is no SMS gateway. */
function effective(planChannels: readonly Channel[], can: ChannelAbility): Channel[] {
  const out: Channel[] = [];
  for (const c of planChannels) {
    const mapped: Channel = c === 'sms' && !can.sms ? 'zalo' : c;
    if (!out.includes(mapped)) out.push(mapped);
  }
  return out;
}

function usable(c: Channel, can: ChannelAbility): boolean {
  return c === 'email' || (c === 'zalo' ? can.zalo : can.sms);
}

/** The channels a message is sent on: email if listed, and the first usable phone channel. */
export function primaryChannels(planChannels: readonly Channel[], can: ChannelAbility): Channel[] {
  const channels = effective(planChannels, can);
  const phone = channels.find((c) => PHONE.has(c) && usable(c, can));
  return channels.filter((c) => c === 'email' || c === phone);
}

/**
 * Where a message that failed for good on `failed` goes next, in order: the plan's later channels, then SMS, then
 * email, each usable and not already tried (`tried`, the chain so far, `failed` included).
 */
export function fallbackChannels(
  failed: Channel,
  planChannels: readonly Channel[],
  can: ChannelAbility,
  tried: readonly Channel[] = [failed],
): Channel[] {
  const channels = effective(planChannels, can);
  const after = channels.slice(channels.indexOf(failed) + 1);
  const order: Channel[] = [];
  for (const c of [...after, 'sms', 'email'] as Channel[]) {
    if (!order.includes(c) && !tried.includes(c) && usable(c, can)) order.push(c);
  }
  return order;
}
