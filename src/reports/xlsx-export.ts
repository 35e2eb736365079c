/**
 * The consolidated report as a Vietnamese "biểu tổng hợp" workbook (exceljs): a title block naming the plan and its
 * number, two header rows, the indicator table grouped by goal, and sheets for the agencies' submissions (with
 * totals), the overdue list and each agency's reported values (with the aggregate row). Every sheet freezes its
 * header and prints on A4 landscape, one page wide, repeating the header rows.
 *
 * Numbers are stored as numbers (so the coordinator can keep computing) with a format Excel shows with the
 * reader's separators: 1.234,5 on a Vietnamese system. Text figures from the plan ("<52/100.000") stay text.
 */
import ExcelJS from 'exceljs';
import type { CompiledReportData, IndicatorFigure } from '../domain/report-compile';
import { dateText, indicatorGroups, indicatorNumber, planLine, reportTitle, roman, stateText } from './report-text';

const FONT = 'Times New Roman';
const NUMBER_FORMAT = '#,##0.##;-#,##0.##;0';
const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};

/** Sheet names, also used by the tests that read the workbook back. */
export const SHEETS = {
  indicators: 'Chỉ tiêu',
  agencies: 'Tình hình báo cáo',
  overdue: 'Quá hạn',
  values: 'Số liệu đơn vị',
} as const;

function setupSheet(ws: ExcelJS.Worksheet, headerRows: [number, number]): void {
  ws.pageSetup = {
    ...ws.pageSetup,
    paperSize: 9, // A4
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    horizontalCentered: true,
    printTitlesRow: `${headerRows[0]}:${headerRows[1]}`,
    margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
  };
  ws.headerFooter = { oddFooter: '&CTrang &P/&N' };
  ws.views = [{ state: 'frozen', xSplit: 0, ySplit: headerRows[1], topLeftCell: `A${headerRows[1] + 1}` }];
}

/** Title lines merged across the table's width; returns the next free row. */
function titleBlock(ws: ExcelJS.Worksheet, width: number, lines: { text: string; bold?: boolean; size?: number }[]) {
  lines.forEach((line, i) => {
    const row = i + 1;
    ws.mergeCells(row, 1, row, width);
    const cell = ws.getCell(row, 1);
    cell.value = line.text;
    cell.font = { name: FONT, bold: line.bold ?? false, size: line.size ?? 12 };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  });
  return lines.length + 2;
}

function headerStyle(cell: ExcelJS.Cell): void {
  cell.font = { name: FONT, bold: true, size: 11 };
  cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  cell.border = THIN;
  cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7EEF7' } };
}

function bodyRow(row: ExcelJS.Row, opts: { bold?: boolean; numericFrom?: number } = {}): void {
  row.eachCell({ includeEmpty: true }, (cell, col) => {
    cell.border = THIN;
    cell.font = { name: FONT, size: 11, bold: opts.bold ?? false };
    const numeric = typeof cell.value === 'number';
    if (numeric) cell.numFmt = NUMBER_FORMAT;
    cell.alignment = {
      vertical: 'middle',
      wrapText: true,
      horizontal: numeric || (opts.numericFrom !== undefined && col >= opts.numericFrom) ? 'right' : undefined,
    };
  });
}

const figure = (v: IndicatorFigure): string | number => (v === null ? '' : v);

function indicatorSheet(wb: ExcelJS.Workbook, report: CompiledReportData): void {
  const ws = wb.addWorksheet(SHEETS.indicators);
  const y = report.year;
  ws.columns = [
    { width: 7 },
    { width: 12 },
    { width: 58 },
    { width: 10 },
    { width: 13 },
    { width: 13 },
    { width: 11 },
    { width: 14 },
    { width: 11 },
    { width: 28 },
  ];
  const start = titleBlock(ws, 10, [
    { text: `BIỂU TỔNG HỢP KẾT QUẢ THỰC HIỆN CÁC MỤC TIÊU, CHỈ TIÊU NĂM ${y}`, bold: true, size: 14 },
    { text: planLine(report), size: 12 },
    { text: `Số liệu tính đến ngày ${dateText(report.asOfDate)}`, size: 11 },
  ]);
  const h1 = start;
  const h2 = start + 1;
  const top = ['TT', 'Mã chỉ tiêu', 'Mục tiêu, chỉ tiêu', 'Đơn vị tính', `KQ năm ${y - 1}`, `KH năm ${y}`];
  top.forEach((text, i) => {
    ws.mergeCells(h1, i + 1, h2, i + 1);
    ws.getCell(h1, i + 1).value = text;
  });
  ws.mergeCells(h1, 7, h1, 9);
  ws.getCell(h1, 7).value = `Kết quả thực hiện năm ${y}`;
  ws.getCell(h2, 7).value = 'Số đơn vị báo cáo';
  ws.getCell(h2, 8).value = 'Kết quả tổng hợp';
  ws.getCell(h2, 9).value = 'So với KH (%)';
  ws.mergeCells(h1, 10, h2, 10);
  ws.getCell(h1, 10).value = 'Đơn vị chủ trì tham mưu thực hiện';
  for (let c = 1; c <= 10; c++) {
    headerStyle(ws.getCell(h1, c));
    headerStyle(ws.getCell(h2, c));
  }
  ws.getRow(h1).height = 30;
  ws.getRow(h2).height = 30;
  // Column numbers under the header, as official tables have: (1) (2) …
  const numbers = ws.addRow(Array.from({ length: 10 }, (_, i) => `(${i + 1})`));
  numbers.eachCell((cell) => {
    cell.font = { name: FONT, italic: true, size: 10 };
    cell.alignment = { horizontal: 'center' };
    cell.border = THIN;
  });
  setupSheet(ws, [h1, h2 + 1]);

  indicatorGroups(report).forEach((group, g) => {
    if (group.goal !== null) {
      const row = ws.addRow([roman(g + 1), '', group.goal]);
      ws.mergeCells(row.number, 3, row.number, 10);
      bodyRow(row, { bold: true });
    }
    group.indicators.forEach((ind, i) => {
      const row = ws.addRow([
        indicatorNumber(ind.code, i + 1),
        ind.code,
        ind.name,
        ind.unit,
        figure(ind.previous),
        figure(ind.target),
        ind.values.length,
        ind.result ?? '',
        ind.achievementPercent === null ? '' : Math.round(ind.achievementPercent * 10) / 10,
        ind.responsibleName ?? '',
      ]);
      bodyRow(row, { numericFrom: 5 });
      row.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' };
      row.getCell(10).alignment = { horizontal: 'left', vertical: 'middle', wrapText: true };
    });
  });
  signature(ws, report, 10);
}

function agencySheet(wb: ExcelJS.Workbook, report: CompiledReportData): void {
  const ws = wb.addWorksheet(SHEETS.agencies);
  ws.columns = [
    { width: 6 },
    { width: 16 },
    { width: 44 },
    { width: 40 },
    { width: 12 },
    { width: 12 },
    { width: 20 },
    { width: 10 },
  ];
  const start = titleBlock(ws, 8, [
    { text: `TÌNH HÌNH GỬI BÁO CÁO CỦA CÁC CƠ QUAN, ĐƠN VỊ NĂM ${report.year}`, bold: true, size: 14 },
    { text: planLine(report) },
    { text: `Tính đến ngày ${dateText(report.asOfDate)}`, size: 11 },
  ]);
  const header = ws.getRow(start);
  ['TT', 'Mã đơn vị', 'Cơ quan, đơn vị', 'Báo cáo', 'Hạn nộp', 'Ngày nộp', 'Tình trạng', 'Số ngày muộn'].forEach(
    (text, i) => {
      header.getCell(i + 1).value = text;
      headerStyle(header.getCell(i + 1));
    },
  );
  header.height = 30;
  setupSheet(ws, [start, start]);
  report.agencies.forEach((r, i) => {
    const row = ws.addRow([
      i + 1,
      r.agencyCode,
      r.agencyName,
      r.obligationTitle,
      dateText(r.dueDate),
      dateText(r.submittedDate),
      stateText(r),
      r.daysLate === null || r.daysLate === 0 ? '' : r.daysLate,
    ]);
    bodyRow(row);
  });
  const t = report.totals;
  const totals: [string, number][] = [
    ['Tổng số báo cáo phải gửi', t.expected],
    ['Đã gửi đúng hạn', t.onTime],
    ['Gửi muộn', t.late],
    ['Quá hạn, chưa gửi', t.overdue],
    ['Chưa đến hạn', t.pending],
    ['Được miễn', t.excused],
  ];
  for (const [label, value] of totals) {
    const row = ws.addRow(['', '', label, '', '', '', value, '']);
    ws.mergeCells(row.number, 3, row.number, 6);
    bodyRow(row, { bold: true });
  }
}

function overdueSheet(wb: ExcelJS.Workbook, report: CompiledReportData): void {
  const ws = wb.addWorksheet(SHEETS.overdue);
  ws.columns = [{ width: 6 }, { width: 16 }, { width: 48 }, { width: 44 }, { width: 12 }, { width: 12 }, { width: 20 }];
  const to = report.plan.committeeName ? ` (báo cáo ${report.plan.committeeName})` : '';
  const start = titleBlock(ws, 7, [
    { text: `DANH SÁCH CƠ QUAN, ĐƠN VỊ CHƯA GỬI BÁO CÁO QUÁ HẠN${to}`, bold: true, size: 14 },
    { text: planLine(report) },
    { text: `Tính đến ngày ${dateText(report.asOfDate)}`, size: 11 },
  ]);
  const header = ws.getRow(start);
  ['TT', 'Mã đơn vị', 'Cơ quan, đơn vị', 'Báo cáo', 'Hạn nộp', 'Số ngày quá hạn', 'Tình trạng'].forEach((text, i) => {
    header.getCell(i + 1).value = text;
    headerStyle(header.getCell(i + 1));
  });
  setupSheet(ws, [start, start]);
  report.overdue.forEach((r, i) => {
    bodyRow(
      ws.addRow([
        i + 1,
        r.agencyCode,
        r.agencyName,
        r.obligationTitle,
        dateText(r.dueDate),
        r.daysLate ?? '',
        stateText(r),
      ]),
    );
  });
  if (report.overdue.length === 0) {
    const row = ws.addRow(['', '', 'Không có cơ quan, đơn vị nào quá hạn.']);
    ws.mergeCells(row.number, 3, row.number, 7);
  }
}

function valuesSheet(wb: ExcelJS.Workbook, report: CompiledReportData): void {
  const ws = wb.addWorksheet(SHEETS.values);
  const reporters = new Map<string, string>();
  for (const ind of report.indicators) for (const v of ind.values) reporters.set(v.agencyCode, v.agencyCode);
  const names = new Map(report.agencies.map((a) => [a.agencyCode, a.agencyName]));
  const codes = [...reporters.keys()];
  const width = 2 + report.indicators.length;
  ws.columns = [{ width: 16 }, { width: 40 }, ...report.indicators.map(() => ({ width: 12 }))];
  const start = titleBlock(ws, Math.max(width, 3), [
    { text: `SỐ LIỆU CHỈ TIÊU DO CÁC CƠ QUAN, ĐƠN VỊ BÁO CÁO NĂM ${report.year}`, bold: true, size: 14 },
    { text: planLine(report) },
  ]);
  const h1 = ws.getRow(start);
  const h2 = ws.getRow(start + 1);
  ['Mã đơn vị', 'Cơ quan, đơn vị'].forEach((text, i) => {
    ws.mergeCells(start, i + 1, start + 1, i + 1);
    h1.getCell(i + 1).value = text;
  });
  report.indicators.forEach((ind, i) => {
    h1.getCell(i + 3).value = ind.code;
    h2.getCell(i + 3).value = ind.unit;
  });
  for (let c = 1; c <= width; c++) {
    headerStyle(h1.getCell(c));
    headerStyle(h2.getCell(c));
  }
  setupSheet(ws, [start, start + 1]);
  ws.views = [{ state: 'frozen', xSplit: 2, ySplit: start + 1 }];
  // One map per indicator: agencies × indicators lookups stay linear (1,000 × 24 in the benchmark).
  const byIndicator = report.indicators.map((ind) => new Map(ind.values.map((v) => [v.agencyCode, v.value])));
  for (const code of codes) {
    const row = ws.addRow([code, names.get(code) ?? code, ...byIndicator.map((m) => m.get(code) ?? '')]);
    bodyRow(row);
  }
  const total = ws.addRow([
    '',
    'Tổng hợp (theo cách tính của chỉ tiêu)',
    ...report.indicators.map((i) => i.result ?? ''),
  ]);
  bodyRow(total, { bold: true });
}

function signature(ws: ExcelJS.Worksheet, report: CompiledReportData, width: number): void {
  ws.addRow([]);
  const row = ws.addRow([]);
  ws.mergeCells(row.number, Math.max(1, width - 3), row.number, width);
  const cell = ws.getCell(row.number, Math.max(1, width - 3));
  cell.value = report.plan.coordinatorName.toLocaleUpperCase('vi');
  cell.font = { name: FONT, bold: true, size: 12 };
  cell.alignment = { horizontal: 'center', wrapText: true };
}

/** The workbook as bytes. */
export async function exportXlsx(report: CompiledReportData): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Nhắc Hạn';
  wb.title = reportTitle(report);
  // A fixed date keeps the file a function of the report (no clock here); it is the report's own instant.
  wb.created = new Date(report.asOf);
  wb.modified = new Date(report.asOf);
  indicatorSheet(wb, report);
  agencySheet(wb, report);
  overdueSheet(wb, report);
  valuesSheet(wb, report);
  const data = await wb.xlsx.writeBuffer();
  return Buffer.from(data);
}
