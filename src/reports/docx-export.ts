/**
 * The consolidated report as a Word draft (docx) for the coordinator to finish and sign: the usual heading block
 * (agency, national motto, place and date), "Kính gửi" the People's Committee, and the four sections every such
 * report has — Tình hình triển khai, Kết quả thực hiện, Tồn tại hạn chế, Kiến nghị — filled from the data. Times
 * New Roman 13 pt on A4, as Nghị định 30/2020/NĐ-CP sets for administrative documents.
 */
import {
  AlignmentType,
  Document,
  Packer,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type { CompiledReportData, IndicatorRow } from '../domain/report-compile';
import { formatNumber } from '../domain/vietnamese-format';
import {
  dateText,
  figureText,
  indicatorGroups,
  indicatorNumber,
  percentText,
  planLine,
  reportTitle,
  roman,
} from './report-text';
import { appendAnnexes, CELL_STYLES } from './docx-annexes';
import { bullet, cell, FONT, heading, NO_BORDERS, p, SIZE, SMALL } from './docx-parts';

/** Section headings, also checked by the tests that read the document back. */
export const SECTIONS = {
  deployment: 'I. TÌNH HÌNH TRIỂN KHAI',
  results: 'II. KẾT QUẢ THỰC HIỆN',
  shortcomings: 'III. TỒN TẠI, HẠN CHẾ',
  recommendations: 'IV. KIẾN NGHỊ',
} as const;

/** Agency name on the left, the national motto on the right (the heading of every administrative document). */
function headingBlock(report: CompiledReportData) {
  // Nghị định 30/2020, Phụ lục I: the national title in 12–13 pt bold on one line, so 12 pt in the right column.
  const line = (text: string, o: { bold?: boolean; italic?: boolean; size?: number } = {}) =>
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [new TextRun({ text, bold: o.bold, italics: o.italic, font: FONT, size: o.size ?? SIZE })],
    });
  // Widths in twips (LibreOffice ignores percentage cell widths): 9,355 between the A4 margins below.
  const [left, right] = [3455, 5900];
  return new Table({
    width: { size: left + right, type: WidthType.DXA },
    columnWidths: [left, right],
    borders: NO_BORDERS,
    rows: [
      new TableRow({
        children: [
          new TableCell({
            width: { size: left, type: WidthType.DXA },
            borders: NO_BORDERS,
            children: [
              line(report.plan.coordinatorName.toLocaleUpperCase('vi'), { bold: true, size: 24 }),
              line('Số:      /BC-'),
            ],
          }),
          new TableCell({
            width: { size: right, type: WidthType.DXA },
            borders: NO_BORDERS,
            children: [
              line('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { bold: true, size: 24 }),
              line('Độc lập - Tự do - Hạnh phúc', { bold: true }),
              line(longDate(report.asOfDate), { italic: true }),
            ],
          }),
        ],
      }),
    ],
  });
}

/** `ngày 15 tháng 12 năm 2017`, as the date line of a document reads. */
function longDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  return `ngày ${d} tháng ${m} năm ${y}`;
}

function indicatorTable(report: CompiledReportData) {
  const y = report.year;
  const header = new TableRow({
    tableHeader: true,
    children: [
      'TT',
      'Mục tiêu, chỉ tiêu',
      'Đơn vị tính',
      `KQ năm ${y - 1}`,
      `KH năm ${y}`,
      `KQ năm ${y}`,
      'So với KH',
    ].map((t) => cell(t, { bold: true, center: true, shade: true })),
  });
  const rows: TableRow[] = [header];
  indicatorGroups(report).forEach((group, g) => {
    if (group.goal !== null) {
      rows.push(
        new TableRow({
          children: [cell(roman(g + 1), { bold: true, center: true }), cell(group.goal, { bold: true, span: 6 })],
        }),
      );
    }
    group.indicators.forEach((ind, i) => {
      rows.push(
        new TableRow({
          children: [
            cell(indicatorNumber(ind.code, i + 1), { center: true }),
            cell(ind.name),
            cell(ind.unit, { center: true }),
            cell(figureText(ind.previous), { right: true }),
            cell(figureText(ind.target), { right: true }),
            cell(figureText(ind.result), { right: true }),
            cell(percentText(ind.achievementPercent), { right: true }),
          ],
        }),
      );
    });
  });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    columnWidths: [600, 5200, 900, 1000, 1000, 1000, 900],
    rows,
  });
}

function below(ind: IndicatorRow): boolean {
  return ind.achievementPercent !== null && ind.achievementPercent < 100;
}

function deploymentSection(report: CompiledReportData): Paragraph[] {
  const t = report.totals;
  const received = t.onTime + t.late;
  const out: Paragraph[] = [heading(SECTIONS.deployment)];
  out.push(
    p(
      `Thực hiện ${planLine(report)}, ${report.plan.coordinatorName} đã hướng dẫn, đôn đốc các cơ quan, đơn vị triển khai và báo cáo kết quả năm ${report.year}. Tính đến ngày ${dateText(report.asOfDate)}, đã nhận ${formatNumber(received)}/${formatNumber(t.expected - t.excused)} báo cáo (${formatNumber(t.onTime)} đúng hạn, ${formatNumber(t.late)} gửi muộn); ${formatNumber(t.overdue)} báo cáo quá hạn chưa gửi; ${formatNumber(t.pending)} báo cáo chưa đến hạn.`,
    ),
  );
  for (const o of report.obligations) {
    const rows = report.agencies.filter((r) => r.obligationId === o.id);
    const got = rows.filter((r) => r.submittedDate !== null).length;
    const expected = rows.filter((r) => r.state !== 'excused').length;
    const dueText = o.dueDate ? ` (hạn ${dateText(o.dueDate)})` : '';
    out.push(bullet(`${o.title}${dueText}: đã nhận ${formatNumber(got)}/${formatNumber(expected)} báo cáo.`));
  }
  for (const c of report.campaigns) {
    const results = c.resultsReport
      ? ` ${formatNumber(c.resultsReport.submitted)}/${formatNumber(c.resultsReport.expected)} đơn vị đã gửi ${c.resultsReport.title.toLocaleLowerCase('vi')}.`
      : '';
    out.push(
      bullet(
        `${c.name} (từ ${dateText(c.from)} đến ${dateText(c.to)}): ${formatNumber(c.participants)} cơ quan, đơn vị tham gia.${results}`,
      ),
    );
  }
  return out;
}

function resultsSection(report: CompiledReportData): (Paragraph | Table)[] {
  const reported = report.indicators.filter((i) => i.result !== null);
  const met = reported.filter((i) => i.achievementPercent !== null && i.achievementPercent >= 100);
  const out: (Paragraph | Table)[] = [heading(SECTIONS.results)];
  if (report.indicators.length === 0) {
    out.push(
      p('Kế hoạch không đặt chỉ tiêu định lượng; kết quả thực hiện các nhiệm vụ theo báo cáo của các cơ quan, đơn vị.'),
    );
    return out;
  }
  out.push(
    p(
      `Kế hoạch có ${formatNumber(report.indicators.length)} chỉ tiêu; đã có số liệu ${formatNumber(reported.length)} chỉ tiêu, trong đó ${formatNumber(met.length)} chỉ tiêu đạt hoặc vượt kế hoạch năm ${report.year}. Kết quả cụ thể như sau:`,
    ),
  );
  out.push(indicatorTable(report));
  return out;
}

function shortcomingsSection(report: CompiledReportData): Paragraph[] {
  const out: Paragraph[] = [heading(SECTIONS.shortcomings)];
  const missing = report.indicators.filter((i) => i.result === null);
  const low = report.indicators.filter(below);
  if (report.overdue.length === 0 && missing.length === 0 && low.length === 0) {
    out.push(p('Các cơ quan, đơn vị đã gửi báo cáo đầy đủ; các chỉ tiêu có số liệu đều đạt kế hoạch.'));
    return out;
  }
  if (report.overdue.length > 0) {
    out.push(p(`Còn ${formatNumber(report.overdue.length)} báo cáo quá hạn chưa gửi:`));
    for (const r of report.overdue) {
      out.push(
        bullet(
          `${r.agencyName}: ${r.obligationTitle} (hạn ${dateText(r.dueDate)}, quá hạn ${formatNumber(r.daysLate ?? 0)} ngày).`,
        ),
      );
    }
  }
  if (low.length > 0) {
    out.push(p(`${formatNumber(low.length)} chỉ tiêu chưa đạt kế hoạch năm ${report.year}:`));
    for (const i of low) {
      out.push(
        bullet(
          `${i.name}: đạt ${figureText(i.result)} ${i.unit}, bằng ${percentText(i.achievementPercent)} kế hoạch (${figureText(i.target)}).`,
        ),
      );
    }
  }
  if (missing.length > 0) {
    out.push(
      p(`${formatNumber(missing.length)} chỉ tiêu chưa có số liệu báo cáo: ${missing.map((i) => i.code).join(', ')}.`),
    );
  }
  return out;
}

function recommendationsSection(report: CompiledReportData): Paragraph[] {
  const to = report.plan.committeeName ?? 'cấp có thẩm quyền';
  const out: Paragraph[] = [heading(SECTIONS.recommendations)];
  if (report.overdue.length > 0) {
    const names = [...new Set(report.overdue.map((r) => r.agencyName))];
    out.push(
      p(
        `Đề nghị ${to} chỉ đạo các cơ quan, đơn vị chưa gửi báo cáo (${names.join('; ')}) khẩn trương hoàn thành và gửi báo cáo.`,
      ),
    );
  }
  if (report.indicators.some(below)) {
    out.push(
      p('Đề nghị các cơ quan chủ trì các chỉ tiêu chưa đạt kế hoạch có giải pháp cụ thể để hoàn thành trong kỳ tới.'),
    );
  }
  out.push(
    p(`Đề nghị ${to} tiếp tục quan tâm chỉ đạo, bố trí nguồn lực để thực hiện các mục tiêu, chỉ tiêu của Kế hoạch.`),
  );
  out.push(
    p(`Trên đây là báo cáo tổng hợp kết quả thực hiện năm ${report.year} của ${report.plan.coordinatorName}./.`),
  );
  return out;
}

/** The report draft as bytes, with its annexes (docx-annexes.ts). */
export async function exportDocx(report: CompiledReportData): Promise<Buffer> {
  const to = report.plan.committeeName ?? 'cấp có thẩm quyền';
  const doc = new Document({
    creator: 'Nhắc Hạn',
    title: reportTitle(report),
    styles: {
      default: { document: { run: { font: FONT, size: SIZE } } },
      // The annexes' table cells (docx-annexes.ts): 11 pt, no spacing, one style per alignment.
      paragraphStyles: (['left', 'center', 'right'] as const).map((align) => ({
        id: CELL_STYLES[align],
        name: `Annex cell ${align}`,
        run: { font: FONT, size: SMALL },
        paragraph: {
          alignment:
            align === 'left' ? AlignmentType.LEFT : align === 'center' ? AlignmentType.CENTER : AlignmentType.RIGHT,
          spacing: { before: 0, after: 0 },
        },
      })),
    },
    sections: [
      {
        properties: {
          page: {
            size: { orientation: PageOrientation.PORTRAIT, width: 11906, height: 16838 }, // A4
            margin: { top: 1134, bottom: 1134, left: 1701, right: 850 },
          },
        },
        children: [
          headingBlock(report),
          p('', { indent: false }),
          p('BÁO CÁO', { bold: true, center: true, size: 28 }),
          p(reportTitle(report), { bold: true, center: true }),
          p(`Kính gửi: ${to}.`, { center: true }),
          ...deploymentSection(report),
          ...resultsSection(report),
          ...shortcomingsSection(report),
          ...recommendationsSection(report),
          new Paragraph({
            alignment: AlignmentType.RIGHT,
            spacing: { before: 400 },
            children: [
              new TextRun({
                text: report.plan.coordinatorName.toLocaleUpperCase('vi'),
                bold: true,
                font: FONT,
                size: SIZE,
              }),
            ],
          }),
        ],
      },
    ],
  });
  return appendAnnexes(await Packer.toBuffer(doc), report);
}
