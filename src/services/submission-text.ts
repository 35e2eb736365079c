/**
 * The text of the files agencies submitted, for the report's text annex (Phụ lục III). DOCX and PDF are read with
 * the plan importer's readers (mammoth; pdfjs-dist's text layer in a child process), so a report reads exactly what
 * an import would. A file that cannot be read gets a reason in Vietnamese instead: missing, a scan without a text
 * layer, password-protected, corrupt, or a spreadsheet.
 *
 * Each file's text is kept beside the uploads under `DATA_DIR/uploads/.text/<sha256>.json`, so compiling the same
 * plan-year again (the scheduled report, then "Tổng hợp ngay") reads each file once. Files are read two at a time:
 * a PDF takes a child process, and the machine the report runs on also runs the worker.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { SubmissionText } from '../domain/report-annex';
import type { DocumentText } from '../importer/document-text';
import { ImportReadError, type ImportReadErrorCode } from '../importer/readers/import-error';
import { readDocumentBytes } from '../importer/readers/read-document';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../runtime/private-files';

/** One stored file to read. */
export interface SubmittedFileRef {
  obligationId: string;
  agencyCode: string;
  fileName: string;
  /** Relative to `DATA_DIR/uploads`. */
  filePath: string;
  sha256: string | null;
}

/** A document's text beyond this many characters is cut (and says so): the annex is for reading, not archiving. */
export const MAX_TEXT_CHARS = 200_000;
const CONCURRENCY = 2;

const REASONS: Record<ImportReadErrorCode, string> = {
  'not-found': 'không tìm thấy tệp trong kho lưu trữ',
  'too-large': 'tệp quá lớn để đọc nội dung',
  empty: 'tệp không có nội dung',
  unsupported: 'định dạng này không đọc được nội dung',
  'wrong-content': 'nội dung tệp không đúng định dạng ghi trong tên tệp',
  corrupt: 'tệp bị hỏng, không đọc được',
  encrypted: 'tệp được bảo vệ bằng mật khẩu',
  scanned: 'tệp PDF là bản quét, không có lớp chữ (cần nhận dạng chữ OCR)',
};

/** A document's lines as paragraphs: a table row's cells joined with " | ", blank lines dropped, long text cut. */
export function paragraphsOf(doc: DocumentText): string[] {
  const out: string[] = [];
  let rowKey: string | null = null;
  let chars = 0;
  for (const line of doc.lines) {
    const text = line.text.replace(/\s+/g, ' ').trim();
    if (text === '') continue;
    const key = line.cell ? `${line.cell.table}:${line.cell.row}` : null;
    if (key !== null && key === rowKey && out.length > 0) out[out.length - 1] += ` | ${text}`;
    else out.push(text);
    rowKey = key;
    chars += text.length;
    if (chars > MAX_TEXT_CHARS) {
      out.push('(Phần còn lại của tệp được lược bớt; xem tệp gốc.)');
      break;
    }
  }
  return out;
}

async function readOne(uploads: string, ref: SubmittedFileRef): Promise<SubmissionText> {
  const base = { obligationId: ref.obligationId, agencyCode: ref.agencyCode, fileName: ref.fileName };
  const ext = path.extname(ref.filePath).toLowerCase();
  if (ext === '.xlsx') return { ...base, unreadable: 'bảng tính XLSX không đưa vào phụ lục nội dung; xem tệp gốc' };
  const absolute = path.resolve(uploads, ref.filePath);
  if (!absolute.startsWith(uploads + path.sep)) return { ...base, unreadable: REASONS['not-found'] };
  const cache =
    ref.sha256 && /^[0-9a-f]{64}$/.test(ref.sha256) ? path.join(uploads, '.text', `${ref.sha256}.json`) : null;
  if (cache) {
    try {
      const paragraphs = JSON.parse(await fs.readFile(cache, 'utf8')) as unknown;
      if (Array.isArray(paragraphs) && paragraphs.every((x) => typeof x === 'string')) return { ...base, paragraphs };
    } catch {
      // Not cached yet (or unreadable): read the file.
    }
  }
  let paragraphs: string[];
  try {
    // The stored name carries the checked extension; the agency's own name may not.
    paragraphs = paragraphsOf(await readDocumentBytes(await fs.readFile(absolute), path.basename(absolute)));
  } catch (err) {
    if (err instanceof ImportReadError) return { ...base, unreadable: REASONS[err.code] };
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { ...base, unreadable: REASONS['not-found'] };
    return { ...base, unreadable: REASONS.corrupt };
  }
  if (cache) {
    try {
      await fs.mkdir(path.dirname(cache), { recursive: true, mode: PRIVATE_DIR_MODE });
      const tmp = `${cache}.${process.pid}.tmp`;
      await fs.writeFile(tmp, JSON.stringify(paragraphs), { mode: PRIVATE_FILE_MODE });
      await fs.rename(tmp, cache);
    } catch {
      // A cache that cannot be written costs a second read next time, nothing more.
    }
  }
  return { ...base, paragraphs };
}

/** Reads every file (two at a time), in the order given. */
export async function readSubmissionTexts(
  dataDir: string,
  refs: readonly SubmittedFileRef[],
): Promise<SubmissionText[]> {
  const uploads = path.resolve(dataDir, 'uploads');
  const out: SubmissionText[] = new Array<SubmissionText>(refs.length);
  let next = 0;
  const lane = async () => {
    while (next < refs.length) {
      const i = next++;
      const ref = refs[i];
      if (ref) out[i] = await readOne(uploads, ref);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, refs.length) }, lane));
  return out;
}
