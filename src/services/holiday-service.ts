/**
 * One admin change of the legal calendar, end to end: checked and stored with its audit row (holiday-store.ts),
 * written to the audit log, then the running deadlines it moves re-targeted and their coordinators told
 * (holiday-retarget.ts). The CLI and the web app both call this.
 */
import type { Client } from '@temporalio/client';
import type { PrismaClient } from '../db/prisma';
import { recordAudit } from './audit-log';
import { importHolidayYear, removeHoliday, setHoliday, type CalendarChange } from './holiday-store';
import { retargetPendingChanges, type RetargetReport } from './holiday-retarget';

export type HolidayAction =
  { type: 'set'; input: unknown } | { type: 'remove'; date: string } | { type: 'import'; schedule: unknown };

export interface HolidayChangeReport {
  change: Omit<CalendarChange, 'before' | 'after'>;
  retarget: RetargetReport;
}

export async function changeHolidays(
  deps: { prisma: PrismaClient; temporal: Client; taskQueue: string },
  actor: string,
  action: HolidayAction,
): Promise<HolidayChangeReport> {
  const change =
    action.type === 'set'
      ? await setHoliday(deps.prisma, action.input, actor)
      : action.type === 'remove'
        ? await removeHoliday(deps.prisma, action.date, actor)
        : await importHolidayYear(deps.prisma, action.schedule, actor);
  await recordAudit(deps.prisma, {
    actor,
    action: `holidays.${action.type}`,
    target: `holiday-change/${change.id}`,
    detail: { year: change.year, dates: change.dates },
  });
  try {
    // Oldest first: a change left half done before this one is finished with its own two calendars, so this one's
    // "before" (which includes it) finds the rows where it expects them.
    const reports = await retargetPendingChanges(deps);
    const retarget = reports.find((r) => r.changeId === change.id) ?? {
      changeId: change.id,
      moved: [],
      rescheduled: 0,
      plans: [],
      cyclesTold: 0,
    };
    const { before: _b, after: _a, ...rest } = change;
    return { change: rest, retarget };
  } catch (err) {
    throw new RetargetError(change.id, err);
  }
}

/** The change is stored, but not every running deadline could be moved (Temporal unreachable mid-way). */
export class RetargetError extends Error {
  constructor(
    readonly changeId: number,
    cause: unknown,
  ) {
    super(
      `temporal: lịch nghỉ đã lưu (thay đổi số ${changeId}) nhưng chưa dời xong các hạn đang chạy ` +
        `(${cause instanceof Error ? cause.message : String(cause)}); chạy \`nhac-han holidays retarget\` để dời tiếp ` +
        `(ứng dụng web cũng tự dời tiếp khi khởi động) / stored, but running deadlines not all moved: ` +
        `run \`nhac-han holidays retarget\` to finish`,
      { cause },
    );
  }
}
