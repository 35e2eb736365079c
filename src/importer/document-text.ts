/**
 * A document as the importer sees it: lines (paragraphs) and table cells in document order, each with the line it
 * came from. Every reader (text, DOCX, PDF) produces this shape, so the extraction rules never see a file format.
 *
 * Pure: no I/O.
 */

/** Where a table cell sits: which table of the document, which row and column (all 0-based). */
interface CellPosition {
  table: number;
  row: number;
  column: number;
}

export interface TextLine {
  /** 1-based line of the source (for DOCX and PDF: the paragraph or text line in document order). */
  line: number;
  text: string;
  cell?: CellPosition;
}

export interface DocumentText {
  lines: TextLine[];
}

/** A table: rows of cells, each cell its text and source line. */
export interface TableCell {
  text: string;
  line: number;
}
export type Table = TableCell[][];

/**
 * NFC, ordinary spaces and hyphens. Documents mix NBSP, soft hyphens, en/em dashes and "‐"; the grammar should not
 * have to know them all.
 */
function normalizeText(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[\u00a0\u2007\u202f\u2009\u200b]/g, ' ')
    .replace(/\u00ad/g, '')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[ \t]+$/g, '');
}

/**
 * Lowercase without diacritics, one character per input character, so a match found in the folded text is at the
 * same offsets in the original. "Trước ngày" → "truoc ngay", "Đ" → "d".
 */
export function fold(text: string): string {
  let out = '';
  for (const ch of text) {
    const base = ch.normalize('NFD')[0] ?? ch;
    const lower = base.toLowerCase();
    const one = lower === 'đ' ? 'd' : lower.length === 1 ? lower : ch;
    // A character outside the BMP takes two UTF-16 units: keep it whole so offsets stay aligned.
    out += one.length === ch.length ? one : ch;
  }
  return out;
}

/**
 * Plain text with the seeds' table layout: a row is a run of lines that begin with a tab (one cell each; a following
 * line without a tab continues the cell), rows end at a blank line, and a table is a run of such rows.
 */
export function fromPlainText(text: string): DocumentText {
  const raw = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const lines: TextLine[] = [];
  let table = -1;
  let row = -1;
  let column = -1;
  let inTable = false;
  let lastCell: TextLine | undefined;
  raw.forEach((source, index) => {
    const line = index + 1;
    const isCell = source.startsWith('\t');
    if (isCell) {
      if (!inTable) {
        table++;
        row = 0;
        column = -1;
        inTable = true;
      } else if (column === -2) {
        row++;
        column = -1;
      }
      column++;
      lastCell = { line, text: normalizeText(source.slice(1)).trim(), cell: { table, row, column } };
      lines.push(lastCell);
      return;
    }
    const body = normalizeText(source).trim();
    if (inTable && body === '') {
      // A blank line closes a row; a second one (or prose) closes the table.
      if (column === -2) inTable = false;
      column = -2;
      lastCell = undefined;
      return;
    }
    // Only a row that already has two cells is a table row a line can continue: a lone tab-indented line (a
    // signature block, "\t KT. CHỦ TỊCH") is prose.
    if (inTable && lastCell && column >= 1) {
      lastCell.text = `${lastCell.text}\n${body}`;
      return;
    }
    inTable = false;
    lastCell = undefined;
    if (body !== '') lines.push({ line, text: body });
  });
  return { lines: withoutOneColumnTables(lines) };
}

/** A "table" whose rows never have two cells is indented prose. */
function withoutOneColumnTables(lines: TextLine[]): TextLine[] {
  const widest = new Map<number, number>();
  for (const l of lines) {
    if (l.cell) widest.set(l.cell.table, Math.max(widest.get(l.cell.table) ?? 0, l.cell.column + 1));
  }
  const renumber = new Map<number, number>();
  for (const [t, w] of [...widest.entries()].sort((a, b) => a[0] - b[0])) {
    if (w >= 2) renumber.set(t, renumber.size);
  }
  const out: TextLine[] = [];
  for (const l of lines) {
    if (!l.cell) {
      out.push(l);
      continue;
    }
    const table = renumber.get(l.cell.table);
    if (table === undefined) {
      if (l.text !== '') out.push({ line: l.line, text: l.text });
    } else out.push({ ...l, cell: { ...l.cell, table } });
  }
  return out;
}

/** The document's tables, rebuilt from the cells' positions. */
export function tablesOf(doc: DocumentText): Table[] {
  const tables: Table[] = [];
  for (const l of doc.lines) {
    if (!l.cell) continue;
    const t = (tables[l.cell.table] ??= []);
    const r = (t[l.cell.row] ??= []);
    r[l.cell.column] = { text: l.text, line: l.line };
  }
  return tables
    .filter((t) => t !== undefined)
    .map((t) => t.filter((r) => r !== undefined).map((r) => Array.from(r, (c) => c ?? { text: '', line: 0 })));
}

/** Prose only (no table cells), for the sentence rules. */
export function proseLines(doc: DocumentText): TextLine[] {
  return doc.lines.filter((l) => !l.cell);
}
