/**
 * A plan's source hash: sha256 of its canonical JSON (sorted keys, no undefined members), so the same plan hashes
 * the same after a trip through jsonb or through the web editor's form. `Plan.sourceHash` and `PlanVersion.sourceHash`.
 */
import { createHash } from 'node:crypto';
import type { Plan } from '../domain/plan-schema';

export function planSourceHash(plan: Plan): string {
  return createHash('sha256').update(canonicalJson(plan)).digest('hex');
}

/** JSON with sorted keys and no undefined members. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}
