import {
  formatDaysLeft,
  formatNumber,
  formatShortDate,
  formatVietnameseDate,
  formatVietnameseDateTime,
} from '../../src/domain/vietnamese-format';

describe('formatVietnameseDate', () => {
  test.each([
    ['2020-06-10', 'thứ Tư, ngày 10/6/2020'],
    ['2020-06-14', 'Chủ nhật, ngày 14/6/2020'],
    ['2020-06-08', 'thứ Hai, ngày 8/6/2020'],
    ['2020-06-09', 'thứ Ba, ngày 9/6/2020'],
    ['2020-06-11', 'thứ Năm, ngày 11/6/2020'],
    ['2020-06-12', 'thứ Sáu, ngày 12/6/2020'],
    ['2020-06-13', 'thứ Bảy, ngày 13/6/2020'],
    ['2024-02-29', 'thứ Năm, ngày 29/2/2024'],
    ['2025-12-15', 'thứ Hai, ngày 15/12/2025'],
  ])('%s → %s', (iso, expected) => {
    expect(formatVietnameseDate(iso)).toBe(expected);
  });

  test.each(['2021-02-29', '2020-13-01', '2020-6-10', '10/6/2020', '2020-06-10T00:00:00Z', ''])('rejects %j', (bad) => {
    expect(() => formatVietnameseDate(bad)).toThrow(RangeError);
    expect(() => formatShortDate(bad)).toThrow(RangeError);
  });

  test('names the bad value', () => {
    expect(() => formatVietnameseDate('2021-02-30')).toThrow(
      'Ngày không hợp lệ / invalid date: "2021-02-30" (expected YYYY-MM-DD)',
    );
  });
});

describe('formatShortDate', () => {
  test.each([
    ['2020-06-10', '10/6/2020'],
    ['2021-01-05', '5/1/2021'],
    ['2021-11-15', '15/11/2021'],
  ])('%s → %s', (iso, expected) => expect(formatShortDate(iso)).toBe(expected));
});

describe('formatVietnameseDateTime', () => {
  test('shows the instant in Asia/Ho_Chi_Minh, whatever the offset given', () => {
    expect(formatVietnameseDateTime('2020-06-09T07:05:00Z')).toBe('14 giờ 05 phút, thứ Ba, ngày 9/6/2020');
    expect(formatVietnameseDateTime('2020-06-09T14:05:00+07:00')).toBe('14 giờ 05 phút, thứ Ba, ngày 9/6/2020');
    // 23:30 UTC is already the next day in Vietnam.
    expect(formatVietnameseDateTime('2020-06-09T23:30:00.000Z')).toBe('6 giờ 30 phút, thứ Tư, ngày 10/6/2020');
  });

  test('rejects a time without offset, which would be read in the host zone', () => {
    expect(() => formatVietnameseDateTime('2020-06-09T07:05:00')).toThrow(RangeError);
    expect(() => formatVietnameseDateTime('not a date Z')).toThrow(RangeError);
  });
});

describe('formatNumber', () => {
  test.each<[number, Parameters<typeof formatNumber>[1], string]>([
    [1234.5, undefined, '1.234,5'],
    [0, undefined, '0'],
    [999, undefined, '999'],
    [1000, undefined, '1.000'],
    [1234567.891, undefined, '1.234.567,89'],
    [-1234.5, undefined, '-1.234,5'],
    [0.5, { minimumFractionDigits: 2 }, '0,50'],
    [12, { minimumFractionDigits: 1 }, '12,0'],
    [2.345, { maximumFractionDigits: 1 }, '2,3'],
    [1234.5678, { maximumFractionDigits: 0 }, '1.235'],
    [-0.001, undefined, '0'],
    [33.333333, { maximumFractionDigits: 3 }, '33,333'],
  ])('%d %j → %s', (value, options, expected) => {
    expect(formatNumber(value, options)).toBe(expected);
  });

  test('rejects what cannot be written', () => {
    expect(() => formatNumber(Number.NaN)).toThrow(RangeError);
    expect(() => formatNumber(Infinity)).toThrow(RangeError);
    expect(() => formatNumber(1, { minimumFractionDigits: 3, maximumFractionDigits: 1 })).toThrow(RangeError);
  });
});

describe('formatDaysLeft', () => {
  test.each([
    [3, 'còn 3 ngày'],
    [1, 'còn 1 ngày'],
    [0, 'hôm nay là hạn cuối'],
    [-1, 'quá hạn 1 ngày'],
    [-2, 'quá hạn 2 ngày'],
    [1500, 'còn 1.500 ngày'],
  ])('%d → %s', (n, expected) => expect(formatDaysLeft(n)).toBe(expected));

  test('rejects fractions of a day', () => {
    expect(() => formatDaysLeft(1.5)).toThrow('daysLeft must be a whole number of days, got 1.5');
  });
});
