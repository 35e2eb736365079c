/**
 * The annexes of the consolidated report as data: which file each agency sent for each obligation (name and link),
 * and the text of every readable file gathered per agency in the plan's order, so the coordinator writes the
 * province's report from one document. Files that could not be read are listed with the reason.
 *
 * Pure: the text is extracted by the caller (`src/services/submission-text.ts`) and passed in.
 */

/** The file of a row's newest submission that carried one. */
export interface SubmittedFile {
  name: string;
  /** Where a signed-in reader downloads it (`<APP_BASE_URL>/submissions/<id>/file`); null when no base URL. */
  url: string | null;
}

/** What the caller could read of one submitted file. */
export type SubmissionText =
  | { obligationId: string; agencyCode: string; fileName: string; paragraphs: readonly string[] }
  | { obligationId: string; agencyCode: string; fileName: string; unreadable: string };

export interface TextAnnexDocument {
  obligationId: string;
  obligationTitle: string;
  fileName: string;
  paragraphs: readonly string[];
}

/** One agency's section of the text annex. */
export interface TextAnnexSection {
  agencyCode: string;
  agencyName: string;
  documents: TextAnnexDocument[];
}

export interface UnreadableFile {
  agencyCode: string;
  agencyName: string;
  obligationTitle: string;
  fileName: string;
  reason: string;
}

export interface TextAnnex {
  sections: TextAnnexSection[];
  unreadable: UnreadableFile[];
}

/** The link a report gives for a submission's file. */
export function submissionFileUrl(baseUrl: string, submissionId: string): string {
  return `${baseUrl.replace(/\/$/, '')}/submissions/${encodeURIComponent(submissionId)}/file`;
}

/**
 * Groups the texts by agency in plan order (obligations in report order within an agency); texts of obligations
 * outside the report's scope are left out.
 */
export function buildTextAnnex(
  texts: readonly SubmissionText[],
  scope: readonly string[],
  agencyOrder: ReadonlyMap<string, number>,
  nameOf: (agencyCode: string) => string,
  titleOf: (obligationId: string) => string,
): TextAnnex {
  const obligationRank = new Map(scope.map((id, i) => [id, i]));
  const rank = (m: ReadonlyMap<string, number>, k: string) => m.get(k) ?? Number.MAX_SAFE_INTEGER;
  const ordered = texts
    .filter((t) => obligationRank.has(t.obligationId))
    .sort(
      (x, y) =>
        rank(agencyOrder, x.agencyCode) - rank(agencyOrder, y.agencyCode) ||
        x.agencyCode.localeCompare(y.agencyCode) ||
        rank(obligationRank, x.obligationId) - rank(obligationRank, y.obligationId),
    );
  const sections: TextAnnexSection[] = [];
  const unreadable: UnreadableFile[] = [];
  for (const t of ordered) {
    if ('unreadable' in t) {
      unreadable.push({
        agencyCode: t.agencyCode,
        agencyName: nameOf(t.agencyCode),
        obligationTitle: titleOf(t.obligationId),
        fileName: t.fileName,
        reason: t.unreadable,
      });
      continue;
    }
    let section = sections[sections.length - 1];
    if (section?.agencyCode !== t.agencyCode) {
      section = { agencyCode: t.agencyCode, agencyName: nameOf(t.agencyCode), documents: [] };
      sections.push(section);
    }
    section.documents.push({
      obligationId: t.obligationId,
      obligationTitle: titleOf(t.obligationId),
      fileName: t.fileName,
      paragraphs: t.paragraphs,
    });
  }
  return { sections, unreadable };
}
