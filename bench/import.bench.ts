/**
 * The importer over the labelled corpus (test/fixtures/import-corpus/labels.json): precision and recall per kind
 * (deadline and campaign by line and value, activity and indicator by line and id, agency by code per document),
 * distractor dates taken as deadlines or windows (target 0), and the median time to import one document (text
 * already read) over 5 runs after a warm-up. Targets (issue 12): precision ≥ 0.95 and recall ≥ 0.9 on deadlines
 * and campaign windows.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

import { fromPlainText } from '../src/importer/document-text';
import { importPlan, type ImportResult } from '../src/importer/import-plan';
import { printFigures } from './report-line';

const CORPUS = path.join(__dirname, '..', 'test', 'fixtures', 'import-corpus');
const At = z.object({ line: z.number(), value: z.string() });
const Labels = z.array(
  z.object({
    file: z.string(),
    deadline: z.array(At),
    campaign: z.array(At),
    activity: z.array(At),
    indicator: z.array(At),
    agency: z.array(z.string()),
    distractors: z.array(z.object({ line: z.number(), text: z.string() })),
  }),
);

type Kind = 'deadline' | 'campaign' | 'activity' | 'indicator' | 'agency';
const KINDS: Kind[] = ['deadline', 'campaign', 'activity', 'indicator', 'agency'];

function keys(r: ImportResult, kind: Kind): string[] {
  const items = r.items.filter((i) => i.kind === kind);
  return kind === 'agency' ? [...new Set(items.map((i) => i.value))] : items.map((i) => `${i.line}|${i.value}`);
}

function run(): void {
  const labels = Labels.parse(JSON.parse(fs.readFileSync(path.join(CORPUS, 'labels.json'), 'utf8')));
  const texts = labels.map((l) => fs.readFileSync(path.join(CORPUS, l.file), 'utf8'));
  const counts = Object.fromEntries(KINDS.map((k) => [k, { tp: 0, fp: 0, fn: 0 }])) as Record<
    Kind,
    { tp: number; fp: number; fn: number }
  >;
  let distractorsTaken = 0;
  labels.forEach((label, i) => {
    const result = importPlan(fromPlainText(texts[i] ?? ''));
    for (const kind of KINDS) {
      const got = keys(result, kind);
      const want = kind === 'agency' ? label.agency : label[kind].map((a) => `${a.line}|${a.value}`);
      const pool = [...want];
      for (const g of got) {
        const at = pool.indexOf(g);
        if (at >= 0) {
          counts[kind].tp++;
          pool.splice(at, 1);
        } else counts[kind].fp++;
      }
      counts[kind].fn += pool.length;
    }
    const taken = result.items.filter((x) => x.kind === 'deadline' || x.kind === 'campaign');
    for (const d of label.distractors) {
      if (taken.some((t) => t.line === d.line && t.text.includes(d.text))) distractorsTaken++;
    }
  });

  const docs = texts.map((t) => fromPlainText(t));
  for (const d of docs) importPlan(d);
  const perRun: number[] = [];
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    for (const d of docs) importPlan(d);
    perRun.push((performance.now() - t0) / docs.length);
  }
  perRun.sort((a, b) => a - b);

  const figures: Record<string, number> = {};
  const round = (x: number) => Math.round(x * 1000) / 1000;
  for (const kind of KINDS) {
    const { tp, fp, fn } = counts[kind];
    figures[`${kind}Precision`] = round(tp + fp === 0 ? 1 : tp / (tp + fp));
    figures[`${kind}Recall`] = round(tp + fn === 0 ? 1 : tp / (tp + fn));
    figures[`${kind}Labelled`] = tp + fn;
  }
  figures.distractorsTaken = distractorsTaken;
  figures.documents = docs.length;
  figures.msPerDocument = Math.round((perRun[2] ?? 0) * 100) / 100;
  printFigures('import', figures);
}

run();
