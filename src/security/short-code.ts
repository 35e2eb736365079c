/**
 * Random codes for short links: base62, from the system's CSPRNG, without modulo bias (bytes ≥ 248 are drawn
 * again). Eight characters are 62^8 ≈ 2.2·10^14 codes: guessing one is hopeless at the portal's rate limit.
 */
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** The largest multiple of 62 below 256: bytes from it up would favour the first characters. */
const UNBIASED = 248;

export const SHORT_CODE_LENGTH = 8;
export const SHORT_CODE_PATTERN = /^[0-9A-Za-z]{8}$/;

export function randomShortCode(
  length: number = SHORT_CODE_LENGTH,
  random: (n: number) => Buffer = randomBytes,
): string {
  let code = '';
  while (code.length < length) {
    for (const byte of random(length * 2)) {
      if (byte < UNBIASED) code += ALPHABET[byte % 62];
      if (code.length === length) break;
    }
  }
  return code;
}
