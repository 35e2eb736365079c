/**
 * What changed between two plans, field by field: each change names its path in the plan file, with list items of
 * agencies, obligations, campaigns and indicators named by their code or id rather than their position
 * (`obligations[bao-cao-nam].due.date`), so a reordered or inserted item does not show as every later one changing.
 * Pure: no I/O.
 */
import type { Plan } from './plan-schema';

export interface PlanChange {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before?: string;
  after?: string;
}

const show = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const keyOf = (v: unknown): string | null => {
  if (!isObject(v)) return null;
  const k = v.id ?? v.code;
  return typeof k === 'string' ? k : null;
};

function walk(a: unknown, b: unknown, path: string, out: PlanChange[]): void {
  if (a === undefined && b === undefined) return;
  if (a === undefined) {
    out.push({ path, kind: 'added', after: show(b) });
    return;
  }
  if (b === undefined) {
    out.push({ path, kind: 'removed', before: show(a) });
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const keys = [...(a as unknown[]), ...(b as unknown[])].map(keyOf);
    const keyed = keys.every((k) => k !== null) && new Set(a.map(keyOf)).size === a.length;
    if (keyed && new Set(b.map(keyOf)).size === b.length) {
      const before = new Map(a.map((x) => [keyOf(x) ?? '', x]));
      const after = new Map(b.map((x) => [keyOf(x) ?? '', x]));
      for (const k of new Set([...before.keys(), ...after.keys()]))
        walk(before.get(k), after.get(k), `${path}[${k}]`, out);
      return;
    }
    if (a.every((x) => !isObject(x) && !Array.isArray(x)) && b.every((x) => !isObject(x) && !Array.isArray(x))) {
      if (show(a) !== show(b)) out.push({ path, kind: 'changed', before: show(a), after: show(b) });
      return;
    }
    for (let i = 0; i < Math.max(a.length, b.length); i++) walk(a[i], b[i], `${path}[${i}]`, out);
    return;
  }
  if (isObject(a) && isObject(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)]))
      walk(a[k], b[k], path === '' ? k : `${path}.${k}`, out);
    return;
  }
  if (show(a) !== show(b)) out.push({ path, kind: 'changed', before: show(a), after: show(b) });
}

/** The changes from `before` to `after`, in the plan file's order. */
export function planDiff(before: Plan, after: Plan): PlanChange[] {
  const out: PlanChange[] = [];
  walk(before, after, '', out);
  return out;
}
