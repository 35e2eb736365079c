import fc from 'fast-check';
import { buildCalendarData } from '../../src/domain/calendar-data';
import { calendarCoverageGap, firstWorkingDayOf } from '../../src/domain/calendar-coverage';
import { isEstimatedYear, isWorkingDay } from '../../src/domain/holiday-calendar';
import { OFFICIAL_SCHEDULES } from '../../src/domain/holiday-official';

/** 08:00 in Việt Nam on a local date. */
const at = (date: string, time = '08:00') => new Date(`${date}T${time}:00+07:00`);

describe('the admins are told when a year begins without an official schedule', () => {
  it('2027 (no schedule shipped): from Monday 4/1, its first working day after Tết Dương lịch on Friday 1/1', () => {
    expect(firstWorkingDayOf(2027)).toBe('2027-01-04');
    expect(calendarCoverageGap(at('2027-01-01'))).toBeNull();
    expect(calendarCoverageGap(at('2027-01-03', '23:59'))).toBeNull();
    const gap = calendarCoverageGap(at('2027-01-04', '00:00'));
    expect(gap).toMatchObject({ year: 2027, firstWorkingDay: '2027-01-04' });
    expect(gap!.rule).toMatch(/ước tính|ngày/);
    // A check that missed the day (server down) still tells: the caller sends once.
    expect(calendarCoverageGap(at('2027-03-15'))).toMatchObject({ year: 2027 });
  });

  it('a year with an official schedule needs nothing: 2026', () => {
    expect(calendarCoverageGap(at('2026-01-05'))).toBeNull();
    expect(calendarCoverageGap(at('2026-12-31'))).toBeNull();
  });

  it('the business date decides, not UTC: 31/12/2026 17:30 UTC is already 1/1/2027 in Việt Nam', () => {
    expect(calendarCoverageGap(new Date('2027-01-03T17:30:00Z'))).toMatchObject({ year: 2027 });
    expect(calendarCoverageGap(new Date('2027-01-03T16:59:00Z'))).toBeNull();
  });

  it("an admin's imported schedule for the year ends the alert", () => {
    const calendar = buildCalendarData(OFFICIAL_SCHEDULES.values(), {
      years: [{ year: 2027, occasions: ['lunar-new-year', 'national-day'], source: 'Công văn thử', note: null }],
      days: [],
      revision: 'test',
    });
    expect(calendarCoverageGap(at('2027-01-04'), { calendar })).toBeNull();
    expect(calendarCoverageGap(at('2028-01-10'), { calendar })).toMatchObject({ year: 2028 });
  });

  it('over 2024–2035: a gap exactly on and after the first working day of an estimated year', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2024, max: 2035 }), fc.integer({ min: 0, max: 364 }), (year, offset) => {
        const date = new Date(Date.UTC(year, 0, 1 + offset)).toISOString().slice(0, 10);
        const first = firstWorkingDayOf(year);
        expect(isWorkingDay(first)).toBe(true);
        expect(first >= `${year}-01-01` && first <= `${year}-01-10`).toBe(true);
        const gap = calendarCoverageGap(at(date));
        if (!isEstimatedYear(year) || date < first) expect(gap).toBeNull();
        else expect(gap).toMatchObject({ year, firstWorkingDay: first });
      }),
      { numRuns: 500 },
    );
  });
});
