/**
 * The legal working-day calendar of Vietnamese public bodies (cơ quan hành chính, sự nghiệp), as pure functions.
 *
 * Two layers, the second overriding the first:
 * 1. Statute. Saturday and Sunday are weekly days off (Quyết định 188/1999/QĐ-TTg). Public holidays are those of the
 *    Labour Code in force for the year (2012 Code, Điều 115, for 2013–2020; 2019 Code, Điều 112, from 2021). A holiday
 *    that falls on a weekly day off gives a compensatory day off (nghỉ bù) on the next working day.
 * 2. Official schedules. Each year the Prime Minister decides which five days make up Tết and which day sits next to
 *    2/9, and often swaps a working day between a holiday and a weekend for a Saturday (hoán đổi, làm bù). Those
 *    decisions live in ./holidays/official-YYYY.json with their source; a file overrides the statutory days only for
 *    the occasions it lists, so a year whose Quốc khánh is not decided yet still gets the statutory 2/9.
 *
 * Dates are ISO strings (YYYY-MM-DD) at the API and Julian day numbers inside, so there is no time zone to get wrong.
 *
 * Law check (2026-03): the 2019 Code is still the law. The Politburo chose 24/11 as Ngày Văn hóa Việt Nam with a paid
 * day off in mind (Nghị quyết 80-NQ/TW, 01/2026), and Nghị quyết 30/NQ-CP (02/2026) asks for Điều 112 to be amended
 * accordingly, but no amendment has been passed.
 * TODO(24/11): once the amended Labour Code is published, turn '24/11' into a statutory holiday from its effective
 * year and cite it in calendarSources; until then it is opt-in through CalendarOptions.proposedHolidays.
 */
import {
  assertSupportedYear,
  formatIsoDate,
  isWeekend,
  parseIsoDate,
  weekday,
  yearOf,
  type CalendarOptions,
  type DayOff,
} from './holiday-days';
import { installedCalendarData, type CalendarData } from './calendar-data';
import { describeEstimateRule, statuteOf, type EstimateRules } from './holiday-estimate';
import { statutoryHolidays } from './holiday-statutory';

export { MAX_CALENDAR_YEAR, MIN_CALENDAR_YEAR, type CalendarOptions, type DayOff } from './holiday-days';
export { parseOfficialSchedule } from './holiday-official';
export { deriveEstimateRules, ESTIMATE_RULES } from './holiday-estimate';

function dataOf(options: CalendarOptions | undefined): CalendarData {
  return options?.calendar ?? installedCalendarData();
}

/** Years that have an official schedule (shipped or imported by an admin), ascending. */
export function officialScheduleYears(options?: CalendarOptions): number[] {
  return [...dataOf(options).schedules.keys()].sort((a, b) => a - b);
}

/**
 * True when some non-working day of `year` rests on a guess: no official schedule, or one that leaves Tết or
 * Quốc khánh undecided (the other occasions have fixed dates in the law).
 */
export function isEstimatedYear(year: number, options?: CalendarOptions): boolean {
  const schedule = dataOf(options).schedules.get(year);
  return !schedule || !schedule.occasions.includes('lunar-new-year') || !schedule.occasions.includes('national-day');
}

/** One Vietnamese sentence naming the rule an estimated year is computed with and the decided years behind it. */
export function estimateRuleText(year: number, rules: EstimateRules = installedCalendarData().estimateRules): string {
  return describeEstimateRule(year, rules);
}

// ---------------------------------------------------------------------------------------------------------------
// The year's calendar: statute, overridden by official schedules, cached

interface YearCalendar {
  daysOff: ReadonlyArray<Readonly<DayOff>>;
  byDate: ReadonlyMap<number, Readonly<DayOff>>;
}

// Pure functions of (year, options, data), so memoising them is safe; it keeps working-day walks over many years
// cheap. One cache per data value: a newly installed calendar starts empty, and an old one is collected with it.
const yearCaches = new WeakMap<CalendarData, Map<string, YearCalendar>>();

function proposedOf(options: CalendarOptions | undefined): ReadonlyArray<'24/11'> {
  return options?.proposedHolidays ?? [];
}

function yearCalendar(year: number, options: CalendarOptions | undefined): YearCalendar {
  assertSupportedYear(year);
  const proposed = proposedOf(options);
  const data = dataOf(options);
  let yearCache = yearCaches.get(data);
  if (!yearCache) yearCaches.set(data, (yearCache = new Map<string, YearCalendar>()));
  const key = `${year}|${[...new Set(proposed)].sort().join(',')}`;
  const cached = yearCache.get(key);
  if (cached) return cached;

  const official = data.schedules.get(year);
  const decided = new Set<string>(official?.occasions ?? []);
  const statutory = statutoryHolidays(year, proposed, data.estimateRules).filter(
    (h) => !decided.has(h.occasion) && !data.working.has(h.jdn),
  );

  const byDate = new Map<number, Readonly<DayOff>>();
  for (const [jdn, dayOff] of data.daysOff) {
    if (yearOf(jdn) === year) byDate.set(jdn, dayOff);
  }
  for (const holiday of statutory) {
    if (!byDate.has(holiday.jdn)) {
      byDate.set(holiday.jdn, Object.freeze({ date: formatIsoDate(holiday.jdn), name: holiday.name, kind: 'holiday' }));
    }
  }
  // Holidays in date order, each weekend one taking the first later weekday still free, so Tết's Saturday and
  // Sunday yield two consecutive weekdays after the whole holiday run, as the Labour Code's "ngày kế tiếp" is read.
  for (const holiday of statutory) {
    if (!isWeekend(holiday.jdn)) continue;
    let jdn = holiday.jdn + 1;
    while (isWeekend(jdn) || byDate.has(jdn) || data.working.has(jdn)) jdn++;
    byDate.set(jdn, Object.freeze({ date: formatIsoDate(jdn), name: holiday.compensatoryName, kind: 'compensatory' }));
  }

  const daysOff = [...byDate.entries()].sort(([a], [b]) => a - b).map(([, dayOff]) => dayOff);
  const calendar: YearCalendar = { daysOff, byDate };
  yearCache.set(key, calendar);
  return calendar;
}

// ---------------------------------------------------------------------------------------------------------------
// Public API

/**
 * The days off of `year` other than plain weekends: holidays (also when they fall on a weekend), compensatory days
 * and the extra days off of official swaps, sorted by date. This is what `nhac-han holidays --year Y` prints.
 *
 * @example
 * nonWorkingDaysOfYear(2025).slice(1, 3);
 * // [{ date: '2025-01-27', name: 'Tết Nguyên đán (28 tháng Chạp)', kind: 'holiday' },
 * //  { date: '2025-01-28', name: 'Tết Nguyên đán (29 tháng Chạp)', kind: 'holiday' }]
 */
export function nonWorkingDaysOfYear(year: number, options?: CalendarOptions): DayOff[] {
  return yearCalendar(year, options).daysOff.map((d) => ({ ...d }));
}

/**
 * Why `date` is not a working day, or null if it is one. Weekends come back with kind 'weekend' unless the date is
 * an official make-up working day and `makeUpDaysAreWorkingDays` is on (the default).
 *
 * @example
 * dayOffReason('2024-09-03'); // { date: '2024-09-03', name: 'Quốc khánh (ngày liền kề)', kind: 'holiday' }
 * dayOffReason('2024-05-04'); // null: Saturday, but a make-up working day for 29/4/2024
 */
export function dayOffReason(date: string, options?: CalendarOptions): DayOff | null {
  const jdn = parseIsoDate(date);
  const listed = yearCalendar(yearOf(jdn), options).byDate.get(jdn);
  if (listed) return { ...listed };
  if (!isWeekend(jdn)) return null;
  if ((options?.makeUpDaysAreWorkingDays ?? true) && dataOf(options).makeUp.has(jdn)) return null;
  return { date: formatIsoDate(jdn), name: weekday(jdn) === 6 ? 'Thứ Bảy' : 'Chủ nhật', kind: 'weekend' };
}

/** True when public servants work on `date` (see {@link dayOffReason}). */
export function isWorkingDay(date: string, options?: CalendarOptions): boolean {
  return dayOffReason(date, options) === null;
}

function stepToWorkingDay(jdn: number, direction: 1 | -1, options: CalendarOptions | undefined): number {
  let next = jdn + direction;
  // The longest run of days off (Tết plus swaps and weekends) is under two weeks; the bound only guards bad data.
  for (let i = 0; i < 60; i++, next += direction) {
    if (isWorkingDay(formatIsoDate(next), options)) return next;
  }
  throw new Error(`Không tìm thấy ngày làm việc trong 60 ngày kể từ ${formatIsoDate(jdn)}`);
}

/**
 * The first working day strictly after `date`.
 *
 * @example
 * nextWorkingDay('2025-01-24'); // '2025-02-03' — after the 9-day Tết Ất Tỵ break
 */
export function nextWorkingDay(date: string, options?: CalendarOptions): string {
  return formatIsoDate(stepToWorkingDay(parseIsoDate(date), 1, options));
}

/** The last working day strictly before `date`. */
export function previousWorkingDay(date: string, options?: CalendarOptions): string {
  return formatIsoDate(stepToWorkingDay(parseIsoDate(date), -1, options));
}

/**
 * Moves `n` working days from `date`: forward for n > 0, backward for n < 0; n = 0 returns `date` unchanged, even if
 * it is a day off. `date` itself is never counted, so addWorkingDays(d, 1) === nextWorkingDay(d).
 *
 * @example
 * addWorkingDays('2024-04-26', 2); // '2024-05-03': 27/4–1/5 are days off, Saturday 4/5 is a make-up day
 */
export function addWorkingDays(date: string, n: number, options?: CalendarOptions): string {
  if (!Number.isInteger(n)) {
    throw new RangeError(`Số ngày làm việc phải là số nguyên, nhận được ${String(n)}`);
  }
  let jdn = parseIsoDate(date);
  const direction = n > 0 ? 1 : -1;
  for (let i = 0; i < Math.abs(n); i++) jdn = stepToWorkingDay(jdn, direction, options);
  return formatIsoDate(jdn);
}

/** The legal texts and official schedules the calendar of `year` rests on, in Vietnamese, for display. */
export function calendarSources(year: number, options?: CalendarOptions): string[] {
  assertSupportedYear(year);
  const sources: string[] = [];
  if (year >= 2021) {
    sources.push(
      'Bộ luật Lao động số 45/2019/QH14, Điều 112 (nghỉ lễ, tết) và khoản 3 Điều 111 (nghỉ bù khi ngày nghỉ lễ, tết trùng ngày nghỉ hằng tuần)',
    );
  } else {
    sources.push(
      'Bộ luật Lao động số 10/2012/QH13, Điều 115 (nghỉ lễ, tết; khoản 3: nghỉ bù vào ngày kế tiếp khi trùng ngày nghỉ hằng tuần)',
    );
  }
  if (year === 2013) {
    sources.push(
      'Bộ luật Lao động 1994 (sửa đổi, bổ sung 2007), Điều 73: Tết Âm lịch 4 ngày (áp dụng cho Tết Quý Tỵ 2013)',
    );
  }
  sources.push('Quyết định 188/1999/QĐ-TTg về chế độ tuần làm việc 40 giờ (nghỉ thứ Bảy và Chủ nhật)');
  sources.push('Âm lịch Việt Nam theo thuật toán của Hồ Ngọc Đức, tính theo múi giờ UTC+7');

  const data = dataOf(options);
  const touching = [...data.schedules.values()].filter(
    (schedule) =>
      schedule.year === year ||
      [...schedule.daysOff, ...schedule.makeUpWorkingDays].some((d) => d.date.startsWith(`${year}-`)),
  );
  for (const schedule of touching) sources.push(schedule.source);

  const stored = [...new Set([...data.stored].filter((jdn) => yearOf(jdn) === year).map((j) => data.sources.get(j)))];
  for (const source of stored) if (source && !sources.includes(source)) sources.push(source);
  const own = data.schedules.get(year);
  if (isEstimatedYear(year, options)) {
    sources.push(
      `Chưa có lịch nghỉ chính thức của năm này trong dữ liệu. ${estimateRuleText(year, data.estimateRules)}`,
    );
  }
  if (own?.note) sources.push(own.note);
  return sources;
}

/** Official make-up working days (ngày làm bù) that fall in `year`, sorted; days off are in nonWorkingDaysOfYear. */
export function makeUpWorkingDaysOfYear(
  year: number,
  options?: CalendarOptions,
): Array<{ date: string; name: string }> {
  assertSupportedYear(year);
  return [...dataOf(options).makeUp.entries()]
    .filter(([jdn]) => yearOf(jdn) === year)
    .sort(([a], [b]) => a - b)
    .map(([jdn, name]) => ({ date: formatIsoDate(jdn), name }));
}

/** One line of `holidays --json`: a day off, or an official make-up working day on a weekend. */
export interface CalendarEntry {
  date: string;
  name: string;
  kind: 'day-off' | 'working-day';
  /**
   * What makes it so: the DayOff kind for days off, 'make-up' for make-up working days, 'working-day' for a weekday
   * an admin's entry made a working day again.
   */
  reason: DayOff['kind'] | 'make-up' | 'working-day';
  /** The official schedule it comes from, or the law with "(ước tính)" when the year's split is a guess. */
  source: string;
}

/**
 * The days of `year` that differ from a plain Monday–Friday week, with their source: every day off of
 * {@link nonWorkingDaysOfYear} and every make-up Saturday, sorted by date.
 *
 * @example
 * calendarEntriesOfYear(2026).find((e) => e.date === '2026-08-22');
 * // { date: '2026-08-22', name: 'Làm bù cho ngày 31/8/2026', kind: 'working-day', reason: 'make-up', source: '…' }
 */
export function calendarEntriesOfYear(year: number, options?: CalendarOptions): CalendarEntry[] {
  const data = dataOf(options);
  const statute = `${statuteOf(year)}${isEstimatedYear(year, options) ? ' (ước tính)' : ''}`;
  const sourceOf = (date: string): string => data.sources.get(parseIsoDate(date)) ?? statute;
  const daysOff = yearCalendar(year, options).daysOff.map((d): CalendarEntry => ({
    date: d.date,
    name: d.name,
    kind: 'day-off',
    reason: d.kind,
    source: sourceOf(d.date),
  }));
  const makeUp = makeUpWorkingDaysOfYear(year, options).map((d): CalendarEntry => ({
    date: d.date,
    name: d.name,
    kind: 'working-day',
    reason: 'make-up',
    source: sourceOf(d.date),
  }));
  const withdrawn = [...data.working]
    .filter((jdn) => yearOf(jdn) === year)
    .map((jdn): CalendarEntry => {
      const date = formatIsoDate(jdn);
      return {
        date,
        name: 'Ngày làm việc (bỏ ngày nghỉ)',
        kind: 'working-day',
        reason: 'working-day',
        source: sourceOf(date),
      };
    });
  return [...daysOff, ...makeUp, ...withdrawn].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
