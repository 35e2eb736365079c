/**
 * Hours of the day a channel may deliver at, whatever the plan's working hours: carriers and Zalo do not deliver
 * customer-care messages at night (SMS and Zalo: 07:00–22:00 by default). Local time (Asia/Ho_Chi_Minh), every day.
 * Pure: no I/O, no clock reads.
 */
import { DateTime } from 'luxon';
import { BUSINESS_ZONE } from './business-time';

export type MessageChannel = 'email' | 'sms' | 'zalo';
export interface DayWindow {
  from: string;
  to: string;
}
export type ChannelWindows = Partial<Record<MessageChannel, DayWindow | false>>;

/** SMS and Zalo between 07:00 and 22:00; email at any hour. */
export const DEFAULT_CHANNEL_WINDOWS: Readonly<Record<MessageChannel, DayWindow | false>> = Object.freeze({
  email: false,
  sms: { from: '07:00', to: '22:00' },
  zalo: { from: '07:00', to: '22:00' },
});

/**
 * The window of `channel` under a plan's policy: its own `sendWindows` entry, else the default; a plan that sends
 * at any hour (`workingHours: false`, as demo plans do) and names no windows has none.
 */
export function channelWindow(
  channel: MessageChannel,
  policy: { sendWindows?: ChannelWindows | false | undefined; workingHours: unknown },
): DayWindow | false {
  if (policy.sendWindows === false) return false;
  const own = policy.sendWindows?.[channel];
  if (own !== undefined) return own;
  if (policy.workingHours === false && policy.sendWindows === undefined) return false;
  return DEFAULT_CHANNEL_WINDOWS[channel];
}

export type WindowDecision = { send: true } | { send: false; delayMs: number; opensAt: string };

/** Whether `at` lies in `window` (from inclusive, to exclusive); else when it next opens. */
export function windowDecision(at: Date, window: DayWindow | false): WindowDecision {
  if (window === false) return { send: true };
  const local = DateTime.fromJSDate(at, { zone: BUSINESS_ZONE });
  const minutes = local.hour * 60 + local.minute;
  const [from, to] = [toMinutes(window.from), toMinutes(window.to)];
  if (minutes >= from && minutes < to) return { send: true };
  const [h, m] = window.from.split(':').map(Number) as [number, number];
  let opens = local.set({ hour: h, minute: m, second: 0, millisecond: 0 });
  if (opens <= local) opens = opens.plus({ days: 1 });
  return { send: false, delayMs: opens.toMillis() - at.getTime(), opensAt: opens.toISO() ?? '' };
}

function toMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
}
