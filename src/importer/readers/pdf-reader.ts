/**
 * PDF through pdfjs-dist's text layer, lines rebuilt from the glyph runs' positions and lines that ran to the right
 * margin joined with the next (the PDF wrapped them; the document had one paragraph). A PDF without a text layer
 * is a scan: it is refused with a message that says so, never guessed at.
 */
import { execFile } from 'node:child_process';
import { fromPlainText, type DocumentText } from '../document-text';
import { ImportReadError } from './import-error';

interface Run {
  str: string;
  x: number;
  y: number;
  width: number;
  eol: boolean;
}

type PdfOutcome = { ok: true; pages: Run[][] } | { ok: false; error: 'password' | 'invalid'; message: string };

/**
 * The text layer is read in a child Node process: pdfjs-dist is ESM only (this package is CommonJS, and jest's VM
 * cannot load it), and a hostile PDF then cannot hang or bloat the importing process: the child has a time limit.
 */
const CHILD = String.raw`
import { pathToFileURL } from 'node:url';
const chunks = [];
for await (const c of process.stdin) chunks.push(c);
const pdfjs = await import(pathToFileURL(process.argv[1]).href);
try {
  const doc = await pdfjs.getDocument({ data: new Uint8Array(Buffer.concat(chunks)), isEvalSupported: false, verbosity: 0 }).promise;
  const pages = [];
  for (let p = 1; p <= doc.numPages; p++) {
    const page = await doc.getPage(p);
    const content = await page.getTextContent();
    pages.push(content.items.filter((i) => 'str' in i).map((i) => ({ str: i.str, x: i.transform[4], y: i.transform[5], width: i.width, eol: i.hasEOL })));
    page.cleanup();
  }
  await doc.destroy();
  process.stdout.write(JSON.stringify({ ok: true, pages }));
} catch (e) {
  process.stdout.write(JSON.stringify({ ok: false, error: e && e.name === 'PasswordException' ? 'password' : 'invalid', message: String(e && e.message) }));
}
`;

/** Seconds a PDF may take to yield its text layer. */
const PDF_TIMEOUT_MS = 60_000;

function textLayer(bytes: Uint8Array): Promise<PdfOutcome> {
  const script = require.resolve('pdfjs-dist/legacy/build/pdf.mjs');
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ['--input-type=module', '-e', CHILD, script],
      { maxBuffer: 256 * 1024 * 1024, timeout: PDF_TIMEOUT_MS, encoding: 'utf8' },
      (err, stdout) => {
        if (err && stdout === '') return reject(new Error(err.message, { cause: err }));
        try {
          resolve(JSON.parse(stdout) as PdfOutcome);
        } catch (cause) {
          reject(cause instanceof Error ? cause : new Error(String(cause)));
        }
      },
    );
    child.stdin?.end(Buffer.from(bytes));
  });
}

export async function readPdf(bytes: Uint8Array, name: string): Promise<DocumentText> {
  if (!Buffer.from(bytes.subarray(0, 1024)).toString('latin1').includes('%PDF-')) {
    throw new ImportReadError(`${name}: nội dung không phải PDF / not a PDF file`, 'wrong-content');
  }
  let outcome: PdfOutcome;
  try {
    outcome = await textLayer(bytes);
  } catch (cause) {
    throw new ImportReadError(`${name}: không đọc được tệp PDF (hỏng hoặc quá lâu) / cannot read the PDF`, 'corrupt', {
      cause,
    });
  }
  if (!outcome.ok) {
    if (outcome.error === 'password') {
      throw new ImportReadError(
        `${name}: tệp PDF được bảo vệ bằng mật khẩu; hãy gỡ mật khẩu rồi nhập lại / password-protected PDF`,
        'encrypted',
      );
    }
    throw new ImportReadError(`${name}: tệp PDF bị hỏng, không đọc được / corrupt PDF`, 'corrupt');
  }
  const lines = paragraphs(outcome.pages.map((runs) => pageRows(runs)));
  if (lines.every((l) => l.trim() === '')) {
    throw new ImportReadError(
      `${name}: PDF không có lớp chữ (bản quét); cần nhận dạng chữ (OCR) trước khi nhập / scanned PDF without a text layer: run OCR first`,
      'scanned',
    );
  }
  return fromPlainText(lines.join('\n'));
}

interface Row {
  text: string;
  left: number;
  right: number;
  /** The right edge of the page's text. */
  margin: number;
}

/** Runs → rows (a new row where y changes). */
function pageRows(runs: readonly Run[]): Row[] {
  const rows: Row[] = [];
  let cur: (Row & { y: number }) | null = null;
  for (const r of runs) {
    if (cur && Math.abs(r.y - cur.y) > 2) {
      rows.push(cur);
      cur = null;
    }
    if (r.str !== '') {
      cur ??= { text: '', left: r.x, right: r.x, y: r.y, margin: 0 };
      cur.text += r.str;
      cur.right = Math.max(cur.right, r.x + r.width);
    }
    if (r.eol && cur) {
      rows.push(cur);
      cur = null;
    }
  }
  if (cur) rows.push(cur);
  const margin = Math.max(0, ...rows.map((r) => r.right));
  return rows.map((r) => ({ text: r.text, left: r.left, right: r.right, margin }));
}

/** Rows joined into paragraphs, across pages: a row the PDF wrapped goes on in the next one. */
function paragraphs(pages: readonly Row[][]): string[] {
  const rows = pages.flat();
  const out: string[] = [];
  let para = '';
  rows.forEach((r, i) => {
    para = para === '' ? r.text : `${para}${para.endsWith(' ') || para.endsWith('-') ? '' : ' '}${r.text.trimStart()}`;
    // The PDF wrapped the row if the next row's first word would not have fitted after it.
    const next = rows[i + 1];
    const charWidth = (r.right - r.left) / Math.max(1, r.text.length);
    const firstWord = next ? (/^\s*\S+/.exec(next.text)?.[0].trim().length ?? 0) : 0;
    const isHeading = (t: string) => t === t.toLocaleUpperCase('vi') && /\p{Lu}/u.test(t);
    // A heading wraps only into more heading ("KẾ HOẠCH … PHÂN" / "BIỆT ĐỐI XỬ …"), never into the text under it.
    const heading = isHeading(r.text) && !(next !== undefined && isHeading(next.text));
    const opensItem = next !== undefined && /^\s*(?:[-+•]|[a-zđ]\)|\d+\.|[IVX]+\.)\s/u.test(next.text);
    const wrapped = next !== undefined && !heading && !opensItem && r.right + (firstWord + 2) * charWidth > r.margin;
    if (!wrapped) {
      out.push(para);
      para = '';
    }
  });
  if (para !== '') out.push(para);
  return out;
}
