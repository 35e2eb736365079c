/**
 * The labelled corpus (test/fixtures/import-corpus/labels.json): every document imports to exactly its labelled
 * items, and no distractor date (a citation, the issue date, an effective-date clause, a commemoration) is taken
 * as a deadline or a campaign window.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

import { fromPlainText } from '../../src/importer/document-text';
import { importPlan, type ImportResult } from '../../src/importer/import-plan';

const CORPUS = path.join(__dirname, '..', 'fixtures', 'import-corpus');
const At = z.object({ line: z.number(), value: z.string() });
const Note = z.object({ line: z.number(), text: z.string() });
const Labels = z.array(
  z.object({
    file: z.string(),
    deadline: z.array(At),
    campaign: z.array(At),
    activity: z.array(At),
    indicator: z.array(At),
    agency: z.array(z.string()),
    distractors: z.array(Note.extend({ reason: z.string() })),
    unplaced: z.array(Note),
  }),
);
const labels = Labels.parse(JSON.parse(fs.readFileSync(path.join(CORPUS, 'labels.json'), 'utf8')));

const at = (r: ImportResult, kind: string) =>
  r.items.filter((i) => i.kind === kind).map((i) => ({ line: i.line, value: i.value }));

describe.each(labels)('$file', (label) => {
  const result = importPlan(fromPlainText(fs.readFileSync(path.join(CORPUS, label.file), 'utf8')));

  it('deadlines and campaign windows are exactly the labelled ones', () => {
    expect(at(result, 'deadline')).toEqual(label.deadline);
    expect(at(result, 'campaign')).toEqual(label.campaign);
  });

  it('activities, indicators and agencies are exactly the labelled ones', () => {
    expect(at(result, 'activity')).toEqual(label.activity);
    expect(at(result, 'indicator')).toEqual(label.indicator);
    expect([...new Set(at(result, 'agency').map((a) => a.value))].sort()).toEqual(label.agency);
  });

  it('no distractor date is taken; the unplaced dates are reported with their lines', () => {
    const taken = result.items.filter((i) => i.kind === 'deadline' || i.kind === 'campaign');
    for (const d of label.distractors) {
      expect(taken.filter((t) => t.line === d.line && t.text.includes(d.text))).toEqual([]);
    }
    expect(result.setAside.map((d) => ({ line: d.line, text: d.text, reason: d.reason }))).toEqual(label.distractors);
    expect(result.unplaced).toEqual(label.unplaced);
  });
});
