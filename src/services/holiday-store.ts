/**
 * The legal calendar's stored entries: read, checked and written in one transaction with their audit row, and
 * installed into the process's calendar (src/domain/calendar-data.ts). Admin entries win over the shipped files.
 *
 * Writers take a transaction-scoped advisory lock, so two admins' changes are checked one after the other against
 * what the other wrote. A refused entry or a failed write leaves the stored schedule as it was.
 */
import type { PrismaClient } from '../db/prisma';
import {
  buildCalendarData,
  installCalendarData,
  installedCalendarData,
  type CalendarData,
  type StoredCalendar,
  type StoredDay,
} from '../domain/calendar-data';
import {
  checkHolidayImport,
  checkHolidaySet,
  formatSource,
  type DayDraft,
  type EntryProblem,
} from '../domain/holiday-entry';
import type { Occasion } from '../domain/holiday-official';
import { OFFICIAL_SCHEDULES } from '../domain/holiday-official';

type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];
type Db = PrismaClient | Tx;

/** Refused: nothing was written. Each problem prints as `<field>: <message>`. */
export class HolidayEntryError extends Error {
  constructor(readonly problems: EntryProblem[]) {
    super(problems.map((p) => `${p.field}: ${p.message}`).join('\n'));
    this.name = 'HolidayEntryError';
  }
}

interface EntryRow {
  date: string;
  year: number;
  kind: string;
  reason: string | null;
  name: string;
  sourceNumber: string;
  sourceDate: string;
  sourceLink: string;
  pairedWith: string | null;
  imported: boolean;
  createdBy: string;
}

function storedDayOf(row: EntryRow): StoredDay {
  return {
    date: row.date,
    kind: row.kind === 'working-day' ? 'working-day' : 'day-off',
    reason:
      row.reason === 'holiday' || row.reason === 'compensatory' || row.reason === 'official-bridge' ? row.reason : null,
    name: row.name,
    source: formatSource({ number: row.sourceNumber, date: row.sourceDate, link: row.sourceLink }),
    imported: row.imported,
    year: row.year,
  };
}

/** The stored revision: the last audit id, so any change (also from another process) is seen. */
export async function calendarRevision(db: Db): Promise<string> {
  const last = await db.holidayChange.findFirst({ orderBy: { id: 'desc' }, select: { id: true } });
  return last ? String(last.id) : 'shipped';
}

export async function loadStoredCalendar(db: Db): Promise<StoredCalendar> {
  const [years, entries, revision] = await Promise.all([
    db.holidayYear.findMany({ orderBy: { year: 'asc' } }),
    db.holidayEntry.findMany({ orderBy: { date: 'asc' } }),
    calendarRevision(db),
  ]);
  return {
    years: years.map((y) => ({
      year: y.year,
      occasions: y.occasions as Occasion[],
      source: formatSource({ number: y.sourceNumber, date: y.sourceDate, link: y.sourceLink }),
      note: y.note,
    })),
    days: entries.map(storedDayOf),
    revision,
  };
}

export async function loadCalendarData(db: Db): Promise<CalendarData> {
  return buildCalendarData(OFFICIAL_SCHEDULES.values(), await loadStoredCalendar(db));
}

/** Reads the stored entries and installs them: what a service does before it computes dates (apply, extend). */
export async function installStoredCalendar(db: Db): Promise<CalendarData> {
  const data = await loadCalendarData(db);
  installCalendarData(data);
  return data;
}

/**
 * Installs the stored calendar when it changed since the installed one (one small query otherwise): called by
 * every process before it computes dates, so a change made elsewhere is seen by the next computation.
 */
export function createCalendarRefresher(
  prisma: PrismaClient,
  options: {
    /** Skip the check when the last one is younger than this. (Default: 0, check every time.) */
    maxAgeMs?: number;
    now?: () => number;
  } = {},
): (force?: boolean) => Promise<CalendarData> {
  const now = options.now ?? Date.now;
  let checkedAt = -Infinity;
  return async (force = false) => {
    if (!force && now() - checkedAt < (options.maxAgeMs ?? 0)) return installedCalendarData();
    checkedAt = now();
    const revision = await calendarRevision(prisma);
    if (revision !== installedCalendarData().revision) installCalendarData(await loadCalendarData(prisma));
    return installedCalendarData();
  };
}

export interface CalendarChange {
  id: number;
  /** When it was stored (with the id, it names the notice workflow). */
  at: Date;
  actor: string;
  action: 'set' | 'remove' | 'import';
  year: number;
  dates: string[];
  /** The calendar before and after, to recompute what depends on it. */
  before: CalendarData;
  after: CalendarData;
}

async function lock(tx: Tx): Promise<void> {
  await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtext('nhac-han:holiday-calendar'))`);
}

function rowOf(d: DayDraft, actor: string): EntryRow {
  return {
    date: d.date,
    year: d.year,
    kind: d.kind,
    reason: d.kind === 'day-off' ? d.reason : null,
    name: d.name,
    sourceNumber: d.document.number,
    sourceDate: d.document.date,
    sourceLink: d.document.link,
    pairedWith: d.pairedWith,
    imported: d.imported,
    createdBy: actor,
  };
}

const TX = { timeout: 30_000, maxWait: 15_000 } as const;

async function change(
  prisma: PrismaClient,
  actor: string,
  action: CalendarChange['action'],
  write: (tx: Tx, before: CalendarData) => Promise<{ year: number; dates: string[]; before: EntryRow[] }>,
): Promise<CalendarChange> {
  if (!actor.trim()) throw new HolidayEntryError([{ field: 'by', message: 'thiếu người thay đổi / who is required' }]);
  const result = await prisma.$transaction(async (tx) => {
    await lock(tx);
    const storedBefore = await loadStoredCalendar(tx);
    const before = buildCalendarData(OFFICIAL_SCHEDULES.values(), storedBefore);
    const done = await write(tx, before);
    const after = await tx.holidayEntry.findMany({ where: { date: { in: done.dates } }, orderBy: { date: 'asc' } });
    // The audit row is written last in the transaction: if it fails, nothing above stays.
    const row = await tx.holidayChange.create({
      data: {
        actor,
        action,
        year: done.year,
        dates: done.dates,
        before: done.before as never,
        after: after as never,
        storedBefore: storedBefore as never,
      },
    });
    // Read after the audit row, whose id is the new revision.
    const storedAfter = await loadStoredCalendar(tx);
    await tx.holidayChange.update({ where: { id: row.id }, data: { storedAfter: storedAfter as never } });
    return {
      id: row.id,
      at: row.at,
      year: done.year,
      dates: done.dates,
      before,
      after: buildCalendarData(OFFICIAL_SCHEDULES.values(), storedAfter),
    };
  }, TX);
  installCalendarData(result.after);
  return { ...result, actor, action };
}

/** `holidays set`: one day (two for a swap), checked against the current calendar; refused with its problems. */
export async function setHoliday(prisma: PrismaClient, raw: unknown, actor: string): Promise<CalendarChange> {
  return change(prisma, actor, 'set', async (tx, before) => {
    const stored = new Set((await tx.holidayEntry.findMany({ select: { date: true } })).map((r) => r.date));
    const checked = checkHolidaySet(raw, before, stored);
    if (!checked.ok) throw new HolidayEntryError(checked.problems);
    for (const d of checked.value) await tx.holidayEntry.create({ data: rowOf(d, actor) });
    return { year: checked.value[0]!.year, dates: checked.value.map((d) => d.date), before: [] };
  });
}

/** `holidays remove --date D`: the stored entry (and its swap partner) go; the shipped files apply again. */
export async function removeHoliday(prisma: PrismaClient, date: string, actor: string): Promise<CalendarChange> {
  return change(prisma, actor, 'remove', async (tx) => {
    const row = await tx.holidayEntry.findUnique({ where: { date } });
    if (!row) {
      throw new HolidayEntryError([
        { field: 'date', message: `không có mục lưu cho ngày ${date} / no stored entry for that date` },
      ]);
    }
    const dates = [date, ...(row.pairedWith ? [row.pairedWith] : [])];
    const rows = await tx.holidayEntry.findMany({ where: { date: { in: dates } } });
    await tx.holidayEntry.deleteMany({ where: { date: { in: dates } } });
    return { year: row.year, dates, before: rows };
  });
}

/** `holidays import FILE`: a year's schedule replaces that year's stored entries and its shipped file, whole. */
export async function importHolidayYear(prisma: PrismaClient, raw: unknown, actor: string): Promise<CalendarChange> {
  return change(prisma, actor, 'import', async (tx) => {
    const checked = checkHolidayImport(raw);
    if (!checked.ok) throw new HolidayEntryError(checked.problems);
    const y = checked.value;
    const dates = y.days.map((d) => d.date);
    const previous = await tx.holidayEntry.findMany({ where: { OR: [{ year: y.year }, { date: { in: dates } }] } });
    await tx.holidayEntry.deleteMany({ where: { date: { in: previous.map((r) => r.date) } } });
    const doc = { sourceNumber: y.document.number, sourceDate: y.document.date, sourceLink: y.document.link };
    await tx.holidayYear.upsert({
      where: { year: y.year },
      create: { year: y.year, occasions: y.occasions, note: y.note, ...doc, importedBy: actor },
      update: { occasions: y.occasions, note: y.note, ...doc, importedBy: actor, importedAt: new Date() },
    });
    if (y.days.length > 0) await tx.holidayEntry.createMany({ data: y.days.map((d) => rowOf(d, actor)) });
    return { year: y.year, dates: [...new Set([...previous.map((r) => r.date), ...dates])].sort(), before: previous };
  });
}

export interface StoredEntryView extends EntryRow {
  createdAt: string;
}

/** `holidays list [--year Y]`: the stored entries with who entered them and their source document. */
export async function listStoredHolidays(prisma: PrismaClient, year?: number): Promise<StoredEntryView[]> {
  const rows = await prisma.holidayEntry.findMany({
    where: year === undefined ? {} : { year },
    orderBy: { date: 'asc' },
  });
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}

/** The audit, newest first: who changed which dates, when, and what it moved. */
export async function listHolidayChanges(prisma: PrismaClient, take = 50) {
  return prisma.holidayChange.findMany({ orderBy: { id: 'desc' }, take });
}

/**
 * The changes whose running deadlines are not all re-targeted yet (Temporal was unreachable, the process stopped),
 * oldest first, rebuilt with the two calendars they were made between: re-targeting them in order finishes the job.
 */
export async function pendingCalendarChanges(prisma: PrismaClient): Promise<CalendarChange[]> {
  const rows = await prisma.holidayChange.findMany({
    where: { retargetedAt: null },
    orderBy: { id: 'asc' },
  });
  // (Changes from before the snapshots existed were marked re-targeted by their migration.)
  return rows
    .filter((r) => r.storedBefore !== null && r.storedAfter !== null)
    .map((r) => ({
      id: r.id,
      at: r.at,
      actor: r.actor,
      action: r.action as CalendarChange['action'],
      year: r.year,
      dates: r.dates,
      before: buildCalendarData(OFFICIAL_SCHEDULES.values(), r.storedBefore as unknown as StoredCalendar),
      after: buildCalendarData(OFFICIAL_SCHEDULES.values(), r.storedAfter as unknown as StoredCalendar),
    }));
}
