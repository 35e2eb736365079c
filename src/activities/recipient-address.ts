/** A recipient's address on a channel (Zalo template messages go to the phone number), and the outbox key. */
import { normalizeVietnamesePhone } from '../domain/phone-number';
import type { Recipient } from '../domain/recipient-policy';
import { maskPersonalData } from '../security/personal-data';

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

/**
 * How a failure message or a log line names a message to a recipient: `<base>:<channel>:contact#<row id>`, or the
 * address masked (`<email …@domain>`, `<phone …678>`) for a recipient that is no stored contact. The key itself
 * (with the address) stays the outbox's unique key, in the database only.
 */
export function refOf(base: string, channel: Channel, r: Pick<Recipient, 'id'>, address: string): string {
  return `${base}:${channel}:${recipientRef(r, address)}`;
}

/** A recipient as failures and logs name it: `contact#<row id>`, or its address masked. */
export function recipientRef(r: Pick<Recipient, 'id'>, address: string): string {
  return r.id !== undefined ? `contact#${r.id}` : maskPersonalData(address);
}
