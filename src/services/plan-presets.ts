/**
 * The seed plans under `plans/` as starting points for a new plan in the editor: the five provinces' documents as
 * plan files (their contacts are placeholders to replace). Read from the package's folder, listed by file name.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parsePlanText } from '../domain/plan-file';
import type { Plan } from '../domain/plan-schema';
import { defaultTemplatesDir } from '../notify/template-renderer';
import { NotFoundError } from './service-errors';

export interface PresetInfo {
  id: string;
  title: string;
  code: string;
}

export const defaultPresetsDir = () => path.join(path.dirname(defaultTemplatesDir()), 'plans');

/** The presets that validate, by file name (without `.yaml`). */
export function listPresets(dir = defaultPresetsDir()): PresetInfo[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .flatMap((f) => {
      const r = parsePlanText(fs.readFileSync(path.join(dir, f), 'utf8'));
      return r.ok ? [{ id: f.replace(/\.yaml$/, ''), title: r.plan.title, code: r.plan.code }] : [];
    });
}

export function loadPreset(id: string, dir = defaultPresetsDir()): Plan {
  const known = listPresets(dir).find((p) => p.id === id);
  if (!known) throw new NotFoundError(`Không có kế hoạch mẫu "${id}" / no such preset`);
  const r = parsePlanText(fs.readFileSync(path.join(dir, `${id}.yaml`), 'utf8'));
  if (!r.ok) throw new NotFoundError(`Không có kế hoạch mẫu "${id}" / no such preset`);
  return r.plan;
}
