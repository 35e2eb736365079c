/** The Handlebars helpers templates may call, and the compile options that make a misspelt name an error. */
import type Handlebars from 'handlebars';
import {
  formatDayMonth,
  formatDaysLeft,
  formatNumber,
  formatShortDate,
  formatVietnameseDate,
  formatVietnameseDateTime,
} from '../domain/vietnamese-format';

// Helpers are strict about their argument: Handlebars does not apply `strict` to helper arguments, so a
// misspelt `{{viDate dueDat}}` would otherwise render "undefined".
function requireString(helper: string, value: unknown): string {
  if (typeof value !== 'string') throw new Error(`{{${helper}}} needs a string, got ${describe(value)}`);
  return value;
}

function requireNumber(helper: string, value: unknown): number {
  if (typeof value !== 'number') throw new Error(`{{${helper}}} needs a number, got ${describe(value)}`);
  return value;
}

function describe(value: unknown): string {
  return value === undefined ? 'undefined (misspelt name?)' : JSON.stringify(value);
}

export const HELPERS: Record<string, (...args: unknown[]) => unknown> = {
  viDate: (value) => formatVietnameseDate(requireString('viDate', value)),
  shortDate: (value) => formatShortDate(requireString('shortDate', value)),
  dayMonth: (value) => formatDayMonth(requireString('dayMonth', value)),
  viDateTime: (value) => formatVietnameseDateTime(requireString('viDateTime', value)),
  daysText: (value) => formatDaysLeft(requireNumber('daysText', value)),
  number: (value) => formatNumber(requireNumber('number', value)),
  overdue: (value) => requireNumber('overdue', value) < 0,
};

const BUILTIN_HELPERS = ['if', 'unless', 'each', 'with', 'lookup', 'log'];
export const KNOWN_HELPERS = new Set([...Object.keys(HELPERS), ...BUILTIN_HELPERS]);

// `strict` makes a misspelt variable throw; `knownHelpersOnly` makes a misspelt helper a compile error.
export const COMPILE_OPTIONS: CompileOptions = {
  strict: true,
  knownHelpers: Object.fromEntries(Object.keys(HELPERS).map((name) => [name, true])),
  knownHelpersOnly: true,
};

export type CompileOptions = NonNullable<Parameters<typeof Handlebars.compile>[1]>;
