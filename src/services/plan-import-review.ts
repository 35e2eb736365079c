/**
 * The coordinator's review of an imported draft: the document's lines beside what was extracted, each reporting
 * deadline and campaign window linked to its line, to keep, correct or drop before the draft becomes a plan file.
 * The draft travels in the review form itself (signed nowhere, validated again on its way back): nothing is stored
 * until the coordinator applies the plan file on the plans page.
 */
import { stringify } from 'yaml';
import { z } from 'zod';
import { importPlan, type ImportResult } from '../importer/import-plan';
import { readDocumentBytes } from '../importer/readers/read-document';
import { InvalidInputError } from './service-errors';

export interface ReviewRow {
  index: number;
  id: string;
  title: string;
  /** `dd/mm` of a yearly rule or window end, as the form shows and takes it back. */
  date: string;
  /** A campaign window's first day, `dd/mm`. */
  from?: string;
  /** Where the document says it, and the words it says it in. */
  line: number | null;
  text: string | null;
}

export interface ImportReview {
  fileName: string;
  lines: { line: number; text: string }[];
  obligations: ReviewRow[];
  campaigns: ReviewRow[];
  missing: { path: string; message: string }[];
  unplaced: { line: number; text: string }[];
  /** The draft, as the review form carries it back (base64url JSON). */
  draft: string;
}

type Draft = ImportResult['draft'];
type Obligation = NonNullable<Draft['obligations']>[number];
type Campaign = NonNullable<Draft['campaigns']>[number];

/** Reads an uploaded document and imports it; unreadable input is a refusal naming the file. */
export async function importUpload(bytes: Uint8Array, fileName: string): Promise<ImportReview> {
  let result: ImportResult;
  let lines: { line: number; text: string }[];
  try {
    const doc = await readDocumentBytes(bytes, fileName);
    result = importPlan(doc, { source: fileName });
    lines = doc.lines.map((l) => ({ line: l.line, text: l.text }));
  } catch (err) {
    throw new InvalidInputError([{ path: 'file', message: err instanceof Error ? err.message : String(err) }]);
  }
  const itemAt = (kind: 'deadline' | 'campaign', value: string) =>
    result.items.find((i) => i.kind === kind && (i.value === value || i.value.startsWith(`${value}/`)));
  return {
    fileName,
    lines,
    obligations: (result.draft.obligations ?? []).map((o, index) => {
      const date = o.due.type === 'yearly' ? o.due.date : '';
      const item = date ? itemAt('deadline', date) : undefined;
      return { index, id: o.id, title: o.title, date, line: item?.line ?? null, text: item?.text ?? null };
    }),
    campaigns: (result.draft.campaigns ?? []).map((c, index) => {
      const item = itemAt('campaign', `${c.window.from}–${c.window.to}`);
      return {
        index,
        id: c.id,
        title: c.name,
        from: c.window.from,
        date: c.window.to,
        line: item?.line ?? null,
        text: item?.text ?? null,
      };
    }),
    missing: result.missing.map((m) => ({ path: m.path, message: m.message })),
    unplaced: result.unplaced.map((u) => ({ line: u.line, text: u.text })),
    draft: Buffer.from(JSON.stringify(result.draft), 'utf8').toString('base64url'),
  };
}

const DAY_MONTH = /^(\d{1,2})\/(\d{1,2})$/;
const dayMonth = (path: string, raw: string | undefined): string => {
  const m = DAY_MONTH.exec((raw ?? '').trim());
  const day = Number(m?.[1]);
  const month = Number(m?.[2]);
  if (!m || month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(2024, month, 0)).getUTCDate()) {
    throw new InvalidInputError([{ path, message: `ngày dạng dd/mm, ví dụ 10/6 / a day as dd/mm: ${raw ?? ''}` }]);
  }
  return `${day}/${month}`;
};

const DraftShape = z.object({
  obligations: z.array(z.object({ id: z.string(), due: z.object({ type: z.string() }).loose() }).loose()),
  campaigns: z.array(z.object({ id: z.string(), window: z.object({ from: z.string(), to: z.string() }) }).loose()),
});

/**
 * The draft with the coordinator's choices, as plan-file YAML: unchecked rows dropped, corrected dates written into
 * yearly rules and campaign windows. Fields: `draft`, `keep.o<i>` / `keep.c<i>` (present = kept), `date.o<i>`,
 * `from.c<i>`, `date.c<i>`.
 */
export function reviewedPlanText(fields: Record<string, string | undefined>): string {
  let draft: Draft;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(fields.draft ?? '', 'base64url').toString('utf8'));
    DraftShape.parse(parsed);
    draft = parsed as Draft;
  } catch {
    throw new InvalidInputError([{ path: 'draft', message: 'bản nháp hỏng, hãy nhập lại văn bản / broken draft' }]);
  }
  const obligations = (draft.obligations ?? []).flatMap((o: Obligation, i) => {
    if (fields[`keep.o${i}`] === undefined) return [];
    if (o.due.type !== 'yearly') return [o];
    return [{ ...o, due: { ...o.due, date: dayMonth(`obligations.${o.id}.due`, fields[`date.o${i}`]) } }];
  });
  const campaigns = (draft.campaigns ?? []).flatMap((c: Campaign, i) =>
    fields[`keep.c${i}`] === undefined
      ? []
      : [
          {
            ...c,
            window: {
              ...c.window,
              from: dayMonth(`campaigns.${c.id}.window.from`, fields[`from.c${i}`]),
              to: dayMonth(`campaigns.${c.id}.window.to`, fields[`date.c${i}`]),
            },
          },
        ],
  );
  // A consolidated report gathers obligations by id: one the coordinator dropped is no longer there to gather.
  const ids = new Set(obligations.map((o) => o.id));
  const gathered = obligations.map((o) => (o.gathers ? { ...o, gathers: o.gathers.filter((g) => ids.has(g)) } : o));
  return stringify({ ...draft, obligations: gathered, campaigns }, { lineWidth: 0 });
}
