import { formatDmy } from '../../domain/deadline-rules';
import { calendarEntriesOfYear, calendarSources } from '../../domain/holiday-calendar';

/**
 * `holidays --year Y [--json]`: the days that differ from a plain Monday–Friday week. Plain weekends are left out;
 * official make-up Saturdays are listed, as `kind: "working-day"`, because they are the weekends that are not off.
 */
export function holidaysCommand(opts: { year: number; json?: boolean }): void {
  const entries = calendarEntriesOfYear(opts.year);
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
  console.log(`Ngày nghỉ năm ${opts.year} (ngoài thứ Bảy, Chủ nhật) và ngày làm bù:`);
  // Make-up days need no marker: their names already say "Làm bù cho ngày …".
  for (const e of entries) console.log(`  ${formatDmy(e.date).padEnd(11)} ${e.name}`);
  const sources = calendarSources(opts.year);
  if (sources.length > 0) console.log(`Nguồn: ${sources.join('; ')}`);
}
