// Vietnamese phone numbers, as typed into plan files and spreadsheets, normalised to E.164 (+84…).

/**
 * Mobile prefixes (after the trunk 0) allocated to the networks operating today: Viettel 032–039, 086, 096–098;
 * VinaPhone 081–085, 088, 091, 094; MobiFone 070, 076–079, 089, 090, 093; Vietnamobile 052, 056, 058, 092;
 * Gmobile 059, 099; Itelecom 087; Wintel/Reddi 055. The 2018 renumbering moved 11-digit numbers onto these.
 * A listed prefix rather than "03x–09x" catches typos such as 0312… or 095… (a network closed in 2012).
 * When the ministry opens a new prefix, add it here.
 */
// prettier-ignore
export const MOBILE_PREFIXES: readonly string[] = [
  '32', '33', '34', '35', '36', '37', '38', '39',
  '52', '55', '56', '58', '59',
  '70', '76', '77', '78', '79',
  '81', '82', '83', '84', '85', '86', '87', '88', '89',
  '90', '91', '92', '93', '94', '96', '97', '98', '99',
];

export type PhoneKind = 'mobile' | 'landline';

export type PhoneNormalization = { ok: true; e164: string; kind: PhoneKind } | { ok: false; reason: string };

const SEPARATORS = /[\s.\-()]/g;

// "+84 (0) 912 345 678" is a common way of writing a number; the trunk 0 after the country code is dropped.
function afterCountryCode(rest: string): string {
  return rest.startsWith('0') && !rest.startsWith('00') ? rest : `0${rest}`;
}

function invalid(vi: string, en: string): { ok: false; reason: string } {
  return { ok: false, reason: `${vi} / ${en}` };
}

/**
 * Normalises a Vietnamese phone number to E.164.
 *
 * Accepts the national form (`0912345678`), the international forms (`84912345678`, `+84 912 345 678`,
 * `0084…`) and spaces, dots, dashes and parentheses anywhere. A number whose leading 0 was dropped
 * (`912345678`) is accepted too, because spreadsheets store phone columns as numbers and lose it.
 * Mobiles have 10 national digits on a current prefix ({@link MOBILE_PREFIXES}); landlines have 11 and start with 02.
 * Anything else is rejected with a reason in Vietnamese and English.
 *
 * @example normalizeVietnamesePhone('+84 912 345 678') // { ok: true, e164: '+84912345678', kind: 'mobile' }
 */
export function normalizeVietnamesePhone(input: string): PhoneNormalization {
  const trimmed = input.trim();
  if (trimmed === '') {
    return invalid('Chưa nhập số điện thoại', 'the phone number is empty');
  }
  const compact = trimmed.replace(SEPARATORS, '');
  if (!/^\+?\d+$/.test(compact)) {
    return invalid(
      `Số điện thoại "${trimmed}" chứa ký tự không hợp lệ`,
      `"${trimmed}" contains characters other than digits, spaces, dots, dashes, parentheses and a leading +`,
    );
  }

  let national: string;
  if (compact.startsWith('+')) {
    if (!compact.startsWith('+84')) {
      return invalid(
        `Số điện thoại "${trimmed}" không phải số Việt Nam (+84)`,
        `"${trimmed}" is not a Vietnamese number (+84)`,
      );
    }
    national = afterCountryCode(compact.slice(3));
  } else if (compact.startsWith('0084')) {
    national = afterCountryCode(compact.slice(4));
  } else if (compact.startsWith('0')) {
    national = compact;
  } else if (compact.startsWith('84') && (compact.length === 11 || compact.length === 12)) {
    national = afterCountryCode(compact.slice(2));
  } else {
    national = `0${compact}`;
  }

  if (national.startsWith('00')) {
    return invalid(`Số điện thoại "${trimmed}" không phải số Việt Nam`, `"${trimmed}" is not a Vietnamese number`);
  }
  if (national.startsWith('02')) {
    if (national.length !== 11) {
      return invalid(
        `Số máy bàn "${trimmed}" phải có 11 chữ số (kể cả số 0 đầu), nhận được ${national.length}`,
        `landline "${trimmed}" must have 11 digits including the leading 0, got ${national.length}`,
      );
    }
    return { ok: true, e164: `+84${national.slice(1)}`, kind: 'landline' };
  }
  if (national.length !== 10) {
    return invalid(
      `Số di động "${trimmed}" phải có 10 chữ số (kể cả số 0 đầu), nhận được ${national.length}`,
      `mobile number "${trimmed}" must have 10 digits including the leading 0, got ${national.length}`,
    );
  }
  const prefix = national.slice(1, 3);
  if (!MOBILE_PREFIXES.includes(prefix)) {
    return invalid(
      `Đầu số 0${prefix} của "${trimmed}" không phải đầu số di động đang sử dụng tại Việt Nam`,
      `prefix 0${prefix} of "${trimmed}" is not a current Vietnamese mobile prefix`,
    );
  }
  return { ok: true, e164: `+84${national.slice(1)}`, kind: 'mobile' };
}

/**
 * The national form (`0912345678`) of a Vietnamese E.164 number, which domestic gateways such as eSMS expect.
 * Throws a `RangeError` for a number outside +84.
 */
export function toNationalFormat(e164: string): string {
  if (!/^\+84\d{9,10}$/.test(e164)) {
    // The number is not quoted: this message may reach logs and activity failures (personal data).
    throw new RangeError(`Not a Vietnamese E.164 number (${e164.length} characters)`);
  }
  return `0${e164.slice(3)}`;
}
