/**
 * Makes the DOCX and PDF of each seed in test/fixtures/import-corpus/files/ the way a coordinator's files are
 * made: the seed's text as HTML (a paragraph per line, each table of the seed's tab layout a real table), converted
 * by LibreOffice (`soffice --headless --convert-to docx`, then the DOCX `--convert-to pdf`).
 *
 *   npx tsx scripts/import-fixture-files.ts
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { fromPlainText } from '../src/importer/document-text';

const CORPUS = path.join(__dirname, '..', 'test', 'fixtures', 'import-corpus');
const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function seedHtml(text: string): string {
  const out: string[] = ['<html><head><meta charset="utf-8"></head><body>'];
  let table: string[][][] | null = null;
  const close = () => {
    if (!table) return;
    out.push('<table border="1" cellpadding="2">');
    for (const row of table) out.push(`<tr>${row.map((c) => `<td>${c.map(escape).join('<br>')}</td>`).join('')}</tr>`);
    out.push('</table>');
    table = null;
  };
  for (const l of fromPlainText(text).lines) {
    if (!l.cell) {
      close();
      out.push(`<p>${escape(l.text)}</p>`);
      continue;
    }
    table ??= [];
    const row = (table[l.cell.row] ??= []);
    row[l.cell.column] = l.text.split('\n');
  }
  close();
  out.push('</body></html>');
  return out.join('\n');
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nhac-han-fixtures-'));
try {
  for (const seed of fs.readdirSync(path.join(CORPUS, 'seeds')).sort()) {
    const name = `seed-${seed.slice(0, 3)}`;
    const html = path.join(tmp, `${name}.html`);
    fs.writeFileSync(html, seedHtml(fs.readFileSync(path.join(CORPUS, 'seeds', seed), 'utf8')));
    const soffice = (args: string[]) =>
      execFileSync('soffice', ['--headless', ...args, '--outdir', tmp], { stdio: 'ignore' });
    soffice(['--convert-to', 'docx:MS Word 2007 XML', html]);
    soffice(['--convert-to', 'pdf', path.join(tmp, `${name}.docx`)]);
    for (const ext of ['docx', 'pdf'])
      fs.copyFileSync(path.join(tmp, `${name}.${ext}`), path.join(CORPUS, 'files', `${name}.${ext}`));
    process.stdout.write(`${name}.docx, ${name}.pdf\n`);
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
