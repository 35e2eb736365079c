import fc from 'fast-check';
import { smsEncoding, smsSegments, stripDiacritics } from '../../src/domain/sms-text';

describe('stripDiacritics', () => {
  test.each([
    ['Đề nghị quý cơ quan gửi báo cáo', 'De nghi quy co quan gui bao cao'],
    ['Sở Lao động - Thương binh và Xã hội', 'So Lao dong - Thuong binh va Xa hoi'],
    ['ĐẮK LẮK, Đồng Tháp, đường', 'DAK LAK, Dong Thap, duong'],
    ['Ủy ban nhân dân tỉnh Quảng Ngãi', 'Uy ban nhan dan tinh Quang Ngai'],
    ['hôm nay là hạn cuối', 'hom nay la han cuoi'],
    ['ASCII stays: 10/6/2020 https://x.vn/s/a-b_c?d=1', 'ASCII stays: 10/6/2020 https://x.vn/s/a-b_c?d=1'],
  ])('%j → %j', (input, expected) => expect(stripDiacritics(input)).toBe(expected));

  test('also handles text in decomposed (NFD) form', () => {
    expect(stripDiacritics('Việt Nam'.normalize('NFD'))).toBe('Viet Nam');
  });

  test('leaves only GSM-7 text behind for any Vietnamese input', () => {
    const vietnamese = fc.string({
      unit: fc.constantFrom(
        ...Array.from(
          'aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵĐĂÂÊÔƠƯ ,.',
        ),
      ),
    });
    fc.assert(fc.property(vietnamese, (text) => expect(smsEncoding(stripDiacritics(text))).toBe('GSM-7')));
  });
});

describe('smsEncoding', () => {
  test.each([
    ['Bao cao truoc 10/6', 'GSM-7'],
    ['Price: 5€ {ok} [x] ~ ^ | \\', 'GSM-7'],
    ['é è ù ì ò à Ä Ö Ñ Ü ß £ ¥ @ _', 'GSM-7'],
    ['Line 1\nLine 2', 'GSM-7'],
    ['Báo cáo', 'UCS-2'],
    ['đ', 'UCS-2'],
    ['â', 'UCS-2'],
    ['ç', 'UCS-2'], // only the capital Ç is in the default alphabet
    ['emoji 🙂', 'UCS-2'],
    ['', 'GSM-7'],
  ])('%j → %s', (text, expected) => expect(smsEncoding(text)).toBe(expected));
});

describe('smsSegments', () => {
  test.each([
    ['', 1],
    ['a'.repeat(160), 1],
    ['a'.repeat(161), 2],
    ['a'.repeat(306), 2],
    ['a'.repeat(307), 3],
    ['a'.repeat(459), 3],
    ['€'.repeat(80), 1], // 160 septets
    ['€'.repeat(81), 2], // 162 septets
    ['a'.repeat(159) + '€', 2], // the escape pushes it to 161
    // 152 septets, then an extended character that cannot be split across parts: 3 parts, not 2.
    ['a'.repeat(152) + '€' + 'a'.repeat(152), 3],
    ['á'.repeat(70), 1],
    ['á'.repeat(71), 2],
    ['á'.repeat(134), 2],
    ['á'.repeat(135), 3],
    ['🙂'.repeat(35), 1], // 70 UTF-16 units
    ['🙂'.repeat(35) + 'á', 2], // 71 units
    // 66 units, then a surrogate pair that does not fit the first part: it moves whole to part 2.
    ['á'.repeat(66) + '🙂' + 'á'.repeat(66), 3],
  ])('%#: %s', (text, expected) => expect(smsSegments(text)).toBe(expected));

  test('never fewer parts than the plain division says, never more than one extra', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', '€', 'á', '🙂'), maxLength: 400 }), (text) => {
        const segments = smsSegments(text);
        const gsm = smsEncoding(text) === 'GSM-7';
        const units = gsm ? Array.from(text).reduce((n, c) => n + (c === '€' ? 2 : 1), 0) : text.length;
        const single = gsm ? 160 : 70;
        const part = gsm ? 153 : 67;
        const lower = units <= single ? 1 : Math.ceil(units / part);
        expect(segments).toBeGreaterThanOrEqual(lower);
        expect(segments).toBeLessThanOrEqual(units <= single ? 1 : Math.ceil(units / (part - 1)) + 1);
      }),
    );
  });
});
