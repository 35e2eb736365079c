/**
 * The data the legal calendar computes with, as one immutable value: the official schedules shipped in
 * ./holidays/official-YYYY.json, overridden by the entries an admin stored at run time (`nhac-han holidays set|import`,
 * the web app's admin page). Pure: building a value does no I/O.
 *
 * How stored entries reach the calendar: a process reads them from PostgreSQL (src/services/holiday-store.ts), builds
 * a value with {@link buildCalendarData} and installs it with {@link installCalendarData}; every calendar function
 * then uses it unless its options name another value (`options.calendar`), which is how tests and the re-targeting
 * of running deadlines compare two calendars. Each value carries its own caches (keyed by the value), so installing a
 * new one can never serve a day computed from the old one. Workflows never compute dates (they receive instants),
 * so no workflow reads this changeable value.
 */
import { isWeekend, parseIsoDate, type DayOff } from './holiday-days';
import { deriveEstimateRules, type EstimateRules } from './holiday-estimate';
import { OFFICIAL_SCHEDULES, type Occasion, type OfficialSchedule } from './holiday-official';

/** One day an admin stored: a day off, or a working day (a make-up weekend day, or a weekday un-made a day off). */
export interface StoredDay {
  date: string;
  kind: 'day-off' | 'working-day';
  /** For a day off, why (as the shipped files say); ignored for a working day. */
  reason: 'holiday' | 'compensatory' | 'official-bridge' | null;
  name: string;
  /** The source document as shown to users: number, date and link. */
  source: string;
  /** True when the day came with a whole year's schedule (`holidays import`), which then replaces the shipped one. */
  imported: boolean;
  /** The schedule year the day belongs to (31/12 may belong to the next year's Tết Dương lịch). */
  year: number;
}

/** A whole year's schedule imported by an admin: which occasions it decides, and its source. */
export interface StoredYear {
  year: number;
  occasions: Occasion[];
  source: string;
  note: string | null;
}

export interface StoredCalendar {
  years: StoredYear[];
  days: StoredDay[];
  /** Changes as soon as anything stored changes (the last audit id); 'shipped' for none. */
  revision: string;
}

export interface CalendarData {
  /** The effective official schedule of each decided year: shipped, or imported by an admin. */
  readonly schedules: ReadonlyMap<number, OfficialSchedule>;
  readonly daysOff: ReadonlyMap<number, Readonly<DayOff>>;
  /** Make-up working days on weekends, with their names. */
  readonly makeUp: ReadonlyMap<number, string>;
  /** Weekdays an admin made working days again (a day off withdrawn): win over statute and shipped files. */
  readonly working: ReadonlySet<number>;
  /** The source of every official or stored day. */
  readonly sources: ReadonlyMap<number, string>;
  /** The dates that come from an admin's entry rather than the shipped files. */
  readonly stored: ReadonlySet<number>;
  readonly estimateRules: EstimateRules;
  readonly revision: string;
}

function scheduleOfStoredYear(year: StoredYear, days: StoredDay[]): OfficialSchedule {
  const own = days.filter((d) => d.imported && d.year === year.year);
  return {
    year: year.year,
    source: year.source,
    references: [],
    occasions: year.occasions,
    ...(year.note ? { note: year.note } : {}),
    daysOff: own
      .filter((d) => d.kind === 'day-off')
      .map((d) => ({ date: d.date, name: d.name, kind: d.reason ?? 'official-bridge' })),
    makeUpWorkingDays: own.filter((d) => d.kind === 'working-day').map((d) => ({ date: d.date, name: d.name })),
  };
}

/**
 * The calendar data of shipped schedules overridden by stored ones: an imported year replaces the shipped schedule of
 * that year; a single stored day wins over whatever the schedules and the statute say for its date.
 *
 * @example
 * const data = buildCalendarData(OFFICIAL_SCHEDULES.values(), { years: [], days: [swap, makeUp], revision: '7' });
 * isWorkingDay('2027-04-30', { calendar: data });
 */
export function buildCalendarData(shipped: Iterable<OfficialSchedule>, stored?: StoredCalendar): CalendarData {
  const schedules = new Map<number, OfficialSchedule>([...shipped].map((s) => [s.year, s]));
  const days = stored?.days ?? [];
  for (const year of stored?.years ?? []) schedules.set(year.year, scheduleOfStoredYear(year, days));

  const daysOff = new Map<number, Readonly<DayOff>>();
  const makeUp = new Map<number, string>();
  const sources = new Map<number, string>();
  const storedDates = new Set<number>();
  for (const schedule of schedules.values()) {
    for (const d of schedule.daysOff) {
      const jdn = parseIsoDate(d.date);
      daysOff.set(jdn, Object.freeze({ date: d.date, name: d.name, kind: d.kind }));
      sources.set(jdn, schedule.source);
    }
    for (const d of schedule.makeUpWorkingDays) {
      const jdn = parseIsoDate(d.date);
      makeUp.set(jdn, d.name);
      sources.set(jdn, schedule.source);
    }
  }
  const working = new Set<number>();
  const importedYears = new Set((stored?.years ?? []).map((y) => y.year));
  for (const d of days) {
    const jdn = parseIsoDate(d.date);
    storedDates.add(jdn);
    sources.set(jdn, d.source);
    if (d.imported && importedYears.has(d.year)) continue; // already in its year's schedule
    if (d.kind === 'day-off') {
      daysOff.set(jdn, Object.freeze({ date: d.date, name: d.name, kind: d.reason ?? 'official-bridge' }));
      makeUp.delete(jdn);
      working.delete(jdn);
    } else {
      daysOff.delete(jdn);
      if (isWeekend(jdn)) makeUp.set(jdn, d.name);
      else working.add(jdn);
    }
  }
  return Object.freeze({
    schedules,
    daysOff,
    makeUp,
    working,
    sources,
    stored: storedDates,
    estimateRules: deriveEstimateRules(schedules.values()),
    revision: stored?.revision ?? 'shipped',
  });
}

/** The shipped schedules alone: what every process computes with until stored entries are installed. */
export const SHIPPED_CALENDAR: CalendarData = buildCalendarData(OFFICIAL_SCHEDULES.values());

let installed: CalendarData = SHIPPED_CALENDAR;

/**
 * Makes `data` the calendar every function uses when its options name none. Called at process start and whenever
 * the stored entries changed (src/services/holiday-store.ts); never by workflow code.
 */
export function installCalendarData(data: CalendarData): void {
  installed = data;
}

/** The installed calendar data (the shipped schedules until something else is installed). */
export function installedCalendarData(): CalendarData {
  return installed;
}
