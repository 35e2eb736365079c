/**
 * The consolidated report as CSV for Excel: UTF-8 with a byte-order mark (without it Excel reads Vietnamese as
 * Windows-1252), CRLF line ends and RFC 4180 quoting. Numbers are written the Vietnamese way (1.234,5), which a
 * Vietnamese Excel reads as numbers; the comma inside them is why such fields are quoted.
 *
 * Two blocks, each with its own header line, separated by an empty line: the indicator table, then each agency's
 * submission status. (A CSV file has one table; two blocks keep one file per report, as the other formats.)
 */
import type { CompiledReportData } from '../domain/report-compile';
import { dateText, figureText, percentText, stateText } from './report-text';

export const BOM = '\uFEFF';

/**
 * A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, a tab or carriage return first: OWASP's CSV
 * injection list) gets a leading apostrophe, so an agency or plan name such as `=HYPERLINK(…)` is shown as text.
 * Numbers written the Vietnamese way (`-1.234,5`, `-12%`) are left as numbers.
 */
export function neutralisedCell(text: string): string {
  if (!/^[=+\-@\t\r]/.test(text) || /^-\d[\d.]*(,\d+)?%?$/.test(text)) return text;
  return `'${text}`;
}

function field(value: string | number): string {
  const text = typeof value === 'number' ? String(value) : neutralisedCell(value);
  return /[",\r\n;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function line(values: (string | number)[]): string {
  return values.map(field).join(',');
}

/** The CSV text, BOM included. */
export function exportCsvText(report: CompiledReportData): string {
  const y = report.year;
  const lines: string[] = [
    line([
      'Mã chỉ tiêu',
      'Mục tiêu',
      'Chỉ tiêu',
      'Đơn vị tính',
      `KQ năm ${y - 1}`,
      `KH năm ${y}`,
      'Số đơn vị báo cáo',
      `Kết quả năm ${y}`,
      'So với KH',
      'Đơn vị chủ trì',
    ]),
  ];
  for (const i of report.indicators) {
    lines.push(
      line([
        i.code,
        i.goal ?? '',
        i.name,
        i.unit,
        figureText(i.previous),
        figureText(i.target),
        i.values.length,
        figureText(i.result),
        percentText(i.achievementPercent),
        i.responsibleName ?? '',
      ]),
    );
  }
  lines.push('');
  lines.push(line(['Mã đơn vị', 'Cơ quan, đơn vị', 'Báo cáo', 'Hạn nộp', 'Ngày nộp', 'Tình trạng', 'Số ngày muộn']));
  for (const r of report.agencies) {
    lines.push(
      line([
        r.agencyCode,
        r.agencyName,
        r.obligationTitle,
        dateText(r.dueDate),
        dateText(r.submittedDate),
        stateText(r),
        r.daysLate ?? '',
      ]),
    );
  }
  return `${BOM}${lines.join('\r\n')}\r\n`;
}

export function exportCsv(report: CompiledReportData): Promise<Buffer> {
  return Promise.resolve(Buffer.from(exportCsvText(report), 'utf8'));
}
