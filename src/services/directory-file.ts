/**
 * The directory's files: a CSV or XLSX list (one row per contact) read into rows of text, and the directory written
 * back in the same columns (XLSX, or CSV for Excel: UTF-8 with a byte-order mark). Both through exceljs, the
 * spreadsheet library the reports use; CSV cells are kept as typed (no number or date guessing, so 0912345678 keeps
 * its leading zero).
 */
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { DIRECTORY_COLUMNS, DIRECTORY_HEADERS_VI, type DirectoryColumn } from '../domain/directory-rows';
import { AGENCY_KIND_LABELS, CONTACT_ROLE_LABELS, type AgencyKind } from '../domain/vietnamese-labels';
import { BOM, neutralisedCell } from '../reports/csv-export';

export type DirectoryFormat = 'csv' | 'xlsx';

/** Refused file: not a spreadsheet of either kind. */
export class DirectoryFileError extends Error {
  override name = 'DirectoryFileError';
}

/** The format a file name says (`.csv`, `.xlsx`), or undefined. */
export function formatOfName(name: string): DirectoryFormat | undefined {
  const ext = /\.([A-Za-z]+)$/.exec(name)?.[1]?.toLowerCase();
  return ext === 'csv' || ext === 'xlsx' ? ext : undefined;
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((t) => t.text).join('');
  if ('text' in value && typeof value.text === 'string') return value.text;
  if ('result' in value && value.result !== undefined) return cellText(value.result);
  return '';
}

/** The first sheet's rows as text, header first. */
export async function readDirectoryFile(data: Buffer, format: DirectoryFormat): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  let sheet: ExcelJS.Worksheet | undefined;
  try {
    if (format === 'xlsx') {
      await workbook.xlsx.load(data as unknown as ArrayBuffer);
      sheet = workbook.worksheets[0];
    } else {
      const text = data.toString('utf8').replace(/^\uFEFF/, '');
      sheet = await workbook.csv.read(Readable.from([text]), { map: (v: unknown) => v });
    }
  } catch {
    throw new DirectoryFileError(
      format === 'xlsx'
        ? 'tệp không phải XLSX hợp lệ / not a valid XLSX file'
        : 'tệp CSV không đọc được / unreadable CSV',
    );
  }
  if (!sheet) throw new DirectoryFileError('tệp không có trang tính nào / the workbook has no sheet');
  const rows: string[][] = [];
  const width = Math.max(sheet.columnCount, DIRECTORY_COLUMNS.length);
  sheet.eachRow({ includeEmpty: true }, (row, n) => {
    const cells: string[] = [];
    for (let i = 1; i <= width; i++) cells.push(cellText(row.getCell(i).value));
    rows[n - 1] = cells;
  });
  // The apostrophe our CSV export (and Excel) puts before a cell that would read as a formula is not part of it.
  return Array.from(rows, (r) => (r ?? []).map((c) => (/^'[=+\-@\t\r]/.test(c) ? c.slice(1) : c)));
}

/** One row of the directory as the file writes it: codes of kinds and roles, as the import reads them. */
export type DirectoryFileRow = Record<DirectoryColumn, string>;

/**
 * The rows written in the template's columns. The header row holds the contract's column names; an XLSX adds a
 * second sheet "Hướng dẫn" with the Vietnamese headers and the allowed kinds and roles.
 */
export async function writeDirectoryFile(rows: DirectoryFileRow[], format: DirectoryFormat): Promise<Buffer> {
  if (format === 'csv') {
    // A number such as +84912345678 is no formula; anything else starting with = + - @ gets the apostrophe.
    const field = (text: string) => {
      const t = /^\+\d+$/.test(text) ? text : neutralisedCell(text);
      return /[",\r\n;]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
    };
    const lines = [
      DIRECTORY_COLUMNS.join(','),
      ...rows.map((r) => DIRECTORY_COLUMNS.map((c) => field(r[c])).join(',')),
    ];
    return Buffer.from(BOM + lines.join('\r\n') + '\r\n', 'utf8');
  }
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Danh bạ');
  sheet.columns = DIRECTORY_COLUMNS.map((c) => ({ header: c, key: c, width: c === 'name' ? 40 : 18 }));
  sheet.getRow(1).font = { bold: true };
  // Phones and codes stay text in Excel (a number would lose the leading zero).
  for (const c of ['code', 'phone'] as const) sheet.getColumn(c).numFmt = '@';
  for (const r of rows) sheet.addRow(r);
  const help = workbook.addWorksheet('Hướng dẫn');
  help.columns = [
    { header: 'Cột / column', width: 16 },
    { header: 'Tiêu đề tiếng Việt được chấp nhận', width: 30 },
  ];
  for (const c of DIRECTORY_COLUMNS) help.addRow([c, DIRECTORY_HEADERS_VI[c]]);
  help.addRow([]);
  help.addRow(['kind', 'Loại cơ quan']);
  for (const [k, v] of Object.entries(AGENCY_KIND_LABELS) as [AgencyKind, string][]) help.addRow([k, v]);
  help.addRow([]);
  help.addRow(['role', 'Vai trò']);
  for (const [k, v] of Object.entries(CONTACT_ROLE_LABELS)) help.addRow([k, v]);
  help.addRow([]);
  help.addRow(['groups', 'nhiều nhóm cách nhau dấu chấm phẩy (;)']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
