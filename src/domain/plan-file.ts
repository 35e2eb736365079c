/**
 * Reading a plan file's text into a validated `Plan`, with every problem as `<path>: <message>`.
 * Pure: takes text, returns a result; reading the file from disk is the caller's job.
 */
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { PlanSchema, type Plan } from './plan-schema';

export interface PlanProblem {
  /** Where, in the file's terms: `agencies[2].contacts[0].email`, or `(file)` for the whole file. */
  path: string;
  message: string;
}

export type PlanParseResult = { ok: true; plan: Plan } | { ok: false; problems: PlanProblem[] };

/** Plans larger than this are refused before parsing: no real plan comes near it, and YAML parsing is not free. */
export const MAX_PLAN_BYTES = 2 * 1024 * 1024;

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(file)' : out;
}

export function problemsFromZod(error: z.ZodError): PlanProblem[] {
  return error.issues.map((issue) => ({ path: formatPath(issue.path), message: issueMessage(issue) }));
}

export function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    return `khóa không được phép: ${issue.keys.map((k) => `"${k}"`).join(', ')} / unknown key(s)`;
  }
  if (issue.code === 'invalid_type' && issue.input === undefined) {
    return `thiếu trường bắt buộc / required field is missing`;
  }
  return issue.message;
}

/** Parses YAML (a superset of JSON) and validates. `name` only labels messages. */
export function parsePlanText(text: string): PlanParseResult {
  const read = readPlanData(text);
  return read.ok ? parsePlanData(read.data) : read;
}

/** The plan file's YAML (or JSON) as plain data, not yet validated. */
export function readPlanData(text: string): { ok: true; data: unknown } | { ok: false; problems: PlanProblem[] } {
  if (Buffer.byteLength(text, 'utf8') > MAX_PLAN_BYTES) {
    return {
      ok: false,
      problems: [
        { path: '(file)', message: `tệp quá lớn (tối đa ${MAX_PLAN_BYTES / 1024 / 1024} MB) / file too large` },
      ],
    };
  }
  if (text.trim() === '') return { ok: false, problems: [{ path: '(file)', message: 'tệp trống / file is empty' }] };
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, lineCounter });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => ({
        path: '(file)',
        message: `YAML/JSON không hợp lệ ở dòng ${lineCounter.linePos(e.pos[0]).line}: ${e.message.split('\n')[0] ?? ''} / invalid YAML/JSON`,
      })),
    };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    // The yaml package refuses an alias bomb (and unresolvable aliases) only here, by throwing.
    const reason = err instanceof Error ? err.message : String(err);
    return {
      ok: false,
      problems: [{ path: '(file)', message: `YAML không đọc được: ${reason} / unreadable YAML (aliases)` }],
    };
  }
  return { ok: true, data };
}

export function parsePlanData(data: unknown): PlanParseResult {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return {
      ok: false,
      problems: [{ path: '(file)', message: 'kế hoạch phải là một đối tượng / a plan must be an object' }],
    };
  }
  // reportInput lets issueMessage tell a missing field from a field of the wrong type.
  const result = PlanSchema.safeParse(data, { reportInput: true });
  if (result.success) return { ok: true, plan: result.data };
  return { ok: false, problems: problemsFromZod(result.error) };
}
