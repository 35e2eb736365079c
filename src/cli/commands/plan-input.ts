import fs from 'node:fs';
import { MAX_PLAN_BYTES, parsePlanText, type PlanProblem } from '../../domain/plan-file';
import type { Plan } from '../../domain/plan-schema';
import { CliError } from '../cli-error';

/** Reads a plan file. Unreadable → CliError exit 2; invalid → the problems. */
export function readPlanFile(file: string): { ok: true; plan: Plan } | { ok: false; problems: PlanProblem[] } {
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
  return parsePlanText(text);
}

/** Reads and validates, or throws a CliError listing every problem as `<path>: <message>`. */
export function loadPlanOrFail(file: string): Plan {
  const r = readPlanFile(file);
  if (!r.ok) throw new CliError(r.problems.map((p) => `${p.path}: ${p.message}`).join('\n'), 1);
  return r.plan;
}
