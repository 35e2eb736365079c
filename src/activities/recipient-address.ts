/** A recipient's address on a channel (Zalo template messages go to the phone number), and the outbox key. */
import { normalizeVietnamesePhone } from '../domain/phone-number';
import type { Recipient } from '../domain/recipient-policy';

export type Channel = 'email' | 'sms' | 'zalo';
/** A recipient's address on a channel: usable, unusable (a phone number that is not one), or absent. */
export type Address = { ok: true; address: string; raw: string } | { ok: false; raw: string; reason: string } | null;

export function addressOf(r: Recipient, channel: Channel): Address {
  if (channel === 'email') return r.email ? { ok: true, address: r.email, raw: r.email } : null;
  if (!r.phone) return null;
  const phone = normalizeVietnamesePhone(r.phone);
  return phone.ok ? { ok: true, address: phone.e164, raw: r.phone } : { ok: false, raw: r.phone, reason: phone.reason };
}

/** Outbox keys name the address as the first release did: emails lower-cased, phones in E.164. */
export function keyOf(base: string, channel: Channel, address: string): string {
  return `${base}:${channel}:${channel === 'email' ? address.toLowerCase() : address}`;
}
