/**
 * DOCX through mammoth: paragraphs and tables in document order. The HTML mammoth gives is laid out in the seeds'
 * text form (a cell a tab-indented line, a blank line after each row, two after a table), so one table model serves
 * every format and a cell keeps its row and column.
 */
import mammoth from 'mammoth';
import { fromPlainText, type DocumentText } from '../document-text';
import { ImportReadError } from './import-error';

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0];
const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

export async function readDocx(bytes: Uint8Array, name: string): Promise<DocumentText> {
  if (startsWith(bytes, OLE)) {
    // An encrypted OOXML file is an OLE container; so is a legacy .doc renamed .docx.
    throw new ImportReadError(
      `${name}: tệp DOCX được mã hóa bằng mật khẩu (hoặc là tệp .doc cũ); hãy gỡ mật khẩu hoặc lưu lại dạng .docx / encrypted DOCX (or a legacy .doc)`,
      'encrypted',
    );
  }
  if (!startsWith(bytes, ZIP)) {
    throw new ImportReadError(`${name}: nội dung không phải DOCX / not a DOCX file`, 'wrong-content');
  }
  let html: string;
  try {
    html = (await mammoth.convertToHtml({ buffer: Buffer.from(bytes) }, { ignoreEmptyParagraphs: false })).value;
  } catch (cause) {
    throw new ImportReadError(`${name}: tệp DOCX bị hỏng, không đọc được / corrupt DOCX`, 'corrupt', { cause });
  }
  return fromPlainText(htmlToSeedText(html));
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ' };
const decode = (s: string) =>
  s.replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (all, e: string) =>
    e.startsWith('#x') || e.startsWith('#X')
      ? String.fromCodePoint(parseInt(e.slice(2), 16))
      : e.startsWith('#') && ENTITIES[e] === undefined
        ? String.fromCodePoint(Number(e.slice(1)))
        : (ENTITIES[e.toLowerCase()] ?? all),
  );

/** mammoth's HTML (p, h1–h6, li, table/tr/td, br) as the seeds' text layout. */
function htmlToSeedText(html: string): string {
  const out: string[] = [];
  let depth = 0;
  let cell: string[] | null = null;
  let row: string[] = [];
  let block = '';
  const tokens = html.split(/(<[^>]+>)/);
  for (const t of tokens) {
    const tag = /^<\s*(\/?)\s*([a-z0-9]+)/i.exec(t);
    if (!tag) {
      if (cell) cell.push(decode(t));
      else block += decode(t);
      continue;
    }
    const closing = tag[1] === '/';
    const name = (tag[2] ?? '').toLowerCase();
    if (name === 'table') {
      if (!closing) {
        depth++;
        if (depth === 1 && block.trim() !== '') out.push(block.trim());
        block = '';
      } else if (--depth === 0) out.push('', '');
    } else if (depth > 1) {
      // A table inside a cell: its text joins the cell.
      if (cell && (name === 'td' || name === 'th' || name === 'p') && closing) cell.push(' ');
    } else if (depth === 1 && (name === 'td' || name === 'th')) {
      if (!closing) cell = [];
      else if (cell) {
        row.push(
          cell
            .join('')
            .replace(/[ \t]*\n[ \t]*/g, '\n')
            .trim(),
        );
        cell = null;
      }
    } else if (depth === 1 && name === 'tr') {
      if (closing) {
        for (const c of row) out.push(`\t${c === '' ? ' ' : c}`);
        out.push('');
        row = [];
      }
    } else if (depth === 1 && cell && (name === 'p' || name === 'br') && (closing || name === 'br')) {
      cell.push('\n');
    } else if (depth === 0 && /^(p|h[1-6]|li)$/.test(name) && closing) {
      out.push(block.replace(/\n/g, ' '));
      block = '';
    } else if (depth === 0 && name === 'br') {
      block += ' ';
    }
  }
  if (block.trim() !== '') out.push(block);
  return out.join('\n');
}
