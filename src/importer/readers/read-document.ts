/**
 * Reads a plan document from disk by its extension (.txt, .docx, .pdf), refusing what it cannot read with one
 * sentence each: missing, larger than 50 MB, empty, an unknown extension, content that is not what the extension
 * says, corrupt, encrypted, or a scan without a text layer.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { DocumentText } from '../document-text';
import { readDocx } from './docx-reader';
import { ImportReadError } from './import-error';
import { readPdf } from './pdf-reader';
import { readText } from './text-reader';

/** Real plans are under 5 MB; 50 MB bounds memory and time before parsing starts. */
export const MAX_DOCUMENT_BYTES = 50 * 1024 * 1024;

export async function readDocumentFile(file: string): Promise<DocumentText> {
  const name = path.basename(file);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (cause) {
    throw new ImportReadError(`${name}: không tìm thấy hoặc không đọc được tệp / cannot read file`, 'not-found', {
      cause,
    });
  }
  if (!stat.isFile()) throw new ImportReadError(`${name}: không phải tệp / not a file`, 'not-found');
  if (stat.size > MAX_DOCUMENT_BYTES) {
    throw new ImportReadError(
      `${name}: tệp quá lớn (${(stat.size / 1024 / 1024).toFixed(1)} MB, tối đa 50 MB) / file too large (max 50 MB)`,
      'too-large',
    );
  }
  if (stat.size === 0) throw new ImportReadError(`${name}: tệp trống / empty file`, 'empty');
  const bytes = fs.readFileSync(file);
  return readDocumentBytes(bytes, name);
}

export async function readDocumentBytes(bytes: Uint8Array, name: string): Promise<DocumentText> {
  if (bytes.length > MAX_DOCUMENT_BYTES)
    throw new ImportReadError(`${name}: tệp quá lớn (tối đa 50 MB) / file too large (max 50 MB)`, 'too-large');
  const ext = path.extname(name).toLowerCase();
  let doc: DocumentText;
  if (ext === '.txt' || ext === '.text') doc = readText(bytes, name);
  else if (ext === '.docx') doc = await readDocx(bytes, name);
  else if (ext === '.pdf') doc = await readPdf(bytes, name);
  else
    throw new ImportReadError(
      `${name}: chỉ nhập được tệp .docx, .pdf hoặc .txt / only .docx, .pdf and .txt can be imported`,
      'unsupported',
    );
  if (doc.lines.every((l) => l.text.trim() === ''))
    throw new ImportReadError(`${name}: văn bản không có nội dung / the document is empty`, 'empty');
  return doc;
}
