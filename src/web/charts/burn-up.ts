/**
 * Burn-up of one obligation: reports received over time (a step line) against the number owed and the deadline
 * (a dashed vertical line). The model is a pure function of the assignments' dates; the SVG is drawn from it.
 */
import { formatShortDate } from '../../domain/vietnamese-format';
import { rect, svgDocument, text, type Svg } from './svg';

export interface BurnUpModel {
  obligationId: string;
  title: string;
  dueDate: string;
  expected: number;
  /** Cumulative count at each date a report arrived, in date order. */
  points: { date: string; received: number }[];
  from: string;
  to: string;
}

const DAY = 86_400_000;
const ms = (d: string) => Date.parse(`${d}T00:00:00Z`);
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);

/** `submitted`: the local date each report arrived (null for one not received; excused rows are left out). */
export function burnUpModel(o: {
  obligationId: string;
  title: string;
  dueDate: string;
  submitted: readonly (string | null)[];
}): BurnUpModel {
  const dates = o.submitted.filter((d): d is string => d !== null).sort();
  const points: BurnUpModel['points'] = [];
  dates.forEach((d, i) => {
    const last = points[points.length - 1];
    if (last?.date === d) last.received = i + 1;
    else points.push({ date: d, received: i + 1 });
  });
  const first = dates[0] ?? o.dueDate;
  const lastDate = dates[dates.length - 1] ?? o.dueDate;
  const from = iso(Math.min(ms(first), ms(o.dueDate) - 14 * DAY));
  const to = iso(Math.max(ms(lastDate), ms(o.dueDate)) + 7 * DAY);
  return {
    obligationId: o.obligationId,
    title: o.title,
    dueDate: o.dueDate,
    expected: o.submitted.length,
    points,
    from,
    to,
  };
}

export function burnUpSvg(m: BurnUpModel, id: string): Svg {
  const [W, H, L, R, T, B] = [640, 240, 48, 16, 20, 40];
  const x = (d: string) => L + ((ms(d) - ms(m.from)) / (ms(m.to) - ms(m.from))) * (W - L - R);
  const y = (n: number) => H - B - (n / Math.max(1, m.expected)) * (H - T - B);
  let path = `M${x(m.from).toFixed(1)},${y(0).toFixed(1)}`;
  for (const p of m.points) path += ` H${x(p.date).toFixed(1)} V${y(p.received).toFixed(1)}`;
  path += ` H${x(m.to).toFixed(1)}`;
  const onTime = m.points.filter((p) => p.date <= m.dueDate).pop()?.received ?? 0;
  const total = m.points[m.points.length - 1]?.received ?? 0;
  const body =
    rect(L, T, W - L - R, H - T - B, '#fff', ' stroke="#c8c8c8"') +
    `<line x1="${L}" x2="${W - R}" y1="${y(m.expected)}" y2="${y(m.expected)}" stroke="#555" stroke-dasharray="2 3"/>` +
    text(L + 4, y(m.expected) - 4, `Phải nộp: ${m.expected}`, { size: 11 }) +
    `<line x1="${x(m.dueDate).toFixed(1)}" x2="${x(m.dueDate).toFixed(1)}" y1="${T}" y2="${H - B}" stroke="#7a0f0f" stroke-width="2" stroke-dasharray="6 3"/>` +
    text(x(m.dueDate) + 4, T + 12, `Hạn ${formatShortDate(m.dueDate)}`, { size: 11, bold: true }) +
    `<path d="${path}" fill="none" stroke="#0b4f9c" stroke-width="2.5"/>` +
    m.points
      .map((p) => `<circle cx="${x(p.date).toFixed(1)}" cy="${y(p.received).toFixed(1)}" r="3" fill="#0b4f9c"/>`)
      .join('') +
    text(L, H - B + 16, formatShortDate(m.from), { size: 11 }) +
    text(W - R, H - B + 16, formatShortDate(m.to), { size: 11, anchor: 'end' }) +
    text(L - 6, y(0) + 4, '0', { size: 11, anchor: 'end' }) +
    text(L - 6, y(m.expected) + 4, String(m.expected), { size: 11, anchor: 'end' }) +
    text(W / 2, H - 6, 'Ngày nhận báo cáo', { size: 11, anchor: 'middle' });
  return svgDocument({
    id,
    width: W,
    height: H,
    title: `${m.title}: báo cáo đã nhận theo thời gian`,
    desc: `Đã nhận ${total}/${m.expected} báo cáo; ${onTime} trước hoặc đúng hạn ${formatShortDate(m.dueDate)}.`,
    body,
  });
}
