/**
 * A plan's inline agencies against the directory, as the apply forms show it (the plan upload on /plans and the
 * editor): the agencies that are new or different, each change in Vietnamese words, and for an admin the checkbox
 * that writes them into the directory with the apply. Writing contacts is an admin's (they receive the agencies'
 * links), so a coordinator sees the difference with a note, and a form posted with the option anyway is refused.
 */
import { agencyChangeTexts, contactText, diffIsEmpty, type PlanDirectoryDiff } from '../domain/plan-directory-diff';
import { labelOf } from '../domain/vietnamese-labels';
import { forbidden } from './http-errors';

/** The name of the form field (and of the API body's key). */
export const UPDATE_DIRECTORY_FIELD = 'updateDirectory';

export const UPDATE_DIRECTORY_REFUSED =
  'Chỉ quản trị viên được ghi cơ quan và liên hệ của kế hoạch vào danh bạ (liên hệ nhận đường dẫn nộp báo cáo của cơ quan); hãy nhờ quản trị viên áp dụng với lựa chọn này. / only an admin may write a plan’s agencies into the directory';

/** Refuses (403) the directory option to anyone but an admin. */
export function assertMayUpdateDirectory(auth: { role: string }): void {
  if (auth.role !== 'admin') throw forbidden(UPDATE_DIRECTORY_REFUSED);
}

/** Whether a posted form asked for the directory to be written (the checkbox's value is "1"). */
export function updateDirectoryAsked(fields: Record<string, unknown>): boolean {
  const v = fields[UPDATE_DIRECTORY_FIELD];
  return v === '1' || v === 'true' || v === 'on';
}

export interface DirectoryDiffView {
  added: { code: string; name: string; contacts: string[] }[];
  changed: { code: string; name: string; state: string | null; changes: string[] }[];
  unchanged: number;
  canWrite: boolean;
  checked: boolean;
}

/** The view of the difference; null when nothing is new or different (nothing to confirm). */
export function directoryDiffView(
  diff: PlanDirectoryDiff,
  o: { canWrite: boolean; checked: boolean },
): DirectoryDiffView | null {
  if (diffIsEmpty(diff)) return null;
  return {
    added: diff.added.map((a) => ({ code: a.code, name: a.name, contacts: a.contactsAdded.map(contactText) })),
    changed: diff.changed.map((a) => ({
      code: a.code,
      name: a.name,
      state: a.directoryState ? labelOf('directoryState', a.directoryState).toLowerCase() : null,
      changes: agencyChangeTexts(a),
    })),
    unchanged: diff.unchanged.length,
    ...o,
  };
}
