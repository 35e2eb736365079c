/**
 * Each agency's punctuality across cycles and plans: one mark per obligation it owed (oldest first), on time, late
 * by how many days, excused, or not received. Each state has its own pattern and a label, not only a colour.
 */
import { rect, svgDocument, text, type Svg } from './svg';

export type PunctualityKind = 'on-time' | 'late' | 'excused' | 'missing' | 'open';

export interface PunctualityMark {
  label: string;
  dueDate: string;
  kind: PunctualityKind;
  daysLate: number | null;
}

export interface PunctualityRow {
  agencyCode: string;
  agencyName: string;
  marks: PunctualityMark[];
  onTime: number;
  late: number;
}

const DAY = 86_400_000;

/** One row per agency (in the order given); `asOf` is the local date "not received" is counted to. */
export function punctualityModel(
  agencies: readonly { code: string; name: string }[],
  rows: readonly { agencyCode: string; label: string; dueDate: string; state: string; submittedDate: string | null }[],
  asOf: string,
): PunctualityRow[] {
  return agencies.map((a) => {
    const marks = rows
      .filter((r) => r.agencyCode === a.code)
      .sort((x, y) => x.dueDate.localeCompare(y.dueDate))
      .map((r): PunctualityMark => {
        const days = (to: string) => Math.max(0, Math.round((Date.parse(to) - Date.parse(r.dueDate)) / DAY));
        if (r.state === 'excused') return { label: r.label, dueDate: r.dueDate, kind: 'excused', daysLate: null };
        if (r.submittedDate !== null) {
          const d = days(r.submittedDate);
          return { label: r.label, dueDate: r.dueDate, kind: d > 0 ? 'late' : 'on-time', daysLate: d };
        }
        if (r.dueDate < asOf) return { label: r.label, dueDate: r.dueDate, kind: 'missing', daysLate: days(asOf) };
        return { label: r.label, dueDate: r.dueDate, kind: 'open', daysLate: null };
      });
    return {
      agencyCode: a.code,
      agencyName: a.name,
      marks,
      onTime: marks.filter((m) => m.kind === 'on-time').length,
      late: marks.filter((m) => m.kind === 'late' || m.kind === 'missing').length,
    };
  });
}

export const KIND_LABELS: Record<PunctualityKind, string> = {
  'on-time': 'Đúng hạn',
  late: 'Nộp muộn',
  excused: 'Được miễn',
  missing: 'Chưa nộp, quá hạn',
  open: 'Chưa đến hạn',
};

const FILL: Record<PunctualityKind, string> = {
  'on-time': '#5aa469',
  late: 'url(#p-late)',
  excused: 'url(#p-excused)',
  missing: 'url(#p-missing)',
  open: '#fff',
};

export function markText(m: PunctualityMark): string {
  // A cell holds three characters: years overdue read ">99" (the cell's title and the table give the days).
  if (m.kind === 'late' || m.kind === 'missing') return (m.daysLate ?? 0) > 99 ? '>99' : `+${m.daysLate ?? 0}`;
  return m.kind === 'on-time' ? '✓' : m.kind === 'excused' ? 'M' : '·';
}

export function punctualitySvg(rows: readonly PunctualityRow[], id: string): Svg {
  const [NAME, CELL, ROW, TOP] = [260, 34, 24, 28];
  const most = Math.max(1, ...rows.map((r) => r.marks.length));
  let body =
    text(4, 16, 'Cơ quan, đơn vị', { bold: true }) + text(NAME, 16, 'Các kỳ báo cáo (cũ → mới)', { bold: true });
  rows.forEach((r, i) => {
    const y = TOP + i * ROW;
    const name = r.agencyName.length > 38 ? `${r.agencyName.slice(0, 37)}…` : r.agencyName;
    body += text(4, y + 16, name, { size: 11 });
    r.marks.forEach((m, j) => {
      const x = NAME + j * CELL;
      body += `<g><title>${KIND_LABELS[m.kind]}: ${m.label}${m.daysLate ? `, ${m.daysLate} ngày` : ''}</title>`;
      body += rect(x + 1, y + 2, CELL - 2, ROW - 4, FILL[m.kind], ' stroke="#555" stroke-width="0.6"');
      body += text(x + CELL / 2, y + 16, markText(m), { anchor: 'middle', size: 10, bold: true });
      body += '</g>';
    });
  });
  const late = rows.filter((r) => r.late > 0).length;
  return svgDocument({
    id,
    width: Math.max(NAME + most * CELL + 8, NAME + 200),
    height: TOP + rows.length * ROW + 8,
    title: 'Mức độ đúng hạn của từng cơ quan qua các kỳ báo cáo',
    desc: `${rows.length} cơ quan; ${late} cơ quan có ít nhất một kỳ nộp muộn hoặc chưa nộp. Ô xanh có dấu ✓: đúng hạn; ô sọc có +N: muộn N ngày; ô chấm: quá hạn chưa nộp; ô gạch ngang chữ M: được miễn.`,
    body,
  });
}
