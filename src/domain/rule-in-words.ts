/**
 * A plan's rules said in Vietnamese words, as a plan page shows them next to each obligation: "trước ngày 10/6 hằng
 * năm; nhắc trước 7, 3 và 1 ngày". Pure: the words follow from the rule and the policy alone (no calendar, no clock),
 * and say what the engine does: `inclusive: false` is "trước ngày" (the stated day is already late), otherwise
 * "chậm nhất ngày"; day reminders count calendar days back (one landing on a day off is sent on the working day
 * before), escalation days count working days after the due date (./reminder-schedule.ts).
 */
import { Duration, type DurationUnit } from 'luxon';
import { parseDayMonth } from './plan-schema-fields';
import type { DeadlineRule } from './plan-schema-deadline';
import type { Policy } from './plan-schema-policy';
import { formatShortDate, formatVietnameseDateTime } from './vietnamese-format';

/** "7", "7 và 3", "7, 3 và 1". */
export function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} và ${items.at(-1)}`;
}

/** `10/6` from `10/06` or `10/6`: the day and month without leading zeros, as the documents write them. */
const dayMonthText = (text: string): string => {
  const dm = parseDayMonth(text);
  return dm ? `${dm.day}/${dm.month}` : text;
};

const UNITS: [DurationUnit, string][] = [
  ['years', 'năm'],
  ['months', 'tháng'],
  ['weeks', 'tuần'],
  ['days', 'ngày'],
  ['hours', 'giờ'],
  ['minutes', 'phút'],
  ['seconds', 'giây'],
];

/** An ISO-8601 duration in words: `P7D` "7 ngày", `PT1H30M` "1 giờ 30 phút". */
export function durationInWords(iso: string): string {
  const d = Duration.fromISO(iso);
  const parts = UNITS.flatMap(([unit, word]) => {
    const n = d.get(unit);
    return n ? [`${n} ${word}`] : [];
  });
  return parts.length > 0 ? parts.join(' ') : '0 giây';
}

/** The offsets in words, the shared unit said once when every offset is a whole number of that one unit. */
function offsetsInWords(offsets: readonly string[], dayWord = 'ngày'): string {
  const words = offsets.map(durationInWords);
  const single = words.map((w) => /^(\d+) (\S+)$/.exec(w));
  const unit = single[0]?.[2];
  if (single.every((m) => m !== null && m[2] === unit)) {
    const word = unit === 'ngày' ? dayWord : unit;
    return `${listInWords(single.map((m) => m![1]!))} ${word}`;
  }
  return listInWords(words.map((w) => w.replace(/ngày/g, dayWord)));
}

const lead = (inclusive: boolean | undefined) => (inclusive === false ? 'trước ngày' : 'chậm nhất ngày');

/** When an obligation falls due, in words. */
export function deadlineInWords(rule: DeadlineRule): string {
  switch (rule.type) {
    case 'yearly':
      return `${lead(rule.inclusive)} ${dayMonthText(rule.date)} hằng năm`;
    case 'every-year':
      return `${lead(rule.inclusive)} ${dayMonthText(rule.date ?? '31/12')} hằng năm`;
    case 'in-years':
      return `${lead(rule.inclusive)} ${dayMonthText(rule.date ?? '31/12')} năm ${listInWords(rule.years.map(String))}`;
    case 'once':
      return `${lead(rule.inclusive)} ${formatShortDate(rule.date)}`;
    case 'last-week-of-month':
      return `trong tuần cuối tháng ${rule.month} hằng năm (hạn là ngày làm việc cuối cùng của tháng)`;
    case 'instant':
      return `lúc ${formatVietnameseDateTime(rule.at)}`;
  }
}

/** "nhắc trước 7, 3 và 1 ngày" (and none: "không nhắc trước hạn"). */
export function remindersInWords(policy: Pick<Policy, 'reminders'>): string {
  if (policy.reminders.length === 0) return 'không nhắc trước hạn';
  return `nhắc trước ${offsetsInWords(policy.reminders)}`;
}

const NOTIFY_WORDS: Record<string, string> = {
  focal: 'cán bộ đầu mối',
  head: 'lãnh đạo cơ quan',
  coordinator: 'cơ quan điều phối',
  committee: 'UBND tỉnh',
};

/** "quá hạn 1 ngày làm việc báo cán bộ đầu mối và lãnh đạo cơ quan; 3 ngày làm việc báo cơ quan điều phối". */
export function escalationInWords(policy: Pick<Policy, 'escalation'>): string {
  if (policy.escalation.length === 0) return 'không đôn đốc sau hạn';
  const steps = policy.escalation.map(
    (s) =>
      `${offsetsInWords([s.after], 'ngày làm việc')} báo ${listInWords(s.notify.map((n) => NOTIFY_WORDS[n] ?? n))}`,
  );
  return `quá hạn ${steps.join('; ')}`;
}

/** An obligation's rule with its reminders: "trước ngày 10/6 hằng năm; nhắc trước 7, 3 và 1 ngày". */
export function ruleInWords(rule: DeadlineRule, policy: Pick<Policy, 'reminders'>): string {
  return `${deadlineInWords(rule)}; ${remindersInWords(policy)}`;
}
