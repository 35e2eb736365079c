/**
 * What an admin may store in the legal calendar, checked before anything is written: one day (`holidays set`), or a
 * year's schedule (`holidays import`). Every refusal names its field, `<field>: <message>`, and the store writes
 * nothing unless every check passes. Pure: the checks read the calendar data they are given.
 */
import { z } from 'zod';
import type { CalendarData, StoredDay } from './calendar-data';
import { formatDmy } from './date-format';
import { dayOffReason } from './holiday-calendar';
import { isWeekend, MAX_CALENDAR_YEAR, MIN_CALENDAR_YEAR, parseIsoDate, yearOf } from './holiday-days';

export interface EntryProblem {
  field: string;
  message: string;
}

/** The official document an entry rests on. All three parts are required: a date must be traceable to its text. */
export interface SourceDocument {
  number: string;
  date: string;
  link: string;
}

/** A day as the store writes it: the calendar's view plus its source document and its swap partner. */
export interface DayDraft extends StoredDay {
  document: SourceDocument;
  pairedWith: string | null;
}

export type EntryCheck<T> = { ok: true; value: T } | { ok: false; problems: EntryProblem[] };

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'cần một ngày dạng YYYY-MM-DD / expected YYYY-MM-DD')
  .refine((d) => {
    try {
      parseIsoDate(d);
      return true;
    } catch {
      return false;
    }
  }, 'không phải một ngày có thật / not a real date');

const calendarDate = isoDate.refine((d) => {
  const year = Number(d.slice(0, 4));
  return year >= MIN_CALENDAR_YEAR && year <= MAX_CALENDAR_YEAR;
}, `ngoài khoảng năm lịch hỗ trợ ${MIN_CALENDAR_YEAR}–${MAX_CALENDAR_YEAR} / outside the supported years`);

const text = (what: string) => z.string(`thiếu ${what} / required`).trim().min(1, `thiếu ${what} / required`);
const link = z
  .string('thiếu đường dẫn văn bản / required')
  .trim()
  .regex(/^https?:\/\/\S+$/, 'cần đường dẫn http(s) tới văn bản / expected an http(s) link');

export const SOURCE_FIELDS = {
  source: text('số hiệu văn bản nguồn (--source)'),
  sourceDate: isoDate.describe('ngày ban hành văn bản nguồn'),
  sourceLink: link,
};

// The contract's `holidays set … --source TEXT` carries the whole citation in one text ("Thông báo 6150/TB-BNV
// ngày 17/11/2025 https://…"), so the document's date and link are read from it when not given on their own; an
// entry whose citation has neither is still accepted (the number identifies the document) and shown without them.
const SET_SOURCE_FIELDS = {
  source: SOURCE_FIELDS.source,
  sourceDate: isoDate.optional(),
  sourceLink: link.optional(),
};

/** The document date ("ngày 17/11/2025") and the http(s) link named inside a citation text, if any. */
export function citationParts(source: string): { date?: string; link?: string } {
  const out: { date?: string; link?: string } = {};
  const d = /ngày\s+(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})/iu.exec(source);
  if (d) out.date = `${d[3]}-${(d[2] ?? '').padStart(2, '0')}-${(d[1] ?? '').padStart(2, '0')}`;
  const l = /https?:\/\/\S+/u.exec(source);
  if (l) out.link = l[0].replace(/[),.;]+$/u, '');
  return out;
}

const setSchema = z
  .object({
    date: calendarDate,
    kind: z.enum(['day-off', 'working-day'], 'phải là day-off hoặc working-day / must be day-off or working-day'),
    name: text('tên ngày (--name)'),
    ...SET_SOURCE_FIELDS,
    makeUp: calendarDate.optional(),
    makeUpName: z.string().trim().min(1).optional(),
    reason: z
      .enum(
        ['holiday', 'compensatory', 'swap'],
        'phải là holiday, compensatory hoặc swap / must be holiday, compensatory or swap',
      )
      .optional(),
  })
  .strict();

function problemsOf(error: z.ZodError): EntryProblem[] {
  return error.issues.map((issue) => ({
    field:
      issue.path
        .map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`))
        .join('') || '(gốc)',
    message: issue.message,
  }));
}

function documentOf(i: { source: string; sourceDate?: string; sourceLink?: string }): SourceDocument {
  const cited = citationParts(i.source);
  return { number: i.source, date: i.sourceDate ?? cited.date ?? '', link: i.sourceLink ?? cited.link ?? '' };
}

/** How a source shows in `holidays --json` and the web page: number, then the date and link unless it names them. */
export function formatSource(doc: SourceDocument): string {
  const cited = citationParts(doc.number);
  const date = doc.date && cited.date !== doc.date ? ` ngày ${formatDmy(doc.date)}` : '';
  const link = doc.link && cited.link !== doc.link ? ` (${doc.link})` : '';
  return `${doc.number}${date}${link}`;
}

/**
 * Checks one `holidays set` against the calendar it would change and the dates already stored, and says which days
 * to write: the day itself, and for a swap (a weekday off) its make-up weekend day too.
 *
 * @example
 * checkHolidaySet({ date: '2027-04-29', kind: 'day-off', name: 'Nghỉ hoán đổi', source: 'Công văn 1/VPCP',
 *   sourceDate: '2026-10-01', sourceLink: 'https://chinhphu.vn/1', makeUp: '2027-04-24' }, data, new Set());
 * // { ok: true, value: [ {date: '2027-04-29', kind: 'day-off', …}, {date: '2027-04-24', kind: 'working-day', …} ] }
 */
export function checkHolidaySet(
  raw: unknown,
  data: CalendarData,
  storedDates: ReadonlySet<string>,
): EntryCheck<DayDraft[]> {
  const parsed = setSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, problems: problemsOf(parsed.error) };
  const input = parsed.data;
  const problems: EntryProblem[] = [];
  const options = { calendar: data };
  const jdn = parseIsoDate(input.date);
  const current = dayOffReason(input.date, options);
  const document = documentOf(input);
  const source = formatSource(document);
  const day = (d: Partial<DayDraft> & Pick<DayDraft, 'date' | 'kind' | 'name'>): DayDraft => ({
    reason: null,
    source,
    imported: false,
    year: yearOf(parseIsoDate(d.date)),
    document,
    pairedWith: null,
    ...d,
  });
  const duplicate = (field: string, date: string) =>
    problems.push({
      field,
      message: `đã có mục lưu cho ngày ${formatDmy(date)}; gỡ nó trước (holidays remove --date ${date}) / already stored`,
    });
  if (storedDates.has(input.date)) duplicate('date', input.date);

  if (input.kind === 'working-day') {
    if (input.makeUp !== undefined) {
      problems.push({ field: 'makeUp', message: 'chỉ dùng với --kind day-off / only with --kind day-off' });
    }
    if (isWeekend(jdn)) {
      problems.push({
        field: 'kind',
        message:
          `ngày làm bù ${formatDmy(input.date)} phải đi kèm ngày nghỉ hoán đổi: dùng --kind day-off --date <ngày nghỉ> ` +
          `--make-up ${input.date} / a make-up day comes with its swapped day off`,
      });
    } else if (current === null) {
      problems.push({ field: 'date', message: `${formatDmy(input.date)} đã là ngày làm việc / already a working day` });
    }
    return problems.length > 0
      ? { ok: false, problems }
      : { ok: true, value: [day({ date: input.date, name: input.name, kind: 'working-day' })] };
  }

  if (current !== null) {
    problems.push({
      field: 'date',
      message: `${formatDmy(input.date)} đã là ngày nghỉ (${current.name}) / already a day off`,
    });
  }
  // A weekday off with a make-up day, or one named as a swap, is a swap and needs its make-up day; any other is a
  // day off the Government decided outright (a Tết day, the day paired with 2/9).
  const reason = input.reason ?? (input.makeUp !== undefined || /hoán đổi/iu.test(input.name) ? 'swap' : 'holiday');
  if (reason !== 'swap') {
    if (input.makeUp !== undefined) {
      problems.push({ field: 'makeUp', message: 'chỉ dùng với ngày nghỉ hoán đổi / only for a swap' });
    }
    return problems.length > 0
      ? { ok: false, problems }
      : { ok: true, value: [day({ date: input.date, name: input.name, kind: 'day-off', reason })] };
  }
  if (input.makeUp === undefined) {
    problems.push({
      field: 'makeUp',
      message:
        'một ngày nghỉ hoán đổi cần ngày làm bù (--make-up YYYY-MM-DD) / a swapped day off needs its make-up day',
    });
    return { ok: false, problems };
  }
  const makeUpJdn = parseIsoDate(input.makeUp);
  if (!isWeekend(makeUpJdn)) {
    problems.push({
      field: 'makeUp',
      message: `${formatDmy(input.makeUp)} không phải thứ Bảy hoặc Chủ nhật / not a weekend day`,
    });
  } else if (dayOffReason(input.makeUp, options)?.kind !== 'weekend') {
    problems.push({
      field: 'makeUp',
      message: `${formatDmy(input.makeUp)} không phải ngày nghỉ cuối tuần thường / not a plain weekend day`,
    });
  }
  if (Math.abs(makeUpJdn - jdn) > 90) {
    problems.push({ field: 'makeUp', message: 'ngày làm bù cách ngày nghỉ quá 90 ngày / more than 90 days away' });
  }
  if (storedDates.has(input.makeUp)) duplicate('makeUp', input.makeUp);
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: [
      day({ date: input.date, kind: 'day-off', reason: 'official-bridge', name: input.name, pairedWith: input.makeUp }),
      day({
        date: input.makeUp,
        kind: 'working-day',
        name: input.makeUpName ?? `Làm bù cho ngày ${formatDmy(input.date)}`,
        pairedWith: input.date,
      }),
    ],
  };
}

const OCCASIONS = ['new-year', 'lunar-new-year', 'hung-kings', 'reunification-labour', 'national-day'] as const;

const importSchema = z
  .object({
    year: z
      .number('cần năm / required')
      .int()
      .min(MIN_CALENDAR_YEAR, `ngoài khoảng năm lịch hỗ trợ ${MIN_CALENDAR_YEAR}–${MAX_CALENDAR_YEAR}`)
      .max(MAX_CALENDAR_YEAR, `ngoài khoảng năm lịch hỗ trợ ${MIN_CALENDAR_YEAR}–${MAX_CALENDAR_YEAR}`),
    source: z
      .object(
        { number: SOURCE_FIELDS.source, date: isoDate, link: SOURCE_FIELDS.sourceLink },
        'thiếu văn bản nguồn / required',
      )
      .strict(),
    occasions: z.array(z.enum(OCCASIONS)).default([...OCCASIONS]),
    note: z.string().optional(),
    daysOff: z.array(
      z
        .object({
          date: calendarDate,
          name: text('tên ngày'),
          kind: z.enum(['holiday', 'compensatory', 'official-bridge']),
        })
        .strict(),
    ),
    makeUpWorkingDays: z.array(z.object({ date: calendarDate, name: text('tên ngày') }).strict()).default([]),
  })
  .strict();

export interface YearImport {
  year: number;
  occasions: Array<(typeof OCCASIONS)[number]>;
  note: string | null;
  document: SourceDocument;
  days: DayDraft[];
}

/**
 * Checks a year's schedule (`holidays import FILE`, parsed from YAML or JSON): dates real and in the year (or the
 * last days of the year before, for Tết Dương lịch), no date twice, make-up days on weekends, and as many make-up days
 * as swapped days off (a swap without its make-up day is refused).
 */
export function checkHolidayImport(raw: unknown): EntryCheck<YearImport> {
  const parsed = importSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, problems: problemsOf(parsed.error) };
  const file = parsed.data;
  const problems: EntryProblem[] = [];
  const seen = new Map<string, string>();
  const all = [
    ...file.daysOff.map((d, i) => ({ ...d, field: `daysOff[${i}].date` })),
    ...file.makeUpWorkingDays.map((d, i) => ({ ...d, field: `makeUpWorkingDays[${i}].date` })),
  ];
  for (const d of all) {
    const y = Number(d.date.slice(0, 4));
    if (y !== file.year && y !== file.year - 1) {
      problems.push({ field: d.field, message: `${formatDmy(d.date)} không thuộc năm ${file.year} / not in the year` });
    }
    const first = seen.get(d.date);
    if (first) problems.push({ field: d.field, message: `trùng ngày với ${first} / duplicate of ${first}` });
    else seen.set(d.date, d.field);
  }
  file.makeUpWorkingDays.forEach((d, i) => {
    if (!isWeekend(parseIsoDate(d.date))) {
      problems.push({
        field: `makeUpWorkingDays[${i}].date`,
        message: `${formatDmy(d.date)} không phải thứ Bảy hoặc Chủ nhật / not a weekend day`,
      });
    }
  });
  const swaps = file.daysOff.filter((d) => d.kind === 'official-bridge').length;
  if (swaps !== file.makeUpWorkingDays.length) {
    problems.push({
      field: 'makeUpWorkingDays',
      message:
        `${swaps} ngày nghỉ hoán đổi nhưng ${file.makeUpWorkingDays.length} ngày làm bù: mỗi ngày hoán đổi cần ` +
        'đúng một ngày làm bù / each swapped day off needs one make-up day',
    });
  }
  if (problems.length > 0) return { ok: false, problems };
  const document = file.source;
  const source = formatSource(document);
  const base = { source, imported: true, year: file.year, document, pairedWith: null };
  return {
    ok: true,
    value: {
      year: file.year,
      occasions: file.occasions,
      note: file.note ?? null,
      document,
      days: [
        ...file.daysOff.map((d): DayDraft => ({
          ...base,
          date: d.date,
          kind: 'day-off',
          name: d.name,
          reason: d.kind,
        })),
        ...file.makeUpWorkingDays.map((d): DayDraft => ({
          ...base,
          date: d.date,
          kind: 'working-day',
          name: d.name,
          reason: null,
        })),
      ],
    },
  };
}
