/**
 * The statutory holidays of a year: those of the Labour Code in force, with Tết and Giỗ Tổ from the lunar calendar.
 * Official schedules override them occasion by occasion (holiday-official.ts). Pure: no I/O.
 */
import { isWeekend } from './holiday-days';
import type { Occasion } from './holiday-official';
import { fromJulianDayNumber, julianDayNumber, lunarNewYear, lunarToSolar, solarToLunar } from './lunar-calendar';

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

/** The choices the law leaves to a yearly decision (see holiday-estimate.ts for where they come from). */
export interface StatutoryGuess {
  tetDaysBefore: number;
  nationalDayPairing: 'before' | 'after';
}

/** The holidays the Labour Code in force gives for `year`, before compensatory days and official schedules. */
export function statutoryHolidays(
  year: number,
  proposed: ReadonlyArray<'24/11'>,
  guess: StatutoryGuess,
): StatutoryHoliday[] {
  const holidays: StatutoryHoliday[] = [
    {
      jdn: julianDayNumber(year, 1, 1),
      name: 'Tết Dương lịch',
      compensatoryName: 'Nghỉ bù Tết Dương lịch',
      occasion: 'new-year',
    },
  ];

  // Tết Quý Tỵ (10/2/2013) fell before the 2012 Code took effect (1/5/2013): the 1994 Code gave 4 days, not 5.
  // Which of them come before mùng 1 is the yearly decision's; without one, the decided years' habit decides.
  const tet = jdnOfSolar(lunarNewYear(year));
  const tetDays = year <= 2013 ? 4 : 5;
  for (let jdn = tet - guess.tetDaysBefore; jdn < tet - guess.tetDaysBefore + tetDays; jdn++) {
    const lunar = solarToLunar(...solarTuple(jdn));
    holidays.push({
      jdn,
      name: jdn < tet ? `Tết Nguyên đán (${lunar.day} tháng Chạp)` : `Tết Nguyên đán (mùng ${jdn - tet + 1})`,
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
    // The 2019 Code adds "one day immediately before or after", chosen by the Prime Minister. Every decision took a
    // weekday; between two weekdays, the side the decided years preferred.
    const preferred = guess.nationalDayPairing === 'before' ? nationalDay - 1 : nationalDay + 1;
    const adjacent = isWeekend(preferred) ? 2 * nationalDay - preferred : preferred;
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
