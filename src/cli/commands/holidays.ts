import { formatDmy } from '../../domain/deadline-rules';
import { calendarSources, nonWorkingDaysOfYear } from '../../domain/holiday-calendar';

export function holidaysCommand(opts: { year: number; json?: boolean }): void {
  const days = nonWorkingDaysOfYear(opts.year);
  if (opts.json) {
    console.log(
      JSON.stringify(
        days.map((d) => ({ date: d.date, name: d.name, kind: d.kind })),
        null,
        2,
      ),
    );
    return;
  }
  console.log(`Ngày nghỉ năm ${opts.year} (ngoài thứ Bảy, Chủ nhật):`);
  for (const d of days) console.log(`  ${formatDmy(d.date).padEnd(11)} ${d.name}`);
  const sources = calendarSources(opts.year);
  if (sources.length > 0) console.log(`Nguồn: ${sources.join('; ')}`);
}
