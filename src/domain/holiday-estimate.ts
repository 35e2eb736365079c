/**
 * How the calendar guesses a year the Prime Minister has not decided yet, learnt from the years that were decided.
 *
 * The law (Bộ luật Lao động 2019, Điều 112) fixes five Tết days and two Quốc khánh days, 2/9 and "one day
 * immediately before or after", but leaves the split to a yearly decision. Rather than a constant that the next
 * decision silently contradicts, the guess is recomputed from ./holidays/official-YYYY.json: adding a decided year
 * moves the guesses with it. Pure: no I/O.
 */
import { isWeekend } from './holiday-days';
import { OFFICIAL_SCHEDULES, type OfficialSchedule } from './holiday-official';
import { julianDayNumber, lunarNewYear } from './lunar-calendar';

export interface EstimateRules {
  /** Tết days taken before mùng 1 (the rest follow it). */
  tetDaysBefore: number;
  /** The side of 2/9 its paired day takes when both 1/9 and 3/9 are weekdays. */
  nationalDayPairing: 'before' | 'after';
  /** The decided years behind each choice, for the explanation shown to coordinators. */
  basis: {
    tetDaysBefore: ReadonlyMap<number, number[]>;
    nationalDayPairing: Readonly<Record<'before' | 'after', number[]>>;
  };
}

/** Until a decision says otherwise: one day before Tết (the 2012 Code's reading) and 3/9 after 2/9. */
const FALLBACK = { tetDaysBefore: 1, nationalDayPairing: 'after' } as const;

/**
 * The most frequent choice; a tie goes to the choice of the most recent decided year, since the government's habits
 * drift (the Tết split moved from one day before to two in 2017–2025).
 */
function mostFrequent<T>(choices: ReadonlyMap<T, number[]>, fallback: T): T {
  let best: T = fallback;
  let bestCount = 0;
  let bestLatest = -Infinity;
  for (const [choice, years] of choices) {
    const latest = Math.max(...years);
    if (years.length > bestCount || (years.length === bestCount && latest > bestLatest)) {
      best = choice;
      bestCount = years.length;
      bestLatest = latest;
    }
  }
  return best;
}

function holidayJdns(schedule: OfficialSchedule): number[] {
  return schedule.daysOff
    .filter((d) => d.kind === 'holiday')
    .map((d) => {
      const [y, m, day] = d.date.split('-').map(Number) as [number, number, number];
      return julianDayNumber(y, m, day);
    });
}

/** Derives the guesses from official schedules; exported so tests can feed it other histories. */
export function deriveEstimateRules(schedules: Iterable<OfficialSchedule>): EstimateRules {
  const tet = new Map<number, number[]>();
  const pairing: Record<'before' | 'after', number[]> = { before: [], after: [] };
  for (const schedule of schedules) {
    const holidays = new Set(holidayJdns(schedule));
    if (schedule.occasions.includes('lunar-new-year')) {
      const { year, month, day } = lunarNewYear(schedule.year);
      const first = julianDayNumber(year, month, day);
      let before = 0;
      while (holidays.has(first - before - 1)) before++;
      if (before > 0) tet.set(before, [...(tet.get(before) ?? []), schedule.year]);
    }
    // Only the 2019 Code pairs 2/9 with another day, and only a year where both sides were weekdays shows a choice.
    if (schedule.occasions.includes('national-day') && schedule.year >= 2021) {
      const nationalDay = julianDayNumber(schedule.year, 9, 2);
      if (isWeekend(nationalDay - 1) || isWeekend(nationalDay + 1)) continue;
      if (holidays.has(nationalDay - 1)) pairing.before.push(schedule.year);
      else if (holidays.has(nationalDay + 1)) pairing.after.push(schedule.year);
    }
  }
  const sides = new Map<'before' | 'after', number[]>(
    (['before', 'after'] as const).filter((side) => pairing[side].length > 0).map((side) => [side, pairing[side]]),
  );
  return {
    tetDaysBefore: mostFrequent(tet, FALLBACK.tetDaysBefore),
    nationalDayPairing: mostFrequent(sides, FALLBACK.nationalDayPairing),
    basis: { tetDaysBefore: tet, nationalDayPairing: pairing },
  };
}

/** The guesses the shipped official schedules support (stored schedules may move them: CalendarData.estimateRules). */
export const ESTIMATE_RULES: EstimateRules = deriveEstimateRules(OFFICIAL_SCHEDULES.values());

/** The law a year's statutory days rest on, as the `source` of an estimated day. */
export function statuteOf(year: number): string {
  return year >= 2021 ? 'Bộ luật Lao động 2019, Điều 112' : 'Bộ luật Lao động 2012, Điều 115';
}

/** One Vietnamese sentence naming the rule an estimated year is computed with and the decided years behind it. */
export function describeEstimateRule(year: number, rules: EstimateRules): string {
  const tetYears = rules.basis.tetDaysBefore.get(rules.tetDaysBefore) ?? [];
  const decided = [...rules.basis.tetDaysBefore.values()].reduce((n, years) => n + years.length, 0);
  const tet =
    `Tết Nguyên đán: ${rules.tetDaysBefore} ngày trước mùng 1 và ${5 - rules.tetDaysBefore} ngày từ mùng 1 ` +
    `(như ${tetYears.length}/${decided} năm đã có lịch chính thức: ${tetYears.join(', ')})`;
  const side = rules.nationalDayPairing === 'before' ? '1/9' : '3/9';
  const other = rules.nationalDayPairing === 'before' ? '3/9' : '1/9';
  const sideYears = rules.basis.nationalDayPairing[rules.nationalDayPairing];
  const nationalDay =
    year >= 2021
      ? `; Quốc khánh: 2/9 và ${side} (${other} nếu ${side} là thứ Bảy hoặc Chủ nhật)` +
        (sideYears.length > 0 ? `, như ${sideYears.join(', ')}` : '')
      : '';
  return `Ước tính theo ${statuteOf(year)} khi chưa có lịch nghỉ chính thức: ${tet}${nationalDay}; không có hoán đổi ngày làm việc.`;
}
