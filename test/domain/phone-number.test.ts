import fc from 'fast-check';
import { MOBILE_PREFIXES, normalizeVietnamesePhone, toNationalFormat } from '../../src/domain/phone-number';

describe('normalizeVietnamesePhone', () => {
  test.each([
    ['0912345678', '+84912345678', 'mobile'],
    ['84912345678', '+84912345678', 'mobile'],
    ['+84912345678', '+84912345678', 'mobile'],
    ['+84 912 345 678', '+84912345678', 'mobile'],
    ['0912.345.678', '+84912345678', 'mobile'],
    ['0912-345-678', '+84912345678', 'mobile'],
    [' 091 234 5678 ', '+84912345678', 'mobile'],
    ['+84 (0) 912 345 678', '+84912345678', 'mobile'],
    ['0084 912 345 678', '+84912345678', 'mobile'],
    ['912345678', '+84912345678', 'mobile'], // leading zero lost in a spreadsheet
    ['0327654321', '+84327654321', 'mobile'],
    ['0559876543', '+84559876543', 'mobile'],
    ['0701234567', '+84701234567', 'mobile'],
    ['0862 000 111', '+84862000111', 'mobile'],
    ['0843 123 456', '+84843123456', 'mobile'],
    ['024 3825 1234', '+842438251234', 'landline'],
    ['(0235) 3812 345', '+842353812345', 'landline'],
    ['+84 28 3829 1234', '+842838291234', 'landline'],
  ])('%j → %s (%s)', (input, e164, kind) => {
    expect(normalizeVietnamesePhone(input)).toEqual({ ok: true, e164, kind });
  });

  test.each([
    ['', 'Chưa nhập số điện thoại'],
    ['09123456789', 'Số di động "09123456789" phải có 10 chữ số (kể cả số 0 đầu), nhận được 11'],
    ['091234567', 'Số di động "091234567" phải có 10 chữ số (kể cả số 0 đầu), nhận được 9'],
    ['0123456789', 'Đầu số 012 của "0123456789" không phải đầu số di động đang sử dụng tại Việt Nam'],
    ['0951234567', 'Đầu số 095 của "0951234567" không phải đầu số di động đang sử dụng tại Việt Nam'],
    ['0612345678', 'Đầu số 061 của "0612345678" không phải đầu số di động đang sử dụng tại Việt Nam'],
    ['0243825123', 'Số máy bàn "0243825123" phải có 11 chữ số (kể cả số 0 đầu), nhận được 10'],
    ['+1 202 555 0100', 'Số điện thoại "+1 202 555 0100" không phải số Việt Nam (+84)'],
    ['0912 345 67a', 'Số điện thoại "0912 345 67a" chứa ký tự không hợp lệ'],
    ['09123+45678', 'Số điện thoại "09123+45678" chứa ký tự không hợp lệ'],
    ['00 1 202 555 0100', 'Số điện thoại "00 1 202 555 0100" không phải số Việt Nam'],
  ])('rejects %j', (input, vietnamese) => {
    const result = normalizeVietnamesePhone(input);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason.startsWith(`${vietnamese} / `)).toBe(true);
      // The English half follows the Vietnamese one.
      expect(result.reason).toMatch(/ \/ [a-z"+]/);
    }
  });

  const prefix = fc.constantFrom(...MOBILE_PREFIXES);
  const subscriber = fc.stringMatching(/^\d{7}$/);
  const validNational = fc.tuple(prefix, subscriber).map(([p, s]) => `0${p}${s}`);
  const landline = fc.stringMatching(/^02\d{9}$/);

  // Writes a national number the ways people do: grouped with separators, with or without the country code.
  const written = (national: string) =>
    fc
      .tuple(
        fc.constantFrom('national', '+84', '84', '0084', '+84 (0)'),
        fc.array(fc.constantFrom('', ' ', '.', '-'), { minLength: national.length, maxLength: national.length }),
      )
      .map(([form, separators]) => {
        const digits = form === 'national' ? national : national.slice(1);
        const spaced = Array.from(digits, (d, i) => d + (separators[i] ?? ''))
          .join('')
          .replace(/[ .-]+$/, '');
        return form === 'national' ? spaced : `${form} ${spaced}`;
      });

  test('every valid number, however written, normalises to one E.164 number that round-trips', () => {
    fc.assert(
      fc.property(
        fc.oneof(validNational, landline).chain((national) => fc.tuple(fc.constant(national), written(national))),
        ([national, input]) => {
          const result = normalizeVietnamesePhone(input);
          expect(result).toMatchObject({ ok: true, e164: `+84${national.slice(1)}` });
          if (!result.ok) return;
          expect(normalizeVietnamesePhone(result.e164)).toEqual(result);
          expect(toNationalFormat(result.e164)).toBe(national);
        },
      ),
      { numRuns: 500 },
    );
  });

  test('never accepts a mobile number on an unallocated prefix', () => {
    const unallocated = fc.stringMatching(/^[3-9]\d$/).filter((p) => !MOBILE_PREFIXES.includes(p));
    fc.assert(
      fc.property(unallocated, subscriber, (p, s) => {
        expect(normalizeVietnamesePhone(`0${p}${s}`).ok).toBe(false);
      }),
    );
  });
});

describe('toNationalFormat', () => {
  test('turns +84 numbers into the 0… form', () => {
    expect(toNationalFormat('+84912345678')).toBe('0912345678');
    expect(toNationalFormat('+842438251234')).toBe('02438251234');
  });
  test('refuses other countries', () => {
    expect(() => toNationalFormat('+12025550100')).toThrow(RangeError);
  });
});
