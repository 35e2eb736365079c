/**
 * The words and number forms every export shares, so the XLSX, DOCX and CSV say the same thing the same way.
 * Vietnamese separators (1.234,5) come from `formatNumber`; dates are written d/m/yyyy.
 */
import { STATE_LABELS_VI } from '../domain/assignment-state';
import type { AgencyStatusRow, CompiledReportData, IndicatorFigure } from '../domain/report-compile';
import { formatNumber, formatShortDate } from '../domain/vietnamese-format';

/** A figure as printed: numbers with Vietnamese separators (at most 2 decimals), text as written, `–` for none. */
export function figureText(value: IndicatorFigure): string {
  if (value === null) return '–';
  if (typeof value === 'number') return formatNumber(value, { maximumFractionDigits: 2 });
  return value;
}

/** A percentage with one decimal: `83,3%`. */
export function percentText(value: number | null): string {
  return value === null ? '–' : `${formatNumber(value, { maximumFractionDigits: 1 })}%`;
}

export function dateText(isoDate: string | null): string {
  return isoDate === null ? '' : formatShortDate(isoDate);
}

export function stateText(row: Pick<AgencyStatusRow, 'state'>): string {
  return STATE_LABELS_VI[row.state];
}

/** "Báo cáo tổng hợp kết quả thực hiện … năm 2017": the report's title line. */
export function reportTitle(report: CompiledReportData): string {
  const title = lowerFirst(report.plan.title);
  // "… tỉnh Nghệ An năm 2017" already names the year; a plan for 2017–2020 does not say which.
  const suffix = title.endsWith(`năm ${report.year}`) ? '' : ` năm ${report.year}`;
  return `Báo cáo tổng hợp kết quả thực hiện ${title}${suffix}`;
}

export function planLine(report: CompiledReportData): string {
  const doc = report.plan.documentNumber ? ` (số ${report.plan.documentNumber})` : '';
  return `${report.plan.title}${doc}`;
}

function lowerFirst(s: string): string {
  // "Kế hoạch …" reads "kế hoạch …" inside a sentence; an acronym ("UBND …") stays as written.
  return /^[A-ZÀ-Ỹ][a-zà-ỹ]/u.test(s) ? s.charAt(0).toLocaleLowerCase('vi') + s.slice(1) : s;
}

/** Roman numerals for goal headings (I, II, …), as the appendices number them. */
export function roman(n: number): string {
  const table: [number, string][] = [
    [1000, 'M'],
    [900, 'CM'],
    [500, 'D'],
    [400, 'CD'],
    [100, 'C'],
    [90, 'XC'],
    [50, 'L'],
    [40, 'XL'],
    [10, 'X'],
    [9, 'IX'],
    [5, 'V'],
    [4, 'IV'],
    [1, 'I'],
  ];
  let out = '';
  for (const [v, s] of table) {
    while (n >= v) {
      out += s;
      n -= v;
    }
  }
  return out;
}

/** Indicators grouped under their goals, in plan order (indicators without a goal form one unnamed group). */
export function indicatorGroups(report: CompiledReportData) {
  const groups: { goal: string | null; indicators: CompiledReportData['indicators'] }[] = [];
  for (const ind of report.indicators) {
    const last = groups[groups.length - 1];
    if (last && last.goal === ind.goal) last.indicators.push(ind);
    else groups.push({ goal: ind.goal, indicators: [ind] });
  }
  return groups;
}

/**
 * The row number the appendix tables use: the part of the code after the goal prefix (`MT1-1.2` → `1.2`), else
 * the position within its goal.
 */
export function indicatorNumber(code: string, position: number): string {
  const m = /-(\d+(?:\.\d+)*)$/.exec(code);
  return m?.[1] ?? String(position);
}
