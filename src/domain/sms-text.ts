// SMS length and encoding rules (3GPP TS 23.038 alphabet, concatenated SMS with a 6-byte UDH).
//
// Vietnamese with diacritics forces UCS-2, which cuts a message from 160 to 70 characters; carriers bill per
// segment, so reminders offer a diacritic-free variant and everything that sends SMS reports the segment count.

export type SmsEncoding = 'GSM-7' | 'UCS-2';

// GSM 03.38 default alphabet. LF and CR are part of it; the escape code (0x1B) is not a character of its own.
const GSM_BASIC = new Set(
  Array.from(
    '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
      '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
  ),
);

// The extension table: each costs two septets (escape + code).
const GSM_EXTENDED = new Set(Array.from('\f^{}\\[~]|€'));

const SINGLE_LIMIT: Record<SmsEncoding, number> = { 'GSM-7': 160, 'UCS-2': 70 };
const PART_LIMIT: Record<SmsEncoding, number> = { 'GSM-7': 153, 'UCS-2': 67 };

/**
 * Vietnamese (or any Latin) text without its diacritics: `Đề nghị` → `De nghi`. đ/Đ, which Unicode does not
 * decompose, become d/D.
 */
export function stripDiacritics(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .normalize('NFC');
}

// Punctuation that Vietnamese text uses and GSM 03.38 lacks, folded to its nearest GSM character.
const GSM_FOLDS: Record<string, string> = {
  '–': '-',
  '—': '-',
  '‐': '-',
  '‑': '-',
  '“': '"',
  '”': '"',
  '‘': "'",
  '’': "'",
  '…': '...',
  '\u00a0': ' ',
};

/**
 * Text for the GSM-7 alphabet: diacritics stripped ({@link stripDiacritics}), typographic dashes, quotes and the
 * ellipsis folded to plain ones, so `2017–2020` does not turn a whole message into UCS-2.
 */
export function toGsmText(text: string): string {
  return Array.from(stripDiacritics(text), (char) => GSM_FOLDS[char] ?? char).join('');
}

/** `GSM-7` when every character is in the GSM 03.38 alphabet or its extension table, otherwise `UCS-2`. */
export function smsEncoding(text: string): SmsEncoding {
  for (const char of text) {
    if (!GSM_BASIC.has(char) && !GSM_EXTENDED.has(char)) return 'UCS-2';
  }
  return 'GSM-7';
}

/**
 * How many SMS a text is sent as: GSM-7 160 septets in one message or 153 per part (extension-table characters
 * count as 2); UCS-2 70 UTF-16 units in one message or 67 per part. An empty text is still one message.
 *
 * Parts are packed the way handsets split them: an escape sequence or a surrogate pair is never cut in two,
 * so a character that does not fit opens the next part.
 */
export function smsSegments(text: string): number {
  const encoding = smsEncoding(text);
  const units = Array.from(
    text,
    (char) => (encoding === 'GSM-7' ? (GSM_EXTENDED.has(char) ? 2 : 1) : char.length), // char.length: 2 for a surrogate pair
  );
  const total = units.reduce((sum, n) => sum + n, 0);
  if (total <= SINGLE_LIMIT[encoding]) return 1;

  const partLimit = PART_LIMIT[encoding];
  let parts = 1;
  let used = 0;
  for (const size of units) {
    if (used + size > partLimit) {
      parts += 1;
      used = 0;
    }
    used += size;
  }
  return parts;
}
