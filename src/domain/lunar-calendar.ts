/**
 * The Vietnamese lunar calendar (âm lịch), as pure functions.
 *
 * Algorithm: Hồ Ngọc Đức, "Thuật toán tính âm lịch" (https://www.informatik.uni-leipzig.de/~duc/amlich/calrules.html),
 * which computes new moons and the sun's longitude with the formulas of Jean Meeus, "Astronomical Algorithms"
 * (Willmann-Bell, 1998), evaluated in the Vietnamese time zone UTC+7. A month starts on the civil day of the new moon;
 * month 11 is the month containing the winter solstice; in a 13-month year the leap month is the first month after
 * month 11 that contains no major solar term (trung khí).
 *
 * Why we carry our own implementation: the calendar used by the Vietnamese state is this UTC+7 variant, and it gives a
 * different Tết from the Chinese (UTC+8) calendar in some years, e.g. 21/1/1985 (China: 20/2/1985) and 17/2/2007
 * (China: 18/2/2007). The npm lunar-calendar libraries we know of compute the Chinese calendar, and none of the few
 * Vietnamese ones is well kept, so the ~150 lines below are cheaper to own than a dependency. They are checked against
 * published Tết and Giỗ Tổ dates in test/domain/lunar-calendar.test.ts.
 *
 * Everything here is integer or floating-point arithmetic: no clock, no Date, no I/O.
 */

export interface SolarDate {
  year: number;
  month: number;
  day: number;
}

export interface LunarDate {
  /** The lunar year, numbered like the solar year in which its Tết falls. */
  year: number;
  /** 1 (tháng Giêng) … 12 (tháng Chạp). */
  month: number;
  /** 1 … 30. */
  day: number;
  /** True for the intercalary month (tháng nhuận) that repeats `month`. */
  leap: boolean;
}

/** Hours east of UTC used for every astronomical event. Fixed: the Vietnamese calendar is defined at UTC+7. */
const TIME_ZONE = 7;

/** Years where the Meeus series used here are accurate to well under a day; outside it we refuse rather than guess. */
export const MIN_LUNAR_YEAR = 1800;
export const MAX_LUNAR_YEAR = 2199;

const SYNODIC_MONTH = 29.530588853;
/** Julian day of the new moon of 1900-01-01, the epoch of Hồ Ngọc Đức's new-moon index k. */
const NEW_MOON_EPOCH = 2415021.076998695;

/** Julian day number (noon-based, integer) of a Gregorian date. */
export function julianDayNumber(year: number, month: number, day: number): number {
  const a = Math.floor((14 - month) / 12);
  const y = year + 4800 - a;
  const m = month + 12 * a - 3;
  return (
    day +
    Math.floor((153 * m + 2) / 5) +
    365 * y +
    Math.floor(y / 4) -
    Math.floor(y / 100) +
    Math.floor(y / 400) -
    32045
  );
}

/** Inverse of {@link julianDayNumber}. */
export function fromJulianDayNumber(jd: number): SolarDate {
  const a = jd + 32044;
  const b = Math.floor((4 * a + 3) / 146097);
  const c = a - Math.floor((146097 * b) / 4);
  const d = Math.floor((4 * c + 3) / 1461);
  const e = c - Math.floor((1461 * d) / 4);
  const m = Math.floor((5 * e + 2) / 153);
  return {
    day: e - Math.floor((153 * m + 2) / 5) + 1,
    month: m + 3 - 12 * Math.floor(m / 10),
    year: 100 * b + d - 4800 + Math.floor(m / 10),
  };
}

/** Julian day (fractional, UT) of the k-th new moon after 1900-01-01 (Meeus, chapter 49, abridged). */
function newMoon(k: number): number {
  const T = k / 1236.85;
  const T2 = T * T;
  const T3 = T2 * T;
  const dr = Math.PI / 180;
  let jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * T2 - 0.000000155 * T3;
  jd1 += 0.00033 * Math.sin((166.56 + 132.87 * T - 0.009173 * T2) * dr);
  const M = 359.2242 + 29.10535608 * k - 0.0000333 * T2 - 0.00000347 * T3; // sun's mean anomaly
  const Mpr = 306.0253 + 385.81691806 * k + 0.0107306 * T2 + 0.00001236 * T3; // moon's mean anomaly
  const F = 21.2964 + 390.67050646 * k - 0.0016528 * T2 - 0.00000239 * T3; // moon's argument of latitude
  let c1 = (0.1734 - 0.000393 * T) * Math.sin(M * dr) + 0.0021 * Math.sin(2 * dr * M);
  c1 = c1 - 0.4068 * Math.sin(Mpr * dr) + 0.0161 * Math.sin(dr * 2 * Mpr);
  c1 = c1 - 0.0004 * Math.sin(dr * 3 * Mpr);
  c1 = c1 + 0.0104 * Math.sin(dr * 2 * F) - 0.0051 * Math.sin(dr * (M + Mpr));
  c1 = c1 - 0.0074 * Math.sin(dr * (M - Mpr)) + 0.0004 * Math.sin(dr * (2 * F + M));
  c1 = c1 - 0.0004 * Math.sin(dr * (2 * F - M)) - 0.0006 * Math.sin(dr * (2 * F + Mpr));
  c1 = c1 + 0.001 * Math.sin(dr * (2 * F - Mpr)) + 0.0005 * Math.sin(dr * (2 * Mpr + M));
  const deltaT =
    T < -11
      ? 0.001 + 0.000839 * T + 0.0002261 * T2 - 0.00000845 * T3 - 0.000000081 * T * T3
      : -0.000278 + 0.000265 * T + 0.000262 * T2;
  return jd1 + c1 - deltaT;
}

/** The sun's apparent longitude in radians, 0 ≤ L < 2π, at a Julian day (Meeus, chapter 25, low accuracy). */
function sunLongitude(jd: number): number {
  const T = (jd - 2451545.0) / 36525;
  const T2 = T * T;
  const dr = Math.PI / 180;
  const M = 357.5291 + 35999.0503 * T - 0.0001559 * T2 - 0.00000048 * T * T2;
  const L0 = 280.46645 + 36000.76983 * T + 0.0003032 * T2;
  let DL = (1.9146 - 0.004817 * T - 0.000014 * T2) * Math.sin(dr * M);
  DL += (0.019993 - 0.000101 * T) * Math.sin(dr * 2 * M) + 0.00029 * Math.sin(dr * 3 * M);
  const L = (L0 + DL) * dr;
  return L - 2 * Math.PI * Math.floor(L / (2 * Math.PI));
}

/** Which 30° sector (0–11) the sun is in at local midnight starting the civil day `dayNumber`. */
function sunSector(dayNumber: number): number {
  return Math.floor((sunLongitude(dayNumber - 0.5 - TIME_ZONE / 24) / Math.PI) * 6);
}

/** Civil day (Julian day number, UTC+7) on which the k-th new moon falls. */
function newMoonDay(k: number): number {
  return Math.floor(newMoon(k) + 0.5 + TIME_ZONE / 24);
}

/** First day of lunar month 11 (the month of the winter solstice) that begins in solar year `year`, or just before. */
function month11Start(year: number): number {
  const off = julianDayNumber(year, 12, 31) - 2415021;
  const k = Math.floor(off / SYNODIC_MONTH);
  const nm = newMoonDay(k);
  // Sector ≥ 9 means the sun is already past 270° (the solstice) at that new moon, so month 11 began one moon earlier.
  return sunSector(nm) >= 9 ? newMoonDay(k - 1) : nm;
}

/** In a 13-month lunar year starting at month 11 `a11`, how many months after it the leap month comes. */
function leapMonthOffset(a11: number): number {
  const k = Math.floor((a11 - NEW_MOON_EPOCH) / SYNODIC_MONTH + 0.5);
  let i = 1;
  let arc = sunSector(newMoonDay(k + i));
  let last: number;
  // The leap month is the first whose start and end fall in the same sector, i.e. it holds no major solar term.
  do {
    last = arc;
    i++;
    arc = sunSector(newMoonDay(k + i));
  } while (arc !== last && i < 14);
  return i - 1;
}

function assertInteger(value: number, what: string): void {
  if (!Number.isInteger(value)) {
    throw new RangeError(`${what} phải là số nguyên, nhận được ${String(value)}`);
  }
}

function assertSupportedYear(year: number): void {
  assertInteger(year, 'Năm');
  if (year < MIN_LUNAR_YEAR || year > MAX_LUNAR_YEAR) {
    throw new RangeError(`Năm ${year} nằm ngoài khoảng hỗ trợ ${MIN_LUNAR_YEAR}–${MAX_LUNAR_YEAR}`);
  }
}

/**
 * Converts a Gregorian date to the Vietnamese lunar date.
 *
 * @example
 * solarToLunar(2024, 2, 10); // { year: 2024, month: 1, day: 1, leap: false } — Tết Giáp Thìn
 */
export function solarToLunar(year: number, month: number, day: number): LunarDate {
  assertSupportedYear(year);
  assertInteger(month, 'Tháng');
  assertInteger(day, 'Ngày');
  const dayNumber = julianDayNumber(year, month, day);
  const back = fromJulianDayNumber(dayNumber);
  if (back.year !== year || back.month !== month || back.day !== day) {
    throw new RangeError(`Ngày dương lịch không tồn tại: ${day}/${month}/${year}`);
  }

  // The mean-month estimate of k can be off by one where the true new moon strays far from the mean (e.g.
  // 13/4/1877 gave "day 0"), so step until newMoonDay(k) ≤ dayNumber < newMoonDay(k + 1).
  let k = Math.floor((dayNumber - NEW_MOON_EPOCH) / SYNODIC_MONTH) + 1;
  let monthStart = newMoonDay(k);
  while (monthStart > dayNumber) monthStart = newMoonDay(--k);
  while (newMoonDay(k + 1) <= dayNumber) monthStart = newMoonDay(++k);

  let a11 = month11Start(year);
  let b11 = a11;
  let lunarYear: number;
  if (a11 >= monthStart) {
    lunarYear = year;
    a11 = month11Start(year - 1);
  } else {
    lunarYear = year + 1;
    b11 = month11Start(year + 1);
  }

  const lunarDay = dayNumber - monthStart + 1;
  const diff = Math.floor((monthStart - a11) / 29);
  let leap = false;
  let lunarMonth = diff + 11;
  if (b11 - a11 > 365) {
    const leapDiff = leapMonthOffset(a11);
    if (diff >= leapDiff) {
      lunarMonth = diff + 10;
      leap = diff === leapDiff;
    }
  }
  if (lunarMonth > 12) lunarMonth -= 12;
  if (lunarMonth >= 11 && diff < 4) lunarYear -= 1;
  return { year: lunarYear, month: lunarMonth, day: lunarDay, leap };
}

/**
 * Converts a Vietnamese lunar date to the Gregorian date.
 *
 * Throws a RangeError when the lunar date does not exist: a `leap` month that is not that year's leap month, or day 30
 * of a 29-day month.
 *
 * @example
 * lunarToSolar(2026, 1, 1); // { year: 2026, month: 2, day: 17 } — Tết Bính Ngọ
 * lunarToSolar(2025, 3, 10); // { year: 2025, month: 4, day: 7 } — Giỗ Tổ Hùng Vương
 */
export function lunarToSolar(year: number, month: number, day: number, leap = false): SolarDate {
  assertSupportedYear(year);
  assertInteger(month, 'Tháng âm lịch');
  assertInteger(day, 'Ngày âm lịch');
  if (month < 1 || month > 12 || day < 1 || day > 30) {
    throw new RangeError(`Ngày âm lịch không tồn tại: ${day}/${month}${leap ? ' nhuận' : ''}/${year}`);
  }

  const a11 = month < 11 ? month11Start(year - 1) : month11Start(year);
  const b11 = month < 11 ? month11Start(year) : month11Start(year + 1);
  const k = Math.floor(0.5 + (a11 - NEW_MOON_EPOCH) / SYNODIC_MONTH);
  let off = month - 11;
  if (off < 0) off += 12;
  const leapMonth = leapMonthBetween(a11, b11);
  if (leap && month !== leapMonth) {
    throw new RangeError(`Năm âm lịch ${year} không có tháng ${month} nhuận`);
  }
  if (leapMonth !== null && (leap || off >= leapMonthOffset(a11))) off += 1;

  const solar = fromJulianDayNumber(newMoonDay(k + off) + day - 1);
  if (day === 30) {
    // Day 30 of a 29-day month silently lands on day 1 of the next month; the round trip exposes it.
    const check = solarToLunar(solar.year, solar.month, solar.day);
    if (check.day !== 30) {
      throw new RangeError(`Tháng ${month}${leap ? ' nhuận' : ''} năm âm lịch ${year} chỉ có 29 ngày`);
    }
  }
  return solar;
}

/**
 * The leap month (1–12) of the 12 or 13 months that start at month 11 `a11` and end before month 11 `b11`, or null.
 */
function leapMonthBetween(a11: number, b11: number): number | null {
  if (b11 - a11 <= 365) return null;
  // Offset 1 is the month right after month 11, i.e. a leap 11; offset 2 a leap 12; offset 3 a leap 1, and so on.
  return (leapMonthOffset(a11) - 2 + 12) % 12 || 12;
}

/** The leap month (1–12) of lunar year `year`, or null when that year has none. */
export function leapMonthOf(year: number): number | null {
  assertSupportedYear(year);
  // Months 1–10 of `year` share a solstice-to-solstice span with months 11–12 of the year before; 11–12 with the next.
  const early = leapMonthBetween(month11Start(year - 1), month11Start(year));
  if (early !== null && early <= 10) return early;
  const late = leapMonthBetween(month11Start(year), month11Start(year + 1));
  return late !== null && late >= 11 ? late : null;
}

/** The Gregorian date of Tết Nguyên đán (mùng 1 tháng Giêng) of `year`. */
export function lunarNewYear(year: number): SolarDate {
  return lunarToSolar(year, 1, 1);
}
