import {
  calendarEntriesOfYear,
  calendarSources,
  deriveEstimateRules,
  ESTIMATE_RULES,
  estimateRuleText,
  isEstimatedYear,
  officialScheduleYears,
} from '../../src/domain/holiday-calendar';
import { OFFICIAL_SCHEDULES, type OfficialSchedule } from '../../src/domain/holiday-official';

const schedule = (year: number, holidays: string[]): OfficialSchedule => ({
  year,
  source: `Văn bản thử ${year}`,
  references: [],
  occasions: ['lunar-new-year', 'national-day'],
  daysOff: holidays.map((date) => ({ date, name: 'Ngày nghỉ', kind: 'holiday' })),
  makeUpWorkingDays: [],
});

describe('the guesses for undecided years follow the decided ones', () => {
  it('takes two days before Tết and 1/9 from the shipped schedules', () => {
    expect(ESTIMATE_RULES.tetDaysBefore).toBe(2);
    expect(ESTIMATE_RULES.basis.tetDaysBefore).toEqual(
      new Map([
        [1, [2014, 2019, 2026]],
        [2, [2017, 2018, 2020, 2024, 2025]],
      ]),
    );
    expect(ESTIMATE_RULES.nationalDayPairing).toBe('before');
    // 2024 does not count: Sunday 1/9 left 3/9 as the only weekday next to Monday 2/9.
    expect(ESTIMATE_RULES.basis.nationalDayPairing).toEqual({ before: [2025, 2026], after: [] });
  });

  it('moves with the data: another history gives other guesses', () => {
    // Tết Giáp Thìn is 10/2/2024; 2/9/2027 is a Thursday, so both 1/9 and 3/9 are weekdays.
    const rules = deriveEstimateRules([
      schedule(2024, ['2024-02-09', '2024-02-10', '2024-02-11', '2024-02-12', '2024-02-13']),
      schedule(2027, ['2027-09-02', '2027-09-03']),
    ]);
    expect([rules.tetDaysBefore, rules.nationalDayPairing]).toEqual([1, 'after']);
  });

  it('breaks a tie with the most recent decided year', () => {
    const rules = deriveEstimateRules([
      schedule(2018, ['2018-02-14', '2018-02-15', '2018-02-16']),
      schedule(2019, ['2019-02-04', '2019-02-05']),
    ]);
    expect(rules.tetDaysBefore).toBe(1);
  });

  it('falls back to one day before Tết and 3/9 without any decision', () => {
    const rules = deriveEstimateRules([]);
    expect([rules.tetDaysBefore, rules.nationalDayPairing]).toEqual([1, 'after']);
  });

  it('names the rule and its basis for coordinators', () => {
    expect(estimateRuleText(2028)).toBe(
      'Ước tính theo Bộ luật Lao động 2019, Điều 112 khi chưa có lịch nghỉ chính thức: Tết Nguyên đán: 2 ngày ' +
        'trước mùng 1 và 3 ngày từ mùng 1 (như 5/8 năm đã có lịch chính thức: 2017, 2018, 2020, 2024, 2025); ' +
        'Quốc khánh: 2/9 và 1/9 (3/9 nếu 1/9 là thứ Bảy hoặc Chủ nhật), như 2025, 2026; không có hoán đổi ngày làm việc.',
    );
    expect(calendarSources(2028).at(-1)).toBe(
      `Chưa có lịch nghỉ chính thức của năm này trong dữ liệu. ${estimateRuleText(2028)}`,
    );
  });
});

describe('isEstimatedYear', () => {
  it('is false exactly for the years with a full official schedule', () => {
    for (const year of officialScheduleYears()) expect([year, isEstimatedYear(year)]).toEqual([year, false]);
    for (const year of [2013, 2015, 2016, 2021, 2022, 2023, 2027, 2028, 2199]) {
      expect([year, isEstimatedYear(year)]).toEqual([year, true]);
    }
  });
});

describe('calendarEntriesOfYear', () => {
  it('cites the schedule for decided days and the law, marked as an estimate, otherwise', () => {
    const source2026 = OFFICIAL_SCHEDULES.get(2026)?.source;
    expect(calendarEntriesOfYear(2026).every((e) => e.source === source2026)).toBe(true);
    expect(new Set(calendarEntriesOfYear(2028).map((e) => e.source))).toEqual(
      new Set(['Bộ luật Lao động 2019, Điều 112 (ước tính)']),
    );
    expect(new Set(calendarEntriesOfYear(2016).map((e) => e.source))).toEqual(
      new Set(['Bộ luật Lao động 2012, Điều 115 (ước tính)']),
    );
  });

  it('lists make-up Saturdays as working days, in date order with the days off', () => {
    const entries = calendarEntriesOfYear(2026);
    expect(entries.filter((e) => e.kind === 'working-day').map((e) => [e.date, e.reason])).toEqual([
      ['2026-01-10', 'make-up'],
      ['2026-08-22', 'make-up'],
    ]);
    const dates = entries.map((e) => e.date);
    expect(dates).toEqual([...dates].sort());
  });
});
