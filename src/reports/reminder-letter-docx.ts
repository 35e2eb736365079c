/**
 * The công văn đôn đốc as a Word draft in the layout of Nghị định 30/2020/NĐ-CP (Phụ lục I and III, mẫu 1.4 Công
 * văn): on A4 with margins 20–25 mm top and bottom, 30–35 mm left, 15–20 mm right; the issuing body (its governing
 * body above it) and, under them, the number and the "V/v" subject on the left; the national heading, the motto
 * and the place and date on the right; "Kính gửi:"; the body in Times New Roman 14 pt; "Nơi nhận:" bottom left and
 * the signing authority bottom right. Number and date are left for the e-office system that registers the letter.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type { ReminderLetter } from '../domain/reminder-letter';

const FONT = 'Times New Roman';
const pt = (n: number) => n * 2; // docx sizes are half-points
const MM = 56.7; // twips per millimetre

const NONE = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
const NO_BORDERS = { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE };

interface Run {
  text: string;
  size?: number;
  bold?: boolean;
  italic?: boolean;
}

function line(
  runs: Run | Run[],
  opts: { align?: 'center' | 'left' | 'justify' | 'right'; indent?: boolean; after?: number } = {},
) {
  const list = Array.isArray(runs) ? runs : [runs];
  const align = {
    center: AlignmentType.CENTER,
    left: AlignmentType.LEFT,
    right: AlignmentType.RIGHT,
    justify: AlignmentType.JUSTIFIED,
  }[opts.align ?? 'justify'];
  return new Paragraph({
    alignment: align,
    indent: opts.indent ? { firstLine: Math.round(12.7 * MM) } : undefined,
    spacing: { after: opts.after ?? 0, line: 276 },
    children: list.map(
      (r) => new TextRun({ text: r.text, font: FONT, size: pt(r.size ?? 14), bold: r.bold, italics: r.italic }),
    ),
  });
}

/** A short rule under the issuer's name and under the motto, as the format draws them. */
function rule(widthChars: number) {
  return line({ text: '─'.repeat(widthChars), size: 8 }, { align: 'center' });
}

function columns(left: Paragraph[], right: Paragraph[], leftPercent: number) {
  const cell = (children: Paragraph[], percent: number) =>
    new TableCell({ width: { size: percent, type: WidthType.PERCENTAGE }, borders: NO_BORDERS, children });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: NO_BORDERS,
    rows: [new TableRow({ children: [cell(left, leftPercent), cell(right, 100 - leftPercent)] })],
  });
}

export async function reminderLetterDocx(letter: ReminderLetter): Promise<Buffer> {
  const header = columns(
    [
      ...(letter.parent ? [line({ text: letter.parent, size: 12 }, { align: 'center' })] : []),
      line({ text: letter.issuer, size: 12, bold: true }, { align: 'center' }),
      rule(12),
      line({ text: letter.number, size: 13 }, { align: 'center', after: 60 }),
      line({ text: letter.subject, size: 12 }, { align: 'center' }),
    ],
    [
      line({ text: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', size: 12, bold: true }, { align: 'center' }),
      line({ text: 'Độc lập - Tự do - Hạnh phúc', size: 14, bold: true }, { align: 'center' }),
      rule(20),
      line({ text: letter.placeAndDate, size: 14, italic: true }, { align: 'center' }),
    ],
    38,
  );

  const [first, ...others] = letter.addressees;
  const greeting =
    others.length === 0 && first
      ? [line([{ text: 'Kính gửi: ' }, { text: `${first.name}.` }], { align: 'center', after: 120 })]
      : [
          line({ text: 'Kính gửi:' }, { align: 'center' }),
          ...letter.addressees.map((a, i) =>
            line({ text: `- ${a.name}${i === letter.addressees.length - 1 ? '.' : ';'}` }, { align: 'center' }),
          ),
          line({ text: '' }, { after: 60 }),
        ];

  const listed = letter.addressees.flatMap((a) => [
    ...(letter.addressees.length > 1 ? [line({ text: `${a.name}:`, bold: true }, { indent: true, after: 40 })] : []),
    ...a.reports.map((r, i) =>
      line({ text: `- ${r}${i === a.reports.length - 1 ? '.' : ';'}` }, { indent: true, after: 40 }),
    ),
  ]);

  const footer = columns(
    [
      line({ text: 'Nơi nhận:', size: 12, bold: true, italic: true }, { align: 'left' }),
      ...letter.recipients.map((r) => line({ text: r, size: 11 }, { align: 'left' })),
    ],
    [
      line({ text: letter.signerTitle, size: 14, bold: true }, { align: 'center' }),
      line({ text: '' }),
      line({ text: '(Chữ ký số)', size: 13, italic: true }, { align: 'center' }),
      line({ text: '' }),
      line({ text: '……………………', size: 14, bold: true }, { align: 'center' }),
    ],
    50,
  );

  const doc = new Document({
    creator: 'Nhắc Hạn',
    title: letter.subject,
    styles: { default: { document: { run: { font: FONT, size: pt(14) } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: Math.round(210 * MM), height: Math.round(297 * MM) },
            margin: {
              top: Math.round(20 * MM),
              bottom: Math.round(20 * MM),
              left: Math.round(30 * MM),
              right: Math.round(15 * MM),
            },
          },
        },
        children: [
          header,
          line({ text: '' }, { after: 120 }),
          ...greeting,
          line({ text: letter.opening }, { indent: true, after: 60 }),
          ...listed,
          ...letter.closing.map((c) => line({ text: c }, { indent: true, after: 60 })),
          line({ text: '' }, { after: 120 }),
          footer,
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
