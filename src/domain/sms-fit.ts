/**
 * Fitting an SMS into its segment budget. Carriers bill per segment, so a reminder must not grow to four parts
 * because an agency's official name is 119 characters long. The template is rendered with the full names first;
 * while the text is over budget, the longest of the names is shortened by a word (a parenthesis first, then words
 * from the end, marked with an ellipsis). The link and the template's own words are never cut. Pure.
 */
import { smsSegments } from './sms-text';

/** The fields a fit may shorten, in the message context. */
export const SHORTENABLE_FIELDS = ['agencyName', 'obligationTitle', 'campaignName'] as const;
export type ShortenableField = (typeof SHORTENABLE_FIELDS)[number];
export type Names = Partial<Record<ShortenableField, string>>;

/** A name this short is never cut ("Sở Y tế", "UBND tỉnh"); a longer one keeps at least two words ("Sở Lao…"). */
const KEEP_CHARS = 10;
const MIN_WORDS = 2;

export interface FitResult {
  text: string;
  segments: number;
  /** Whether the budget was met; false when even the shortest names leave the text over it. */
  fits: boolean;
}

/**
 * Renders `render(names)` within `maxSegments`, shortening the names as little as needed. `finish` turns the
 * rendered text into what is sent (diacritics stripped, spaces collapsed) and is what is measured.
 *
 * @example fitSms((n) => `${n.agencyName}: ${n.obligationTitle} ${url}`, { agencyName, obligationTitle }, 1, '...', toGsmText)
 */
export function fitSms(
  render: (names: Names) => string,
  names: Names,
  maxSegments: number,
  ellipsis: string,
  finish: (text: string) => string = (t) => t,
): FitResult {
  const measure = (n: Names): FitResult => {
    const text = finish(render(n));
    const segments = smsSegments(text);
    return { text, segments, fits: segments <= maxSegments };
  };
  let current = measure(names);
  if (current.fits) return current;

  // Word lists per field; a field with a parenthesis loses it first.
  const words = new Map<ShortenableField, string[]>();
  const cut = new Set<ShortenableField>();
  for (const field of SHORTENABLE_FIELDS) {
    const value = names[field];
    if (value === undefined) continue;
    const bare = value.replace(/\s*\([^)]*\)\s*/g, ' ').trim();
    words.set(field, (bare.length > 0 ? bare : value).split(/\s+/));
  }
  const shown = (field: ShortenableField): string | undefined => {
    const list = words.get(field);
    if (!list) return undefined;
    const joined = list.join(' ');
    return cut.has(field) ? `${joined.replace(/[\s,;:.\-–]+$/, '')}${ellipsis}` : joined;
  };
  const namesNow = (): Names => {
    const out: Names = { ...names };
    for (const field of words.keys()) out[field] = shown(field);
    return out;
  };

  current = measure(namesNow());
  while (!current.fits) {
    // The longest name that can still lose a word.
    let longest: ShortenableField | undefined;
    for (const [field, list] of words) {
      if (list.length <= MIN_WORDS || list.join(' ').length <= KEEP_CHARS) continue;
      if (!longest || (shown(field)?.length ?? 0) > (shown(longest)?.length ?? 0)) longest = field;
    }
    if (!longest) break;
    words.get(longest)?.pop();
    cut.add(longest);
    current = measure(namesNow());
  }
  return current;
}
