/**
 * The official schedules: the Prime Minister's yearly decisions on Tết, the day next to 2/9 and swapped working days,
 * kept in ./holidays/official-YYYY.json with their source and validated when this module loads. Pure: the JSON is
 * bundled by import, not read from disk.
 */
import { z } from 'zod';

import official2014 from './holidays/official-2014.json';
import official2017 from './holidays/official-2017.json';
import official2018 from './holidays/official-2018.json';
import official2019 from './holidays/official-2019.json';
import official2020 from './holidays/official-2020.json';
import official2024 from './holidays/official-2024.json';
import official2025 from './holidays/official-2025.json';
import official2026 from './holidays/official-2026.json';
import { isWeekend, parseIsoDate } from './holiday-days';
import { fromJulianDayNumber } from './lunar-calendar';

// ---------------------------------------------------------------------------------------------------------------
// Official schedules

const OCCASIONS = ['new-year', 'lunar-new-year', 'hung-kings', 'reunification-labour', 'national-day'] as const;
export type Occasion = (typeof OCCASIONS)[number];

const isoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'ngày phải có dạng YYYY-MM-DD');

const officialScheduleSchema = z
  .object({
    year: z.number().int(),
    source: z.string().min(1),
    references: z.array(z.string().min(1)),
    occasions: z.array(z.enum(OCCASIONS)),
    note: z.string().optional(),
    daysOff: z.array(
      z
        .object({
          date: isoDateSchema,
          name: z.string().min(1),
          kind: z.enum(['holiday', 'compensatory', 'official-bridge']),
        })
        .strict(),
    ),
    makeUpWorkingDays: z.array(z.object({ date: isoDateSchema, name: z.string().min(1) }).strict()),
  })
  .strict();

export type OfficialSchedule = z.infer<typeof officialScheduleSchema>;

/**
 * Validates one official-YYYY.json file. Exported for tests; the module calls it on every bundled file at load, so a
 * bad edit to the data fails the first import instead of silently shifting a deadline.
 */
export function parseOfficialSchedule(raw: unknown, file: string): OfficialSchedule {
  // Vietnamese messages for this parse only: z.config() would change every other schema in the process.
  const result = officialScheduleSchema.safeParse(raw, { error: z.locales.vi().localeError });
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${formatPath(issue.path) || '(gốc)'}: ${issue.message}`);
    throw new Error(`Lịch nghỉ chính thức ${file} không hợp lệ: ${problems.join('; ')}`);
  }
  const schedule = result.data;
  const seen = new Set<string>();
  for (const entry of [...schedule.daysOff, ...schedule.makeUpWorkingDays]) {
    const jdn = parseIsoDate(entry.date, `Lịch nghỉ chính thức ${file}: ngày`);
    const { year } = fromJulianDayNumber(jdn);
    // A schedule may reach into the last days of the previous year (31/12/2018 was part of Tết Dương lịch 2019).
    if (year !== schedule.year && year !== schedule.year - 1) {
      throw new Error(`Lịch nghỉ chính thức ${file}: ngày ${entry.date} không thuộc năm ${schedule.year}`);
    }
    if (seen.has(entry.date)) {
      throw new Error(`Lịch nghỉ chính thức ${file}: ngày ${entry.date} xuất hiện hai lần`);
    }
    seen.add(entry.date);
  }
  for (const makeUp of schedule.makeUpWorkingDays) {
    if (!isWeekend(parseIsoDate(makeUp.date))) {
      throw new Error(`Lịch nghỉ chính thức ${file}: ngày làm bù ${makeUp.date} không phải thứ Bảy hoặc Chủ nhật`);
    }
  }
  return schedule;
}

/** `['daysOff', 2, 'date']` → `daysOff[2].date`. */
function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`)).join('');
}

export const OFFICIAL_SCHEDULES: ReadonlyMap<number, OfficialSchedule> = new Map(
  [
    parseOfficialSchedule(official2014, 'official-2014.json'),
    parseOfficialSchedule(official2017, 'official-2017.json'),
    parseOfficialSchedule(official2018, 'official-2018.json'),
    parseOfficialSchedule(official2019, 'official-2019.json'),
    parseOfficialSchedule(official2020, 'official-2020.json'),
    parseOfficialSchedule(official2024, 'official-2024.json'),
    parseOfficialSchedule(official2025, 'official-2025.json'),
    parseOfficialSchedule(official2026, 'official-2026.json'),
  ].map((schedule) => [schedule.year, schedule]),
);
