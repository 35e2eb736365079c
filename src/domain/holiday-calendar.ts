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
import { z } from 'zod';

import official2014 from './holidays/official-2014.json';
import official2017 from './holidays/official-2017.json';
import official2018 from './holidays/official-2018.json';
import official2019 from './holidays/official-2019.json';
import official2020 from './holidays/official-2020.json';
import official2024 from './holidays/official-2024.json';
import official2025 from './holidays/official-2025.json';
import official2026 from './holidays/official-2026.json';
import { fromJulianDayNumber, julianDayNumber, lunarNewYear, lunarToSolar, solarToLunar } from './lunar-calendar';

export type DayOffKind = 'weekend' | 'holiday' | 'compensatory' | 'official-bridge';

export interface DayOff {
  /** ISO date, YYYY-MM-DD. */
  date: string;
  /** Vietnamese label shown to users, e.g. 'Tết Nguyên đán (mùng 1)', 'Nghỉ bù Quốc khánh', 'Thứ Bảy'. */
  name: string;
  kind: DayOffKind;
}

export interface CalendarOptions {
  /**
   * Make-up working Saturdays (ngày làm bù) from official schedules count as working days. (Default: true.)
   * Set it to false for bodies that keep their weekends and do not take part in the swap; the swapped days off
   * (kind 'official-bridge') stay days off either way.
   */
  makeUpDaysAreWorkingDays?: boolean;
  /** Holidays proposed but not yet law, e.g. '24/11' (Ngày Văn hóa Việt Nam). (Default: none enabled.) */
  proposedHolidays?: ReadonlyArray<'24/11'>;
}

/** First and last years we answer for: before 2013 the holiday rules differ, after 2199 the lunar calendar stops. */
export const MIN_CALENDAR_YEAR = 2013;
export const MAX_CALENDAR_YEAR = 2199;

// ---------------------------------------------------------------------------------------------------------------
// Dates as Julian day numbers

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseIsoDate(date: string, what = 'Ngày'): number {
  const match = ISO_DATE.exec(date);
  if (match) {
    const year = Number(match[1]);
    const month = Number(match[2]);
    const day = Number(match[3]);
    const jdn = julianDayNumber(year, month, day);
    const back = fromJulianDayNumber(jdn);
    if (back.year === year && back.month === month && back.day === day) return jdn;
  }
  throw new RangeError(`${what} không hợp lệ: '${date}' (cần một ngày có thật, dạng YYYY-MM-DD)`);
}

function formatIsoDate(jdn: number): string {
  const { year, month, day } = fromJulianDayNumber(jdn);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** 0 = Sunday … 6 = Saturday. */
function weekday(jdn: number): number {
  return (jdn + 1) % 7;
}

function isWeekend(jdn: number): boolean {
  const d = weekday(jdn);
  return d === 0 || d === 6;
}

function yearOf(jdn: number): number {
  return fromJulianDayNumber(jdn).year;
}

function assertSupportedYear(year: number): void {
  if (!Number.isInteger(year) || year < MIN_CALENDAR_YEAR || year > MAX_CALENDAR_YEAR) {
    throw new RangeError(`Năm ${String(year)} nằm ngoài khoảng lịch hỗ trợ ${MIN_CALENDAR_YEAR}–${MAX_CALENDAR_YEAR}`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Official schedules

const OCCASIONS = ['new-year', 'lunar-new-year', 'hung-kings', 'reunification-labour', 'national-day'] as const;
type Occasion = (typeof OCCASIONS)[number];

const isoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'ngày phải có dạng YYYY-MM-DD');

const officialScheduleSchema = z
  .object({
    year: z.number().int(),
    source: z.string().min(1),
    references: z.array(z.string().min(1)),
    occasions: z.array(z.enum(OCCASIONS)),
    note: z.string().optional(),
    daysOff: z.array(
      z
        .object({
          date: isoDateSchema,
          name: z.string().min(1),
          kind: z.enum(['holiday', 'compensatory', 'official-bridge']),
        })
        .strict(),
    ),
    makeUpWorkingDays: z.array(z.object({ date: isoDateSchema, name: z.string().min(1) }).strict()),
  })
  .strict();

type OfficialSchedule = z.infer<typeof officialScheduleSchema>;

/**
 * Validates one official-YYYY.json file. Exported for tests; the module calls it on every bundled file at load, so a
 * bad edit to the data fails the first import instead of silently shifting a deadline.
 */
export function parseOfficialSchedule(raw: unknown, file: string): OfficialSchedule {
  // Vietnamese messages for this parse only: z.config() would change every other schema in the process.
  const result = officialScheduleSchema.safeParse(raw, { error: z.locales.vi().localeError });
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${formatPath(issue.path) || '(gốc)'}: ${issue.message}`);
    throw new Error(`Lịch nghỉ chính thức ${file} không hợp lệ: ${problems.join('; ')}`);
  }
  const schedule = result.data;
  const seen = new Set<string>();
  for (const entry of [...schedule.daysOff, ...schedule.makeUpWorkingDays]) {
    const jdn = parseIsoDate(entry.date, `Lịch nghỉ chính thức ${file}: ngày`);
    const { year } = fromJulianDayNumber(jdn);
    // A schedule may reach into the last days of the previous year (31/12/2018 was part of Tết Dương lịch 2019).
    if (year !== schedule.year && year !== schedule.year - 1) {
      throw new Error(`Lịch nghỉ chính thức ${file}: ngày ${entry.date} không thuộc năm ${schedule.year}`);
    }
    if (seen.has(entry.date)) {
      throw new Error(`Lịch nghỉ chính thức ${file}: ngày ${entry.date} xuất hiện hai lần`);
    }
    seen.add(entry.date);
  }
  for (const makeUp of schedule.makeUpWorkingDays) {
    if (!isWeekend(parseIsoDate(makeUp.date))) {
      throw new Error(`Lịch nghỉ chính thức ${file}: ngày làm bù ${makeUp.date} không phải thứ Bảy hoặc Chủ nhật`);
    }
  }
  return schedule;
}

/** `['daysOff', 2, 'date']` → `daysOff[2].date`. */
function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`)).join('');
}

const OFFICIAL_SCHEDULES: ReadonlyMap<number, OfficialSchedule> = new Map(
  [
    parseOfficialSchedule(official2014, 'official-2014.json'),
    parseOfficialSchedule(official2017, 'official-2017.json'),
    parseOfficialSchedule(official2018, 'official-2018.json'),
    parseOfficialSchedule(official2019, 'official-2019.json'),
    parseOfficialSchedule(official2020, 'official-2020.json'),
    parseOfficialSchedule(official2024, 'official-2024.json'),
    parseOfficialSchedule(official2025, 'official-2025.json'),
    parseOfficialSchedule(official2026, 'official-2026.json'),
  ].map((schedule) => [schedule.year, schedule]),
);

/** Years that have an official schedule in ./holidays, ascending. */
export function officialScheduleYears(): number[] {
  return [...OFFICIAL_SCHEDULES.keys()].sort((a, b) => a - b);
}

// ---------------------------------------------------------------------------------------------------------------
// Statutory holidays

interface StatutoryHoliday {
  jdn: number;
  name: string;
  compensatoryName: string;
  occasion: Occasion | 'culture-day';
}

function jdnOfSolar(date: { year: number; month: number; day: number }): number {
  return julianDayNumber(date.year, date.month, date.day);
}

/** The holidays the Labour Code in force gives for `year`, before compensatory days and official schedules. */
function statutoryHolidays(year: number, proposed: ReadonlyArray<'24/11'>): StatutoryHoliday[] {
  const holidays: StatutoryHoliday[] = [
    {
      jdn: julianDayNumber(year, 1, 1),
      name: 'Tết Dương lịch',
      compensatoryName: 'Nghỉ bù Tết Dương lịch',
      occasion: 'new-year',
    },
  ];

  // Without a decision we take the last day of the old year and the first days of the new one, the split the
  // government chose most often (2014, 2019, 2026); other years moved one day before Tết instead of the last one.
  const tet = jdnOfSolar(lunarNewYear(year));
  const lastDayOfOldYear = solarToLunar(...solarTuple(tet - 1)).day;
  holidays.push({
    jdn: tet - 1,
    name: `Tết Nguyên đán (${lastDayOfOldYear} tháng Chạp)`,
    compensatoryName: 'Nghỉ bù Tết Nguyên đán',
    occasion: 'lunar-new-year',
  });
  // Tết Quý Tỵ (10/2/2013) fell before the 2012 Code took effect (1/5/2013): the 1994 Code gave 4 days, not 5.
  const daysOfNewYear = year <= 2013 ? 3 : 4;
  for (let i = 0; i < daysOfNewYear; i++) {
    holidays.push({
      jdn: tet + i,
      name: `Tết Nguyên đán (mùng ${i + 1})`,
      compensatoryName: 'Nghỉ bù Tết Nguyên đán',
      occasion: 'lunar-new-year',
    });
  }

  // In a year with a leap third month the festival stays on the regular month.
  holidays.push({
    jdn: jdnOfSolar(lunarToSolar(year, 3, 10)),
    name: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)',
    compensatoryName: 'Nghỉ bù Giỗ Tổ Hùng Vương',
    occasion: 'hung-kings',
  });
  holidays.push(
    {
      jdn: julianDayNumber(year, 4, 30),
      name: 'Ngày Chiến thắng (30/4)',
      compensatoryName: 'Nghỉ bù Ngày Chiến thắng (30/4)',
      occasion: 'reunification-labour',
    },
    {
      jdn: julianDayNumber(year, 5, 1),
      name: 'Ngày Quốc tế Lao động (1/5)',
      compensatoryName: 'Nghỉ bù Ngày Quốc tế Lao động (1/5)',
      occasion: 'reunification-labour',
    },
  );

  const nationalDay = julianDayNumber(year, 9, 2);
  holidays.push({
    jdn: nationalDay,
    name: 'Quốc khánh (2/9)',
    compensatoryName: 'Nghỉ bù Quốc khánh',
    occasion: 'national-day',
  });
  if (year >= 2021) {
    // The 2019 Code adds "one day immediately before or after", chosen by the Prime Minister. Every decision from
    // 2021 to 2024 took a weekday: 3/9 when it is one, otherwise 1/9 (2022: Thursday 1/9; 2023: Friday 1/9).
    const adjacent = isWeekend(nationalDay + 1) ? nationalDay - 1 : nationalDay + 1;
    holidays.push({
      jdn: adjacent,
      name: 'Quốc khánh (ngày liền kề)',
      compensatoryName: 'Nghỉ bù Quốc khánh',
      occasion: 'national-day',
    });
  }

  if (proposed.includes('24/11')) {
    holidays.push({
      jdn: julianDayNumber(year, 11, 24),
      name: 'Ngày Văn hóa Việt Nam (24/11)',
      compensatoryName: 'Nghỉ bù Ngày Văn hóa Việt Nam',
      occasion: 'culture-day',
    });
  }
  return holidays.sort((a, b) => a.jdn - b.jdn);
}

function solarTuple(jdn: number): [number, number, number] {
  const { year, month, day } = fromJulianDayNumber(jdn);
  return [year, month, day];
}

// ---------------------------------------------------------------------------------------------------------------
// The year's calendar: statute, overridden by official schedules, cached

interface YearCalendar {
  daysOff: ReadonlyArray<Readonly<DayOff>>;
  byDate: ReadonlyMap<number, Readonly<DayOff>>;
}

const OFFICIAL_DAYS_OFF: ReadonlyMap<number, Readonly<DayOff>> = new Map(
  [...OFFICIAL_SCHEDULES.values()].flatMap((schedule) =>
    schedule.daysOff.map((d): [number, Readonly<DayOff>] => [
      parseIsoDate(d.date),
      Object.freeze({ date: d.date, name: d.name, kind: d.kind }),
    ]),
  ),
);

const MAKE_UP_WORKING_DAYS: ReadonlyMap<number, string> = new Map(
  [...OFFICIAL_SCHEDULES.values()].flatMap((schedule) =>
    schedule.makeUpWorkingDays.map((d): [number, string] => [parseIsoDate(d.date), d.name]),
  ),
);

// Pure functions of (year, options), so memoising them is safe; it keeps working-day walks over many years cheap.
const yearCache = new Map<string, YearCalendar>();

function proposedOf(options: CalendarOptions | undefined): ReadonlyArray<'24/11'> {
  return options?.proposedHolidays ?? [];
}

function yearCalendar(year: number, options: CalendarOptions | undefined): YearCalendar {
  assertSupportedYear(year);
  const proposed = proposedOf(options);
  const key = `${year}|${[...new Set(proposed)].sort().join(',')}`;
  const cached = yearCache.get(key);
  if (cached) return cached;

  const official = OFFICIAL_SCHEDULES.get(year);
  const decided = new Set<string>(official?.occasions ?? []);
  const statutory = statutoryHolidays(year, proposed).filter((h) => !decided.has(h.occasion));

  const byDate = new Map<number, Readonly<DayOff>>();
  for (const [jdn, dayOff] of OFFICIAL_DAYS_OFF) {
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
    while (isWeekend(jdn) || byDate.has(jdn)) jdn++;
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
  if ((options?.makeUpDaysAreWorkingDays ?? true) && MAKE_UP_WORKING_DAYS.has(jdn)) return null;
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
export function calendarSources(year: number): string[] {
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

  const touching = [...OFFICIAL_SCHEDULES.values()].filter(
    (schedule) =>
      schedule.year === year ||
      [...schedule.daysOff, ...schedule.makeUpWorkingDays].some((d) => d.date.startsWith(`${year}-`)),
  );
  for (const schedule of touching) sources.push(schedule.source);

  const own = OFFICIAL_SCHEDULES.get(year);
  if (!own) {
    sources.push(
      'Chưa có lịch nghỉ chính thức của năm này trong dữ liệu: Tết Nguyên đán tính là ngày cuối năm âm lịch và mùng 1–4; ' +
        (year >= 2021
          ? 'Quốc khánh là 2/9 và ngày liền sau (liền trước nếu ngày liền sau là thứ Bảy hoặc Chủ nhật); '
          : '') +
        'không có hoán đổi ngày làm việc',
    );
  } else if (own.note) {
    sources.push(own.note);
  }
  return sources;
}

/** Official make-up working days (ngày làm bù) that fall in `year`, sorted; days off are in nonWorkingDaysOfYear. */
export function makeUpWorkingDaysOfYear(year: number): Array<{ date: string; name: string }> {
  assertSupportedYear(year);
  return [...MAKE_UP_WORKING_DAYS.entries()]
    .filter(([jdn]) => yearOf(jdn) === year)
    .sort(([a], [b]) => a - b)
    .map(([jdn, name]) => ({ date: formatIsoDate(jdn), name }));
}
