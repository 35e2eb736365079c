/**
 * `nhac-han plan import FILE [--out DRAFT] [--json]`: reads a plan document (.docx, .pdf, .txt), prints what it
 * found (each item with its line) and what is missing, and with --out writes the draft as YAML. The draft is never
 * applied: a coordinator reviews it, then runs `plan validate` and `plan apply`. Exit 0 when a draft was produced
 * (even an incomplete one), 1 when the file cannot be read as a plan.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Document } from 'yaml';
import { importPlan, type ImportItem, type ImportResult } from '../../importer/import-plan';
import { ImportReadError } from '../../importer/readers/import-error';
import { readDocumentFile } from '../../importer/readers/read-document';
import { CliError } from '../cli-error';
import { loadPlanOrFail } from './plan-input';

export interface PlanImportOptions {
  out?: string;
  json?: boolean;
  /** A plan file whose agencies are the province's own: matched before the built-in catalogue. */
  agencies?: string;
}

export async function planImport(file: string, opts: PlanImportOptions): Promise<void> {
  let result: ImportResult;
  try {
    const doc = await readDocumentFile(file);
    const known = opts.agencies !== undefined ? loadPlanOrFail(opts.agencies).agencies : [];
    result = importPlan(doc, { source: path.basename(file), known });
  } catch (err) {
    if (err instanceof ImportReadError) throw new CliError(err.message, 1);
    throw err;
  }
  const planLike = result.items.some((i) => i.kind !== 'agency');
  if (!planLike) {
    throw new CliError(
      `${path.basename(file)}: không nhận ra kế hoạch (không có tiêu đề, hạn, đợt, hoạt động hay chỉ tiêu nào) / not a plan document`,
      1,
    );
  }
  if (opts.out !== undefined) writeDraft(opts.out, file, result);
  if (opts.json) {
    console.log(
      JSON.stringify(
        {
          draft: result.draft,
          valid: result.valid,
          problems: result.problems,
          missing: result.missing,
          items: result.items,
          unplaced: result.unplaced,
          unmatched: result.unmatched,
        },
        null,
        2,
      ),
    );
    return;
  }
  console.log(summary(file, result, opts.out));
}

function writeDraft(out: string, file: string, result: ImportResult): void {
  const doc = new Document(result.draft);
  doc.commentBefore = [
    ` Bản nháp nhập từ ${path.basename(file)} bằng "nhac-han plan import": CHƯA áp dụng.`,
    ' Kiểm tra từng mục, thêm đầu mối liên hệ, rồi chạy "nhac-han plan validate" và "plan apply".',
    ` A draft imported from ${path.basename(file)}: review it, add contacts, validate, then apply.`,
  ].join('\n');
  try {
    fs.writeFileSync(out, doc.toString({ lineWidth: 120 }));
  } catch {
    throw new CliError(`${out}: không ghi được tệp / cannot write file`, 1);
  }
}

const KIND_TITLES: Record<ImportItem['kind'], string> = {
  document: 'Văn bản / document',
  deadline: 'Hạn báo cáo / deadlines',
  campaign: 'Đợt hoạt động / campaign windows',
  activity: 'Hoạt động (phụ lục) / activities',
  indicator: 'Chỉ tiêu / indicators',
  agency: 'Cơ quan / agencies',
};
const DOCUMENT_FIELDS: Record<string, string> = {
  kind: 'loại',
  number: 'số',
  issuedOn: 'ngày ban hành',
  issuer: 'cơ quan ban hành',
  province: 'tỉnh',
  title: 'tiêu đề',
  years: 'thời gian',
};

function summary(file: string, r: ImportResult, out: string | undefined): string {
  const lines: string[] = [];
  lines.push(
    `Bản nháp kế hoạch / plan draft: ${r.draft.code} — ${r.draft.title} (${r.draft.years.from}–${r.draft.years.to})`,
  );
  lines.push(`Nguồn / source: ${file}`);
  for (const kind of ['document', 'deadline', 'campaign', 'activity', 'indicator', 'agency'] as const) {
    const items = r.items.filter((i) => i.kind === kind);
    lines.push('', `${KIND_TITLES[kind]} (${items.length}):`);
    for (const i of items) lines.push(`  dòng ${i.line}: ${describe(i)}`);
  }
  if (r.unplaced.length > 0) {
    lines.push('', `Ngày chưa xếp được / unplaced dates (${r.unplaced.length}):`);
    for (const u of r.unplaced) lines.push(`  dòng ${u.line}: ${u.text}`);
  }
  if (r.unmatched.length > 0) {
    lines.push('', `Tên cơ quan chưa khớp / unmatched names (${r.unmatched.length}):`);
    for (const u of r.unmatched) lines.push(`  dòng ${u.line}: ${u.text}`);
  }
  const contacts = r.missing.filter((m) => m.path.endsWith('.contacts')).length;
  const other = r.missing.filter((m) => !m.path.endsWith('.contacts'));
  lines.push('', 'Còn thiếu / missing:');
  if (contacts > 0) lines.push(`  đầu mối liên hệ của ${contacts} cơ quan / contacts of ${contacts} agencies`);
  for (const m of other) lines.push(`  ${m.path}: ${m.message}${m.line !== undefined ? ` (dòng ${m.line})` : ''}`);
  lines.push('');
  if (r.valid) lines.push('Bản nháp hợp lệ theo lược đồ kế hoạch / the draft validates.');
  else {
    lines.push('Bản nháp chưa hợp lệ / the draft does not validate yet:');
    for (const p of r.problems) lines.push(`  ${p.path}: ${p.message}`);
  }
  lines.push(
    out !== undefined
      ? `Đã ghi bản nháp vào ${out}; chưa áp dụng / draft written to ${out}, not applied.`
      : 'Thêm --out DRAFT.yaml để ghi bản nháp / add --out to write the draft.',
  );
  return lines.join('\n');
}

function describe(i: ImportItem): string {
  const pct = `${Math.round(i.confidence * 100)}%`;
  switch (i.kind) {
    case 'document':
      return `${DOCUMENT_FIELDS[i.detail ?? ''] ?? i.detail ?? ''}: ${i.value} (${pct})`;
    case 'deadline':
      return `"${i.text}" → ${i.value} [${i.detail ?? ''}] (${pct})`;
    case 'campaign':
      return `${i.detail ?? ''}: ${i.value} (${pct})`;
    case 'activity':
      return `${i.value} — ${i.text.slice(0, 70)}${i.text.length > 70 ? '…' : ''}${i.detail !== undefined ? ` → ${i.detail}` : ''}`;
    case 'indicator':
      return `${i.value} — ${i.text.slice(0, 70)}${i.text.length > 70 ? '…' : ''}${i.detail !== undefined ? ` (${i.detail})` : ''}`;
    case 'agency':
      return `${i.value} ← "${i.text}" (${pct})`;
  }
}
