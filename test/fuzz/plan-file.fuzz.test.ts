/**
 * Plan files under fast-check: arbitrary texts, structured values over the schema's shape, and mutations of the five
 * presets under plans/ and of the broken-plan corpus (values replaced, keys dropped or added, elements duplicated,
 * lines deleted or doubled, characters inserted). The reader never throws; it either gives a plan, whose calendar
 * can be computed, or one `<path>: <message>` per problem, each path in the file's terms and each message non-empty.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import YAML from 'yaml';
import { parsePlanText, type PlanParseResult } from '../../src/domain/plan-file';
import { planCalendar } from '../../src/domain/plan-calendar';

const ROOT = path.join(__dirname, '..', '..');
const read = (dir: string) =>
  fs
    .readdirSync(path.join(ROOT, dir))
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .map((f) => fs.readFileSync(path.join(ROOT, dir, f), 'utf8'));
const PRESETS = read('plans');
const BROKEN = read('test/fixtures/broken-plans');
const RUNS = Number(process.env.NHAC_HAN_FUZZ_RUNS ?? 150);
/** A path as formatPath writes it: `(file)`, or keys and [indexes] such as `agencies[2].contacts[0].email`. */
const PATH = /^(\(file\)|[^.[\]\s]+(\[\d+\]|\.[^.[\]\s]+)*)$/;

function holds(result: PlanParseResult): void {
  if (result.ok) {
    expect(() => planCalendar(result.plan)).not.toThrow();
    return;
  }
  expect(result.problems.length).toBeGreaterThan(0);
  for (const p of result.problems) {
    expect(p.path).toMatch(PATH);
    expect(p.message.trim()).not.toBe('');
    expect(`${p.path}: ${p.message}`).not.toMatch(/\n\s+at /);
  }
}

function check(text: string): void {
  let result: PlanParseResult | undefined;
  expect(() => (result = parsePlanText(text))).not.toThrow();
  holds(result!);
}

type Json = unknown;
/** Replaces, drops or adds at the node chosen by `pick` (a number walked down the tree), or duplicates an element. */
function mutate(value: Json, pick: number, op: number, replacement: Json): Json {
  if (Array.isArray(value)) {
    const items = value as Json[];
    if (items.length === 0 || pick % 7 === 0) return op % 2 === 0 ? replacement : [...value, replacement];
    const i = pick % value.length;
    if (op % 5 === 0) return [...value.slice(0, i), value[i], ...value.slice(i)];
    if (op % 5 === 1) return value.filter((_, k) => k !== i);
    return items.map((v: Json, k): Json => (k === i ? mutate(v, Math.floor(pick / 3), op, replacement) : v));
  }
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 0 || pick % 7 === 0) return replacement;
    const key = keys[pick % keys.length]!;
    const rec = value as Record<string, Json>;
    if (op % 5 === 0) return Object.fromEntries(keys.filter((k) => k !== key).map((k) => [k, rec[k]]));
    if (op % 5 === 1) return { ...rec, [`${key}x`]: replacement };
    return { ...rec, [key]: mutate(rec[key], Math.floor(pick / 3), op, replacement) };
  }
  return replacement;
}

const scalar = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('25/3', 'tuần cuối tháng 6', '2018 và 2020', 'Hàng năm', '2026-02-30', 'P-1D', 'PT0S', '24:00', ''),
  fc.constantFrom('2013', 1900, 2200, -1, 1e308, '0912345678', '+84', 'a@b', '__proto__', 'constructor'),
);
const replacement = fc.oneof(scalar, fc.jsonValue({ maxDepth: 3 }), fc.array(scalar, { maxLength: 3 }));

test('any text: a plan or path: message problems, never a throw', () => {
  fc.assert(fc.property(fc.oneof(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' })), check), {
    numRuns: RUNS * 2,
  });
});

test('YAML and JSON documents of any shape: a plan or path: message problems', () => {
  fc.assert(
    fc.property(fc.jsonValue({ maxDepth: 4 }), fc.boolean(), (v, json) =>
      check(json ? JSON.stringify(v) : YAML.stringify(v)),
    ),
    { numRuns: RUNS },
  );
});

test('the presets and the broken-plan corpus with their values mutated', () => {
  const docs = [...PRESETS, ...BROKEN].map((t) => {
    try {
      return YAML.parse(t) as Json;
    } catch {
      return t;
    }
  });
  fc.assert(
    fc.property(
      fc.nat(docs.length - 1),
      fc.array(fc.tuple(fc.nat(), fc.nat(), replacement), { minLength: 1, maxLength: 4 }),
      fc.boolean(),
      (d, mutations, json) => {
        let doc = docs[d];
        for (const [pick, op, r] of mutations) doc = mutate(doc, pick, op, r);
        check(json ? (JSON.stringify(doc) ?? 'null') : YAML.stringify(doc));
      },
    ),
    { numRuns: RUNS },
  );
});

test('the presets and the broken-plan corpus with their lines and characters mutated', () => {
  const texts = [...PRESETS, ...BROKEN];
  fc.assert(
    fc.property(
      fc.nat(texts.length - 1),
      fc.array(fc.tuple(fc.nat(), fc.nat(3), fc.string({ maxLength: 8 })), { minLength: 1, maxLength: 5 }),
      (t, edits) => {
        let lines = texts[t]!.split('\n');
        for (const [at, op, s] of edits) {
          const i = at % Math.max(1, lines.length);
          if (op === 0) lines = lines.filter((_, k) => k !== i);
          else if (op === 1) lines = [...lines.slice(0, i), lines[i] ?? '', ...lines.slice(i)];
          else if (op === 2) lines[i] = (lines[i] ?? '').slice(0, at % 20) + s + (lines[i] ?? '').slice(at % 20);
          else lines[i] = `${'  '.repeat(at % 4)}${(lines[i] ?? '').trimStart()}`;
        }
        check(lines.join('\n'));
      },
    ),
    { numRuns: RUNS },
  );
});

test('YAML aliases and tags beyond JSON: problems, not a throw', () => {
  // An alias bomb: the yaml package throws from toJS(), which the reader turns into a (file) problem.
  expect(parsePlanText('a: &x [1]\n' + Array.from({ length: 120 }, (_, i) => `c${i}: *x`).join('\n'))).toMatchObject({
    ok: false,
    problems: [{ path: '(file)', message: expect.stringContaining('Excessive alias count') as unknown }],
  });
  check('a: &x [1]\nb: [*x, *x, *x]\n' + Array.from({ length: 120 }, (_, i) => `c${i}: *x`).join('\n'));
  check('code: !!binary aGVsbG8=\n');
  check('code: !!timestamp 2026-01-01\n');
  check('<<: *nope\n');
  check('? [a, b]\n: c\n');
});
