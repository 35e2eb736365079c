/**
 * `directory import FILE`, `directory export --out FILE`, `directory list [--json]`: the province's directory of
 * agencies and contacts (src/services/directory-*.ts). An import is all or nothing; a refused one prints every
 * problem as `row N, column: message` and exits 1 with nothing written.
 */
import fs from 'node:fs';
import os from 'node:os';
import { loadConfig } from '../../config';
import { formatDirectoryProblem } from '../../domain/directory-rows';
import { labelOf } from '../../domain/vietnamese-labels';
import { firstLine } from '../../runtime/endpoints';
import { DirectoryFileError, formatOfName, readDirectoryFile, writeDirectoryFile } from '../../services/directory-file';
import { DirectoryImportError, importDirectory } from '../../services/directory-import';
import { directoryRows, listDirectory } from '../../services/directory-store';
import { CliError } from '../cli-error';
import { withDatabase } from './stored-calendar';

function formatOrFail(file: string) {
  const format = formatOfName(file);
  if (!format) throw new CliError(`file: ${file} phải là .csv hoặc .xlsx / must end in .csv or .xlsx`);
  return format;
}

export async function directoryImport(file: string, opts: { by?: string }): Promise<void> {
  const format = formatOrFail(file);
  let data: Buffer;
  try {
    data = fs.readFileSync(file);
  } catch {
    throw new CliError(`file: không đọc được tệp ${file} / cannot read file`, 2);
  }
  let rows: string[][];
  try {
    rows = await readDirectoryFile(data, format);
  } catch (err) {
    if (err instanceof DirectoryFileError) throw new CliError(`file: ${err.message}`);
    throw err;
  }
  const actor = opts.by?.trim() || `cli:${os.userInfo().username}`;
  try {
    const r = await withDatabase((prisma) => importDirectory(prisma, actor, rows, file), loadConfig());
    console.log(
      `Đã nhập ${r.agencies} cơ quan, ${r.contacts} liên hệ: ${r.added.length} mới, ${r.changed.length} thay đổi, ` +
        `${r.unchanged.length} giữ nguyên. / imported ${r.agencies} agencies, ${r.contacts} contacts`,
    );
  } catch (err) {
    if (err instanceof DirectoryImportError) throw new CliError(err.problems.map(formatDirectoryProblem).join('\n'));
    if (err instanceof CliError || (err instanceof Error && err.name === 'StartupError')) throw err;
    throw new CliError(
      `database: không ghi được danh bạ, không có gì thay đổi (${firstLine(err)}) / nothing was changed`,
    );
  }
}

export async function directoryExport(opts: { out?: string }): Promise<void> {
  if (!opts.out) throw new CliError('out: cần --out FILE (.xlsx hoặc .csv) / --out is required');
  const format = formatOrFail(opts.out);
  const agencies = await withDatabase((prisma) => listDirectory(prisma), loadConfig());
  fs.writeFileSync(opts.out, await writeDirectoryFile(directoryRows(agencies), format));
  const contacts = agencies.reduce((n, a) => n + a.contacts.length, 0);
  console.log(`Đã ghi ${agencies.length} cơ quan, ${contacts} liên hệ vào ${opts.out}. / exported`);
}

export async function directoryList(opts: { json?: boolean }): Promise<void> {
  const agencies = await withDatabase((prisma) => listDirectory(prisma), loadConfig());
  if (opts.json) {
    console.log(JSON.stringify({ agencies }, null, 2));
    return;
  }
  if (agencies.length === 0) {
    console.log('Danh bạ trống. / the directory is empty');
    return;
  }
  for (const a of agencies) {
    const state =
      a.state === 'active' ? '' : ` [${labelOf('directoryState', a.state)}${a.successor ? ` → ${a.successor}` : ''}]`;
    console.log(`${a.code.padEnd(14)} ${a.name} (${labelOf('kind', a.kind)})${state}`);
    for (const c of a.contacts)
      console.log(
        `${''.padEnd(16)}${labelOf('role', c.role)}: ${[c.name, c.email, c.phone].filter(Boolean).join(', ')}`,
      );
  }
}
