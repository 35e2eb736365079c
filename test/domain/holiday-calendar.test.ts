import fc from 'fast-check';

import {
  addWorkingDays,
  calendarSources,
  dayOffReason,
  isWorkingDay,
  makeUpWorkingDaysOfYear,
  MAX_CALENDAR_YEAR,
  MIN_CALENDAR_YEAR,
  nextWorkingDay,
  nonWorkingDaysOfYear,
  officialScheduleYears,
  parseOfficialSchedule,
  previousWorkingDay,
} from '../../src/domain/holiday-calendar';
import { fromJulianDayNumber, julianDayNumber, lunarToSolar, solarToLunar } from '../../src/domain/lunar-calendar';

const toJdn = (date: string): number => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return julianDayNumber(y, m, d);
};
const toIso = (jdn: number): string => {
  const { year, month, day } = fromJulianDayNumber(jdn);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
};
const daysFrom = (first: string, last: string): string[] => {
  const out: string[] = [];
  for (let jdn = toJdn(first); jdn <= toJdn(last); jdn++) out.push(toIso(jdn));
  return out;
};
const isWeekendDate = (date: string): boolean => [0, 6].includes((toJdn(date) + 1) % 7);

/**
 * A break as the press reports it ("nghỉ từ thứ Năm 23/1 đến hết thứ Tư 29/1/2020"): every day of it is off, and the
 * public servant works the day before and the day after.
 */
type Break = [label: string, first: string, last: string];

function expectBreak([, first, last]: Break): void {
  for (const date of daysFrom(first, last)) {
    expect([date, isWorkingDay(date)]).toEqual([date, false]);
  }
  expect([first, 'day before', isWorkingDay(toIso(toJdn(first) - 1))]).toEqual([first, 'day before', true]);
  expect([last, 'day after', isWorkingDay(toIso(toJdn(last) + 1))]).toEqual([last, 'day after', true]);
}

describe('official schedules (công chức, viên chức)', () => {
  it('covers exactly the years we could verify', () => {
    expect(officialScheduleYears()).toEqual([2014, 2017, 2018, 2019, 2020, 2024, 2025, 2026]);
  });

  const breaks: Record<number, { breaks: Break[]; makeUp: string[] }> = {
    2014: {
      breaks: [
        ['Tết Dương lịch', '2014-01-01', '2014-01-01'],
        ['Tết Giáp Ngọ, 9 ngày với 2 ngày hoán đổi', '2014-01-28', '2014-02-05'],
        ['Giỗ Tổ', '2014-04-09', '2014-04-09'],
        ['30/4 - 1/5, hoán đổi thứ Sáu 2/5', '2014-04-30', '2014-05-04'],
        ['Quốc khánh, hoán đổi thứ Hai 1/9', '2014-08-30', '2014-09-02'],
      ],
      makeUp: ['2014-01-25', '2014-02-08', '2014-04-26', '2014-09-06'],
    },
    2017: {
      breaks: [
        ['Tết Dương lịch, nghỉ bù thứ Hai', '2016-12-31', '2017-01-02'],
        ['Tết Đinh Dậu, nghỉ bù mùng 4 và mùng 5', '2017-01-26', '2017-02-01'],
        ['Giỗ Tổ', '2017-04-06', '2017-04-06'],
        ['30/4 (Chủ nhật) - 1/5, nghỉ bù 2/5', '2017-04-29', '2017-05-02'],
        ['Quốc khánh (thứ Bảy), nghỉ bù 4/9', '2017-09-02', '2017-09-04'],
      ],
      makeUp: [],
    },
    2018: {
      breaks: [
        ['Tết Dương lịch', '2017-12-30', '2018-01-01'],
        ['Tết Mậu Tuất, 2 ngày trước Tết', '2018-02-14', '2018-02-20'],
        ['Giỗ Tổ', '2018-04-25', '2018-04-25'],
        ['30/4 - 1/5', '2018-04-28', '2018-05-01'],
        ['Quốc khánh (Chủ nhật), nghỉ bù 3/9', '2018-09-01', '2018-09-03'],
        ['Tết Dương lịch 2019, hoán đổi thứ Hai 31/12/2018', '2018-12-29', '2019-01-01'],
      ],
      makeUp: [],
    },
    2019: {
      breaks: [
        ['Tết Dương lịch, hoán đổi 31/12/2018', '2018-12-29', '2019-01-01'],
        ['Tết Kỷ Hợi, 9 ngày', '2019-02-02', '2019-02-10'],
        ['Giỗ Tổ (Chủ nhật), nghỉ bù 15/4', '2019-04-13', '2019-04-15'],
        ['30/4 - 1/5, hoán đổi thứ Hai 29/4', '2019-04-27', '2019-05-01'],
        ['Quốc khánh', '2019-08-31', '2019-09-02'],
      ],
      makeUp: ['2019-01-05', '2019-05-04'],
    },
    2020: {
      breaks: [
        ['Tết Dương lịch', '2020-01-01', '2020-01-01'],
        ['Tết Canh Tý', '2020-01-23', '2020-01-29'],
        ['Giỗ Tổ', '2020-04-02', '2020-04-02'],
        ['30/4 - 1/5', '2020-04-30', '2020-05-03'],
        ['Quốc khánh, 1 ngày (năm cuối theo Bộ luật Lao động 2012)', '2020-09-02', '2020-09-02'],
      ],
      makeUp: [],
    },
    2024: {
      breaks: [
        ['Tết Dương lịch', '2023-12-30', '2024-01-01'],
        ['Tết Giáp Thìn', '2024-02-08', '2024-02-14'],
        ['Giỗ Tổ', '2024-04-18', '2024-04-18'],
        ['30/4 - 1/5, hoán đổi thứ Hai 29/4', '2024-04-27', '2024-05-01'],
        ['Quốc khánh', '2024-08-31', '2024-09-03'],
      ],
      makeUp: ['2024-05-04'],
    },
    2025: {
      breaks: [
        ['Tết Dương lịch', '2025-01-01', '2025-01-01'],
        ['Tết Ất Tỵ, 9 ngày', '2025-01-25', '2025-02-02'],
        ['Giỗ Tổ', '2025-04-05', '2025-04-07'],
        ['30/4 - 1/5, hoán đổi thứ Sáu 2/5', '2025-04-30', '2025-05-04'],
        ['Quốc khánh, ngày liền kề là thứ Hai 1/9', '2025-08-30', '2025-09-02'],
      ],
      makeUp: ['2025-04-26'],
    },
    2026: {
      breaks: [
        ['Tết Dương lịch, hoán đổi thứ Sáu 2/1', '2026-01-01', '2026-01-04'],
        ['Tết Bính Ngọ, 9 ngày', '2026-02-14', '2026-02-22'],
        ['Giỗ Tổ (Chủ nhật), nghỉ bù 27/4', '2026-04-25', '2026-04-27'],
        ['30/4 - 1/5', '2026-04-30', '2026-05-03'],
        ['Quốc khánh, hoán đổi thứ Hai 31/8', '2026-08-29', '2026-09-02'],
      ],
      makeUp: ['2026-01-10', '2026-08-22'],
    },
  };

  describe.each(Object.entries(breaks))('%s', (year, { breaks: yearBreaks, makeUp }) => {
    it.each(yearBreaks)('%s: %s → %s', (...b) => expectBreak(b));

    it('works the make-up Saturdays, unless told otherwise', () => {
      expect(makeUpWorkingDaysOfYear(Number(year)).map((d) => d.date)).toEqual(makeUp);
      for (const date of makeUp) {
        expect(isWorkingDay(date)).toBe(true);
        expect(dayOffReason(date, { makeUpDaysAreWorkingDays: false })).toEqual({
          date,
          name: 'Thứ Bảy',
          kind: 'weekend',
        });
      }
    });

    it('has no other weekday off', () => {
      const inBreaks = new Set(yearBreaks.flatMap(([, first, last]) => daysFrom(first, last)));
      const extra = nonWorkingDaysOfYear(Number(year))
        .map((d) => d.date)
        .filter((date) => !inBreaks.has(date) && !isWeekendDate(date));
      expect(extra).toEqual([]);
    });
  });

  it('lists 2024 exactly, with names and kinds', () => {
    expect(nonWorkingDaysOfYear(2024)).toEqual([
      { date: '2024-01-01', name: 'Tết Dương lịch', kind: 'holiday' },
      { date: '2024-02-08', name: 'Tết Nguyên đán (29 tháng Chạp)', kind: 'holiday' },
      { date: '2024-02-09', name: 'Tết Nguyên đán (30 tháng Chạp)', kind: 'holiday' },
      { date: '2024-02-10', name: 'Tết Nguyên đán (mùng 1)', kind: 'holiday' },
      { date: '2024-02-11', name: 'Tết Nguyên đán (mùng 2)', kind: 'holiday' },
      { date: '2024-02-12', name: 'Tết Nguyên đán (mùng 3)', kind: 'holiday' },
      { date: '2024-02-13', name: 'Nghỉ bù Tết Nguyên đán', kind: 'compensatory' },
      { date: '2024-02-14', name: 'Nghỉ bù Tết Nguyên đán', kind: 'compensatory' },
      { date: '2024-04-18', name: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', kind: 'holiday' },
      { date: '2024-04-29', name: 'Nghỉ hoán đổi dịp 30/4 và 1/5', kind: 'official-bridge' },
      { date: '2024-04-30', name: 'Ngày Chiến thắng (30/4)', kind: 'holiday' },
      { date: '2024-05-01', name: 'Ngày Quốc tế Lao động (1/5)', kind: 'holiday' },
      { date: '2024-09-02', name: 'Quốc khánh (2/9)', kind: 'holiday' },
      { date: '2024-09-03', name: 'Quốc khánh (ngày liền kề)', kind: 'holiday' },
    ]);
  });

  it('puts the 31/12/2018 swap of the 2019 schedule into 2018', () => {
    expect(nonWorkingDaysOfYear(2018).at(-1)).toEqual({
      date: '2018-12-31',
      name: 'Nghỉ hoán đổi dịp Tết Dương lịch',
      kind: 'official-bridge',
    });
    expect(calendarSources(2018)).toContain(calendarSources(2019).find((s) => s.includes('năm 2019')));
  });

  describe.each(officialScheduleYears())('data of %i agrees with the law and the lunar calendar', (year) => {
    const days = nonWorkingDaysOfYear(year);
    const holidays = days.filter((d) => d.kind === 'holiday');

    it('names each Tết day by its lunar date and has 5 of them', () => {
      const tet = holidays.filter((d) => d.name.startsWith('Tết Nguyên đán'));
      expect(tet).toHaveLength(5);
      for (const { date, name } of tet) {
        const [y, m, d] = date.split('-').map(Number) as [number, number, number];
        const lunar = solarToLunar(y, m, d);
        const expected =
          lunar.month === 1 ? `Tết Nguyên đán (mùng ${lunar.day})` : `Tết Nguyên đán (${lunar.day} tháng Chạp)`;
        expect(name).toBe(expected);
      }
    });

    it('puts Giỗ Tổ on 10/3 âm lịch', () => {
      const { month, day } = lunarToSolar(year, 3, 10);
      expect(holidays.filter((d) => d.name.startsWith('Giỗ Tổ')).map((d) => d.date)).toEqual([
        `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
      ]);
    });

    it('gives one compensatory weekday per holiday on a weekend, and one make-up day per swap', () => {
      const inYear = days.filter((d) => d.date.startsWith(`${year}-`));
      const compensatory = inYear.filter((d) => d.kind === 'compensatory');
      expect(compensatory.filter((d) => isWeekendDate(d.date))).toEqual([]);
      expect(compensatory).toHaveLength(holidays.filter((d) => isWeekendDate(d.date)).length);
      const bridges = nonWorkingDaysOfYear(year - 1)
        .concat(days)
        .filter((d) => d.kind === 'official-bridge');
      expect(bridges.filter((d) => isWeekendDate(d.date))).toEqual([]);
      // A schedule's swaps run from the Tết Dương lịch week that opens it (31/12/2018 belongs to 2019's) to December.
      const swapsOfThisSchedule = bridges.filter((d) => d.date >= `${year - 1}-12-25` && d.date < `${year}-12-25`);
      expect(swapsOfThisSchedule).toHaveLength(makeUpWorkingDaysOfYear(year).length);
    });

    it('has the statutory number of Quốc khánh days', () => {
      const nationalDay = holidays.filter((d) => d.name.startsWith('Quốc khánh'));
      expect(nationalDay).toHaveLength(year >= 2021 ? 2 : 1);
    });
  });
});

describe('statutory calendar where no schedule exists', () => {
  it.each<Break>([
    ['Tết Dương lịch 2027 (thứ Sáu)', '2027-01-01', '2027-01-03'],
    // Tết Đinh Mùi 6/2/2027 is a Saturday: 28 and 29 Chạp (the decided years' habit) and mùng 1–3, then two
    // compensatory days for the weekend.
    ['Tết 2027', '2027-02-04', '2027-02-10'],
    ['Giỗ Tổ 2027 (thứ Sáu 16/4)', '2027-04-16', '2027-04-18'],
    ['30/4 (thứ Sáu) - 1/5 (thứ Bảy) 2027, nghỉ bù thứ Hai', '2027-04-30', '2027-05-03'],
    // Both sides of Thursday 2/9 are weekdays: the day before, as 2025 and 2026 decided.
    ['Quốc khánh 2027 (thứ Năm) và thứ Tư 1/9', '2027-09-01', '2027-09-02'],
    ['Tết Dương lịch 2028 (thứ Bảy), nghỉ bù thứ Hai', '2028-01-01', '2028-01-03'],
    ['Tết 2028: 28 Chạp là thứ Hai, mùng 3 là thứ Sáu', '2028-01-22', '2028-01-30'],
    ['30/4 (Chủ nhật) - 1/5 2028, nghỉ bù 2/5', '2028-04-29', '2028-05-02'],
    // 3/9/2028 is a Sunday, so the adjacent day is the Friday before; Saturday 2/9 is made up on Monday 4/9.
    ['Quốc khánh 2028 (thứ Bảy)', '2028-09-01', '2028-09-04'],
    ['Tết 2030 (mùng 1 là thứ Bảy 2/2)', '2030-01-31', '2030-02-06'],
    // 2021 has no schedule in the data; the guess from the decided years gives the break that was decided.
    ['Tết 2021 ước tính (trùng lịch thực tế 10/2–16/2)', '2021-02-10', '2021-02-16'],
  ])('%s: %s → %s', (...b) => expectBreak(b));

  it('gives 2027 the 11 statutory days of the 2019 Code and their compensatory days', () => {
    expect(nonWorkingDaysOfYear(2027)).toEqual([
      { date: '2027-01-01', name: 'Tết Dương lịch', kind: 'holiday' },
      { date: '2027-02-04', name: 'Tết Nguyên đán (28 tháng Chạp)', kind: 'holiday' },
      { date: '2027-02-05', name: 'Tết Nguyên đán (29 tháng Chạp)', kind: 'holiday' },
      { date: '2027-02-06', name: 'Tết Nguyên đán (mùng 1)', kind: 'holiday' },
      { date: '2027-02-07', name: 'Tết Nguyên đán (mùng 2)', kind: 'holiday' },
      { date: '2027-02-08', name: 'Tết Nguyên đán (mùng 3)', kind: 'holiday' },
      { date: '2027-02-09', name: 'Nghỉ bù Tết Nguyên đán', kind: 'compensatory' },
      { date: '2027-02-10', name: 'Nghỉ bù Tết Nguyên đán', kind: 'compensatory' },
      { date: '2027-04-16', name: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', kind: 'holiday' },
      { date: '2027-04-30', name: 'Ngày Chiến thắng (30/4)', kind: 'holiday' },
      { date: '2027-05-01', name: 'Ngày Quốc tế Lao động (1/5)', kind: 'holiday' },
      { date: '2027-05-03', name: 'Nghỉ bù Ngày Quốc tế Lao động (1/5)', kind: 'compensatory' },
      { date: '2027-09-01', name: 'Quốc khánh (ngày liền kề)', kind: 'holiday' },
      { date: '2027-09-02', name: 'Quốc khánh (2/9)', kind: 'holiday' },
    ]);
  });

  it('gives 2013 the 4-day Tết of the 1994 Code', () => {
    expect(nonWorkingDaysOfYear(2013).filter((d) => d.name.startsWith('Tết Nguyên đán'))).toHaveLength(4);
  });

  it('has the statutory holiday count and one compensatory weekday per weekend holiday, every year', () => {
    const official = new Set(officialScheduleYears());
    for (let year = MIN_CALENDAR_YEAR; year <= MAX_CALENDAR_YEAR; year++) {
      const days = nonWorkingDaysOfYear(year);
      const dates = days.map((d) => d.date);
      expect(dates).toEqual([...new Set(dates)].sort());
      if (official.has(year)) continue;
      expect(dates.every((date) => date.startsWith(`${year}-`))).toBe(true);
      const holidays = days.filter((d) => d.kind === 'holiday');
      const compensatory = days.filter((d) => d.kind === 'compensatory');
      expect([year, holidays.length]).toEqual([year, year >= 2021 ? 11 : year >= 2014 ? 10 : 9]);
      expect(compensatory.filter((d) => isWeekendDate(d.date))).toEqual([]);
      expect(compensatory).toHaveLength(holidays.filter((d) => isWeekendDate(d.date)).length);
      expect(days.filter((d) => d.kind === 'official-bridge')).toEqual([]);
    }
  });
});

describe('dayOffReason and isWorkingDay', () => {
  it('names plain weekends and returns null on working days', () => {
    expect(dayOffReason('2024-06-01')).toEqual({ date: '2024-06-01', name: 'Thứ Bảy', kind: 'weekend' });
    expect(dayOffReason('2024-06-02')).toEqual({ date: '2024-06-02', name: 'Chủ nhật', kind: 'weekend' });
    expect(dayOffReason('2024-06-03')).toBeNull();
    expect(isWorkingDay('2024-06-03')).toBe(true);
  });

  it('prefers the holiday to the weekend when both apply', () => {
    expect(dayOffReason('2020-01-25')).toEqual({
      date: '2020-01-25',
      name: 'Tết Nguyên đán (mùng 1)',
      kind: 'holiday',
    });
  });

  it('reports compensatory days and official swaps', () => {
    expect(dayOffReason('2017-09-04')).toEqual({
      date: '2017-09-04',
      name: 'Nghỉ bù Quốc khánh',
      kind: 'compensatory',
    });
    expect(dayOffReason('2025-05-02')).toEqual({
      date: '2025-05-02',
      name: 'Nghỉ hoán đổi dịp 30/4 và 1/5',
      kind: 'official-bridge',
    });
  });

  it('keeps 24/11 a working day unless the proposal is enabled', () => {
    expect(isWorkingDay('2026-11-24')).toBe(true);
    const withCultureDay = { proposedHolidays: ['24/11'] } as const;
    expect(dayOffReason('2026-11-24', withCultureDay)).toEqual({
      date: '2026-11-24',
      name: 'Ngày Văn hóa Việt Nam (24/11)',
      kind: 'holiday',
    });
    // 24/11/2029 is a Saturday: the proposal, once law, would bring a compensatory Monday like any other holiday.
    expect(dayOffReason('2029-11-26', withCultureDay)).toEqual({
      date: '2029-11-26',
      name: 'Nghỉ bù Ngày Văn hóa Việt Nam',
      kind: 'compensatory',
    });
    expect(isWorkingDay('2029-11-26')).toBe(true);
  });

  it('does not let callers corrupt the cached calendar', () => {
    const days = nonWorkingDaysOfYear(2025);
    days[0]!.name = 'sửa';
    days.pop();
    expect(nonWorkingDaysOfYear(2025)[0]?.name).toBe('Tết Dương lịch');
    expect(nonWorkingDaysOfYear(2025)).toHaveLength(12);
  });

  it('rejects malformed dates and unsupported years with a Vietnamese message', () => {
    expect(() => isWorkingDay('2024-02-30')).toThrow(
      new RangeError("Ngày không hợp lệ: '2024-02-30' (cần một ngày có thật, dạng YYYY-MM-DD)"),
    );
    expect(() => isWorkingDay('2024-2-3')).toThrow(
      new RangeError("Ngày không hợp lệ: '2024-2-3' (cần một ngày có thật, dạng YYYY-MM-DD)"),
    );
    expect(() => isWorkingDay('2012-05-05')).toThrow(new RangeError('Năm 2012 nằm ngoài khoảng lịch hỗ trợ 2013–2199'));
    expect(() => nonWorkingDaysOfYear(2200)).toThrow(new RangeError('Năm 2200 nằm ngoài khoảng lịch hỗ trợ 2013–2199'));
  });
});

describe('working-day arithmetic', () => {
  it.each([
    ['2025-01-24', '2025-02-03'], // over the 9-day Tết Ất Tỵ break
    ['2024-04-26', '2024-05-02'], // over 27/4–1/5/2024
    ['2024-05-03', '2024-05-04'], // onto the make-up Saturday
    ['2014-01-24', '2014-01-25'], // make-up Saturday before Tết 2014
    ['2018-12-28', '2019-01-02'], // over the year boundary and the 31/12/2018 swap
  ])('nextWorkingDay(%s) = %s', (date, expected) => {
    expect(nextWorkingDay(date)).toBe(expected);
    expect(previousWorkingDay(expected)).toBe(date);
  });

  it('skips make-up Saturdays when they are not working days', () => {
    expect(nextWorkingDay('2024-05-03', { makeUpDaysAreWorkingDays: false })).toBe('2024-05-06');
  });

  it('adds and subtracts working days', () => {
    expect(addWorkingDays('2024-04-26', 2)).toBe('2024-05-03');
    expect(addWorkingDays('2024-04-26', 3)).toBe('2024-05-04');
    expect(addWorkingDays('2025-02-03', -1)).toBe('2025-01-24');
    expect(addWorkingDays('2025-01-26', 0)).toBe('2025-01-26'); // a day off stays put
    expect(addWorkingDays('2025-01-26', 1)).toBe('2025-02-03');
    expect(() => addWorkingDays('2025-01-26', 1.5)).toThrow(
      new RangeError('Số ngày làm việc phải là số nguyên, nhận được 1.5'),
    );
  });

  const FIRST = toJdn('2014-01-01');
  const LAST = toJdn('2098-12-31');
  const anyDate = fc.integer({ min: FIRST, max: LAST }).map(toIso);
  const workingDate = anyDate.filter((date) => isWorkingDay(date));

  it('nextWorkingDay is later, a working day, and skips only days off', () => {
    fc.assert(
      fc.property(anyDate, (date) => {
        const next = nextWorkingDay(date);
        expect(next > date).toBe(true);
        expect(isWorkingDay(next)).toBe(true);
        for (let jdn = toJdn(date) + 1; jdn < toJdn(next); jdn++) expect(isWorkingDay(toIso(jdn))).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });

  it('previousWorkingDay is earlier, a working day, and skips only days off', () => {
    fc.assert(
      fc.property(anyDate, (date) => {
        const previous = previousWorkingDay(date);
        expect(previous < date).toBe(true);
        expect(isWorkingDay(previous)).toBe(true);
        for (let jdn = toJdn(previous) + 1; jdn < toJdn(date); jdn++) expect(isWorkingDay(toIso(jdn))).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });

  it('counting n working days back from addWorkingDays(d, n) returns d for a working day d', () => {
    fc.assert(
      fc.property(workingDate, fc.integer({ min: -60, max: 60 }), (date, n) => {
        expect(addWorkingDays(addWorkingDays(date, n), -n)).toBe(date);
      }),
      { numRuns: 2000 },
    );
  });

  it('addWorkingDays composes, and counts exactly n working days', () => {
    fc.assert(
      fc.property(anyDate, fc.nat(30), fc.nat(30), (date, a, b) => {
        const end = addWorkingDays(date, a + b);
        expect(addWorkingDays(addWorkingDays(date, a), b)).toBe(end);
        let count = 0;
        for (let jdn = toJdn(date) + 1; jdn <= toJdn(end); jdn++) if (isWorkingDay(toIso(jdn))) count++;
        expect(count).toBe(a + b);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('calendarSources', () => {
  it('cites the 2012 Code until 2020 and the 2019 Code from 2021', () => {
    expect(calendarSources(2020)[0]).toMatch(/^Bộ luật Lao động số 10\/2012\/QH13, Điều 115/);
    expect(calendarSources(2021)[0]).toMatch(/^Bộ luật Lao động số 45\/2019\/QH14, Điều 112/);
  });

  it('cites the official documents of a scheduled year', () => {
    expect(calendarSources(2024).join('\n')).toContain('8662/VPCP-KGVX');
    expect(calendarSources(2024).join('\n')).toContain('2450/VPCP-KGVX');
    expect(calendarSources(2025).join('\n')).toContain('8726/VPCP-KGVX');
    expect(calendarSources(2026).join('\n')).toContain('12729/VPCP-KGVX');
  });

  it('says when a year is computed from the statute alone, or only partly scheduled', () => {
    expect(calendarSources(2027).at(-1)).toMatch(/^Chưa có lịch nghỉ chính thức của năm này/);
    expect(calendarSources(2026).join('\n')).toContain('hoán đổi thứ Hai 31/8 sang thứ Bảy 22/8/2026');
    expect(calendarSources(2024).join('\n')).not.toContain('Chưa có lịch nghỉ chính thức');
  });
});

describe('parseOfficialSchedule', () => {
  const valid = {
    year: 2030,
    source: 'Văn bản thử',
    references: [],
    occasions: ['new-year'],
    daysOff: [{ date: '2030-01-01', name: 'Tết Dương lịch', kind: 'holiday' }],
    makeUpWorkingDays: [],
  };
  const parse = (raw: unknown) => () => parseOfficialSchedule(raw, 'official-2030.json');

  it('accepts a well-formed file', () => {
    expect(parseOfficialSchedule(valid, 'official-2030.json').year).toBe(2030);
  });

  it('names the file, the field and the allowed values', () => {
    expect(parse({ ...valid, extra: 1 })).toThrow(
      'Lịch nghỉ chính thức official-2030.json không hợp lệ: (gốc): Khóa không được nhận dạng: "extra"',
    );
    expect(parse({ ...valid, daysOff: [{ date: '2030-01-01', name: 'x', kind: 'weekend' }] })).toThrow(
      'Lịch nghỉ chính thức official-2030.json không hợp lệ: daysOff[0].kind: Tùy chọn không hợp lệ: mong đợi một trong các giá trị "holiday"|"compensatory"|"official-bridge"',
    );
    expect(parse({ ...valid, daysOff: [{ date: '1/1/2030', name: 'x', kind: 'holiday' }] })).toThrow(
      'Lịch nghỉ chính thức official-2030.json không hợp lệ: daysOff[0].date: ngày phải có dạng YYYY-MM-DD',
    );
  });

  it('rejects impossible, foreign, duplicate and weekday make-up dates', () => {
    expect(parse({ ...valid, daysOff: [{ date: '2030-02-30', name: 'x', kind: 'holiday' }] })).toThrow(
      "Lịch nghỉ chính thức official-2030.json: ngày không hợp lệ: '2030-02-30' (cần một ngày có thật, dạng YYYY-MM-DD)",
    );
    expect(parse({ ...valid, daysOff: [{ date: '2031-01-01', name: 'x', kind: 'holiday' }] })).toThrow(
      'Lịch nghỉ chính thức official-2030.json: ngày 2031-01-01 không thuộc năm 2030',
    );
    expect(parse({ ...valid, makeUpWorkingDays: [{ date: '2030-01-01', name: 'x' }] })).toThrow(
      'Lịch nghỉ chính thức official-2030.json: ngày 2030-01-01 xuất hiện hai lần',
    );
    expect(parse({ ...valid, makeUpWorkingDays: [{ date: '2030-01-02', name: 'x' }] })).toThrow(
      'Lịch nghỉ chính thức official-2030.json: ngày làm bù 2030-01-02 không phải thứ Bảy hoặc Chủ nhật',
    );
  });
});
