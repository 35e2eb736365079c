import fs from 'node:fs';
import { parsePlanDataWithDirectory, type DirectorySnapshot } from '../../domain/directory-references';
import { MAX_PLAN_BYTES, readPlanData, type PlanParseResult, type PlanProblem } from '../../domain/plan-file';
import type { Plan } from '../../domain/plan-schema';
import { CliError } from '../cli-error';

/** Reads a plan file's data (YAML or JSON), not yet validated. Unreadable → CliError exit 2; too large or not YAML →
 * the problems. */
export function readPlanFileData(file: string): { ok: true; data: unknown } | { ok: false; problems: PlanProblem[] } {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new CliError(`${file}: không đọc được tệp / cannot read file`, 2);
  }
  if (!stat.isFile()) throw new CliError(`${file}: không phải tệp / not a file`, 2);
  if (stat.size > MAX_PLAN_BYTES) {
    return {
      ok: false,
      problems: [
        {
          path: '(file)',
          message: `tệp quá lớn: ${(stat.size / 1024 / 1024).toFixed(1)} MB, tối đa ${MAX_PLAN_BYTES / 1024 / 1024} MB / file too large`,
        },
      ],
    };
  }
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new CliError(`${file}: không đọc được tệp / cannot read file`, 2);
  }
  return readPlanData(text);
}

/**
 * Reads a plan file. Unreadable → CliError exit 2; invalid → the problems. References to the directory are filled in
 * from `directory`; without it a plan that has any is refused with that reason.
 */
export function readPlanFile(file: string, directory: DirectorySnapshot | null = null): PlanParseResult {
  const r = readPlanFileData(file);
  return r.ok ? parsePlanDataWithDirectory(r.data, directory) : r;
}

export function planOrFail(r: PlanParseResult): Plan {
  if (!r.ok) throw new CliError(r.problems.map((p) => `${p.path}: ${p.message}`).join('\n'), 1);
  return r.plan;
}

/** Reads and validates, or throws a CliError listing every problem as `<path>: <message>`. */
export function loadPlanOrFail(file: string): Plan {
  return planOrFail(readPlanFile(file));
}
