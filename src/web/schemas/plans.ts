/** Requests of the plan routes. */
import { z } from 'zod';
import { code } from './common';

export const PlanBody = z.strictObject({
  content: z.string({ error: 'nội dung tệp kế hoạch (chuỗi) / the plan file content as a string' }),
  validateOnly: z.boolean().optional(),
  /**
   * Also write the plan's new and different inline agencies (and their contacts) into the directory, after the apply
   * succeeded (default: false; admins only). Without it the answer's `directory` only counts them.
   */
  updateDirectory: z.boolean().optional(),
});
// Loose, as before: only `validateOnly=true` means anything.
export const PlanQuery = z.looseObject({ validateOnly: z.string().optional() });
export const PlanParams = z.strictObject({ code: code('kế hoạch') });
