/**
 * The pieces every Word document of the project is built from: Times New Roman 13 pt paragraphs (11 pt in tables),
 * section headings, table cells, and a borderless table for heading blocks (Nghị định 30/2020/NĐ-CP).
 */
import { AlignmentType, BorderStyle, Paragraph, TableCell, TextRun, VerticalAlign } from 'docx';

export const FONT = 'Times New Roman';
export const SIZE = 26; // half-points: 13 pt
export const SMALL = 22; // 11 pt, for tables

export function p(
  text: string,
  opts: { bold?: boolean; italic?: boolean; center?: boolean; size?: number; indent?: boolean } = {},
) {
  return new Paragraph({
    alignment: opts.center ? AlignmentType.CENTER : AlignmentType.JUSTIFIED,
    indent: opts.indent === false ? undefined : { firstLine: opts.center ? 0 : 567 },
    spacing: { before: 60, after: 60, line: 300 },
    children: [new TextRun({ text, bold: opts.bold, italics: opts.italic, font: FONT, size: opts.size ?? SIZE })],
  });
}

export function heading(text: string) {
  return new Paragraph({
    spacing: { before: 200, after: 100 },
    indent: { firstLine: 567 },
    children: [new TextRun({ text, bold: true, font: FONT, size: SIZE })],
  });
}

export function bullet(text: string) {
  return p(`- ${text}`);
}

export function cell(
  text: string,
  opts: { bold?: boolean; center?: boolean; right?: boolean; span?: number; shade?: boolean } = {},
) {
  return new TableCell({
    columnSpan: opts.span,
    verticalAlign: VerticalAlign.CENTER,
    shading: opts.shade ? { fill: 'E7EEF7' } : undefined,
    margins: { top: 40, bottom: 40, left: 80, right: 80 },
    children: [
      new Paragraph({
        alignment: opts.center ? AlignmentType.CENTER : opts.right ? AlignmentType.RIGHT : AlignmentType.LEFT,
        children: [new TextRun({ text, bold: opts.bold, font: FONT, size: SMALL })],
      }),
    ],
  });
}

export const NO_BORDERS = {
  top: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  bottom: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  left: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  right: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  insideHorizontal: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  insideVertical: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
};
