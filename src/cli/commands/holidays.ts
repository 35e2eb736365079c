/**
 * `holidays --year Y [--json]`: the days that differ from a plain Monday–Friday week, and the admin's commands that
 * change them: `holidays set`, `holidays remove`, `holidays import FILE`, `holidays list`. Stored entries win over
 * the shipped files; with no running Nhắc Hạn (no database), `holidays --year` shows the shipped calendar and says so.
 */
import fs from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { formatDmy } from '../../domain/deadline-rules';
import { calendarEntriesOfYear, calendarSources } from '../../domain/holiday-calendar';
import { formatSource } from '../../domain/holiday-entry';
import { loadConfig } from '../../config';
import type { PrismaClient } from '../../db/prisma';
import { firstLine, withDatabaseAndTemporal } from '../../runtime/endpoints';
import { HolidayEntryError, listStoredHolidays } from '../../services/holiday-store';
import { changeHolidays, RetargetError, type HolidayAction } from '../../services/holiday-service';
import { retargetPendingChanges, type RetargetReport } from '../../services/holiday-retarget';
import { recordAudit } from '../../services/audit-log';
import { CliError } from '../cli-error';
import { cliActor } from '../cli-actor';
import { withDatabase, withStoredCalendar } from './stored-calendar';

export async function holidaysCommand(opts: { year?: number; json?: boolean }): Promise<void> {
  if (opts.year === undefined) throw new CliError('year: cần --year Y / --year is required');
  const year = opts.year;
  await withStoredCalendar(() => {
    const entries = calendarEntriesOfYear(year);
    if (opts.json) {
      console.log(
        JSON.stringify(
          entries.map((e) => ({ date: e.date, name: e.name, kind: e.kind, reason: e.reason, source: e.source })),
          null,
          2,
        ),
      );
      return;
    }
    console.log(`Ngày nghỉ năm ${year} (ngoài thứ Bảy, Chủ nhật) và ngày làm bù:`);
    // Make-up days need no marker: their names already say "Làm bù cho ngày …".
    for (const e of entries) console.log(`  ${formatDmy(e.date).padEnd(11)} ${e.name}`);
    const sources = calendarSources(year);
    if (sources.length > 0) console.log(`Nguồn: ${sources.join('; ')}`);
  });
}

async function runChange(action: HolidayAction, by: string | undefined): Promise<void> {
  const actor = cliActor(by).actor;
  try {
    const report = await withDatabaseAndTemporal(({ prisma, client, ep }) =>
      changeHolidays({ prisma, temporal: client, taskQueue: ep.taskQueue }, actor, action),
    );
    const { change, retarget } = report;
    console.log(
      `Đã lưu thay đổi số ${change.id} (${change.action}, ${change.dates.map(formatDmy).join(', ')}) bởi ${actor}. ` +
        `${retarget.moved.length} hạn đang mở được dời (${retarget.rescheduled} workflow nhận lịch mới); ` +
        `${retarget.plans.length} kế hoạch được báo. / stored; ${retarget.moved.length} open deadline(s) moved`,
    );
  } catch (err) {
    if (err instanceof HolidayEntryError) throw new CliError(err.message);
    if (err instanceof RetargetError) throw new CliError(err.message);
    if (err instanceof CliError || (err instanceof Error && err.name === 'StartupError')) throw err;
    throw new CliError(
      `database: không ghi được lịch nghỉ, lịch đã lưu không thay đổi (${firstLine(err)}) / nothing was changed`,
    );
  }
}

export interface HolidaySetOptions {
  date?: string;
  kind?: string;
  name?: string;
  source?: string;
  sourceDate?: string;
  sourceLink?: string;
  makeUp?: string;
  makeUpName?: string;
  reason?: string;
  by?: string;
}

export async function holidaysSet(opts: HolidaySetOptions): Promise<void> {
  const { by, ...input } = opts;
  const defined = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
  await runChange({ type: 'set', input: defined }, by);
}

export async function holidaysRemove(opts: { date?: string; by?: string }): Promise<void> {
  if (!opts.date) throw new CliError('date: cần --date YYYY-MM-DD / --date is required');
  await runChange({ type: 'remove', date: opts.date }, opts.by);
}

export async function holidaysImport(file: string, opts: { by?: string }): Promise<void> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new CliError(`file: không đọc được tệp ${file} / cannot read file`, 2);
  }
  let schedule: unknown;
  try {
    schedule = parseYaml(text);
  } catch (err) {
    throw new CliError(`file: ${file} không phải YAML hoặc JSON hợp lệ (${firstLine(err)}) / not YAML or JSON`);
  }
  await runChange({ type: 'import', schedule }, opts.by);
}

export async function holidaysList(opts: { year?: number; json?: boolean }): Promise<void> {
  const rows = await withDatabase((prisma: PrismaClient) => listStoredHolidays(prisma, opts.year), loadConfig());
  if (opts.json) {
    console.log(JSON.stringify(rows, null, 2));
    return;
  }
  if (rows.length === 0) {
    console.log('Chưa có mục nào được lưu; lịch dùng các tệp đi kèm phần mềm. / no stored entries');
    return;
  }
  for (const r of rows) {
    const what = r.kind === 'day-off' ? 'nghỉ' : 'làm việc';
    console.log(
      `  ${formatDmy(r.date).padEnd(11)} ${what.padEnd(9)} ${r.name} — ` +
        `${formatSource({ number: r.sourceNumber, date: r.sourceDate, link: r.sourceLink })}; ${r.createdBy}, ${r.createdAt}`,
    );
  }
}

/** `holidays retarget`: finishes the changes whose running deadlines were not all moved (see RetargetError). */
export async function holidaysRetarget(opts: { by?: string } = {}): Promise<void> {
  let reports: RetargetReport[];
  try {
    reports = await withDatabaseAndTemporal(async ({ prisma, client, ep }) => {
      const finished = await retargetPendingChanges({ prisma, temporal: client, taskQueue: ep.taskQueue });
      // One row per change finished, naming it; what each moved is on the change itself.
      for (const r of finished)
        await recordAudit(prisma, {
          actor: cliActor(opts.by).actor,
          action: 'holidays.retarget',
          target: `holiday-change/${r.changeId}`,
          detail: { moved: r.moved.length, rescheduled: r.rescheduled },
        });
      return finished;
    });
  } catch (err) {
    if (err instanceof CliError || (err instanceof Error && err.name === 'StartupError')) throw err;
    throw new CliError(`temporal: chưa dời xong, chạy lại sau / not finished, run it again (${firstLine(err)})`);
  }
  if (reports.length === 0) {
    console.log('Không có thay đổi lịch nghỉ nào đang chờ dời hạn. / nothing to finish');
    return;
  }
  for (const r of reports) {
    console.log(
      `Thay đổi số ${r.changeId}: ${r.moved.length} hạn đang mở đã dời (${r.rescheduled} workflow nhận lịch mới lần này); ` +
        `${r.plans.length} kế hoạch được báo. / finished`,
    );
  }
}
