/**
 * The year's deadlines and campaign days on twelve month grids (Monday first), with the legal calendar's days off
 * (holidays, weekends) and make-up working days. Each kind has its own shape or letter besides its colour:
 * a deadline a thick outline and "H", a campaign day a bar under the number, a holiday hatching and "N", a make-up
 * working day "B".
 */
import { calendarEntriesOfYear, isWorkingDay, type CalendarOptions } from '../../domain/holiday-calendar';
import { formatShortDate } from '../../domain/vietnamese-format';
import { esc, rect, svgDocument, text, type Svg } from './svg';

export interface MarkedDay {
  date: string;
  deadlines: string[];
  campaigns: string[];
  /** A holiday's name (weekends are not listed). */
  holiday: string | null;
  /** A make-up working day's name. */
  makeUp: string | null;
}

export interface MonthGridModel {
  year: number;
  /** Every day of the year with its marks and whether it is a working day. */
  days: (MarkedDay & { working: boolean })[];
}

const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

export function monthGridModel(o: {
  year: number;
  deadlines: readonly { date: string; title: string }[];
  campaigns: readonly { from: string; to: string; name: string }[];
  calendar?: CalendarOptions;
}): MonthGridModel {
  const entries = new Map(calendarEntriesOfYear(o.year, o.calendar).map((e) => [e.date, e]));
  const days: MonthGridModel['days'] = [];
  for (let m = 1; m <= 12; m++) {
    const len = new Date(Date.UTC(o.year, m, 0)).getUTCDate();
    for (let d = 1; d <= len; d++) {
      const date = iso(o.year, m, d);
      const e = entries.get(date);
      days.push({
        date,
        working: isWorkingDay(date, o.calendar),
        deadlines: [...new Set(o.deadlines.filter((x) => x.date === date).map((x) => x.title))],
        campaigns: o.campaigns.filter((c) => c.from <= date && date <= c.to).map((c) => c.name),
        holiday: e?.kind === 'day-off' && e.reason !== 'weekend' ? e.name : null,
        makeUp: e?.kind === 'working-day' ? e.name : null,
      });
    }
  }
  return { year: o.year, days };
}

/** The days with a deadline, a holiday or a make-up day, for the table beside the chart (campaigns are listed apart). */
export function markedDays(m: MonthGridModel): MarkedDay[] {
  return m.days.filter((d) => d.deadlines.length > 0 || d.holiday !== null || d.makeUp !== null);
}

export function monthGridSvg(m: MonthGridModel, id: string): Svg {
  const [CELL, MW, MH, COLS] = [22, 7 * 22 + 16, 7 * 22 + 30, 4];
  let body = '';
  for (let month = 1; month <= 12; month++) {
    const ox = ((month - 1) % COLS) * MW + 8;
    const oy = Math.floor((month - 1) / COLS) * MH + 8;
    body += text(ox + (7 * CELL) / 2, oy + 12, `Tháng ${month}`, { anchor: 'middle', bold: true });
    ['T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'CN'].forEach(
      (w, i) => (body += text(ox + i * CELL + CELL / 2, oy + 26, w, { anchor: 'middle', size: 9 })),
    );
    const monthDays = m.days.filter((d) => d.date.slice(5, 7) === String(month).padStart(2, '0'));
    const firstDow = (new Date(`${monthDays[0]?.date ?? ''}T00:00:00Z`).getUTCDay() + 6) % 7;
    monthDays.forEach((d, i) => {
      const pos = firstDow + i;
      const cx = ox + (pos % 7) * CELL;
      const cy = oy + 30 + Math.floor(pos / 7) * CELL;
      const fill = d.holiday ? 'url(#p-excused)' : d.working ? '#fff' : '#ececec';
      const outline = d.deadlines.length > 0 ? ' stroke="#7a0f0f" stroke-width="2.5"' : ' stroke="#d0d0d0"';
      const label = `${formatShortDate(d.date)}${d.deadlines.length ? ` – hạn: ${d.deadlines.join('; ')}` : ''}${d.holiday ? ` – nghỉ: ${d.holiday}` : ''}${d.makeUp ? ` – làm bù` : ''}${d.campaigns.length ? ` – ${d.campaigns.join('; ')}` : ''}`;
      body += `<g><title>${esc(label)}</title>${rect(cx + 1, cy + 1, CELL - 2, CELL - 2, fill, outline)}`;
      body += text(cx + CELL / 2, cy + 14, String(Number(d.date.slice(8))), {
        anchor: 'middle',
        size: 10,
        bold: d.deadlines.length > 0,
      });
      if (d.campaigns.length > 0) body += rect(cx + 3, cy + CELL - 5, CELL - 6, 3, '#1e6b2a');
      const letter = d.deadlines.length > 0 ? 'H' : d.holiday ? 'N' : d.makeUp ? 'B' : '';
      if (letter) body += text(cx + CELL - 3, cy + 8, letter, { anchor: 'end', size: 7, bold: true });
      body += '</g>';
    });
  }
  const deadlines = m.days.filter((d) => d.deadlines.length > 0).length;
  const holidays = m.days.filter((d) => d.holiday).length;
  const campaignDays = m.days.filter((d) => d.campaigns.length > 0).length;
  return svgDocument({
    id,
    width: COLS * MW + 16,
    height: 3 * MH + 16,
    title: `Lịch năm ${m.year}: hạn báo cáo, đợt cao điểm, ngày nghỉ`,
    desc: `${deadlines} ngày có hạn báo cáo (ô viền đậm, chữ H), ${campaignDays} ngày trong đợt cao điểm (vạch xanh dưới số), ${holidays} ngày nghỉ lễ (ô gạch, chữ N), ngày làm bù có chữ B.`,
    body,
  });
}
