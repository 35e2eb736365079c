/**
 * The công văn đôn đốc of a plan-year as a DOCX draft: to one late agency (every report it still owes), or one
 * letter to every late agency at once. Late: an assignment of the year that is `overdue` or `escalated`.
 */
import type { PrismaClient } from '../db/prisma';
import type { Plan } from '../domain/plan-schema';
import { reminderLetterOf, type OverdueEntry } from '../domain/reminder-letter';
import { reminderLetterDocx } from '../reports/reminder-letter-docx';
import { NotFoundError } from './service-errors';

export interface LetterFile {
  fileName: string;
  content: Buffer;
  /** The agencies it is addressed to. */
  agencies: string[];
}

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** The late assignments of a plan-year (of one agency when given), as letter entries. */
export async function overdueEntries(
  prisma: PrismaClient,
  q: { plan: string; year: number; agency?: string },
): Promise<OverdueEntry[]> {
  const rows = await prisma.assignment.findMany({
    where: {
      planCode: q.plan,
      year: q.year,
      state: { in: ['overdue', 'escalated'] },
      ...(q.agency ? { agencyCode: q.agency } : {}),
    },
    select: { agencyCode: true, obligationId: true, dueDate: true },
    orderBy: [{ agencyCode: 'asc' }, { dueDate: 'asc' }],
  });
  return rows.map((r) => ({
    agencyCode: r.agencyCode,
    obligationId: r.obligationId,
    dueDate: r.dueDate.toISOString().slice(0, 10),
  }));
}

/** The letter as a file; NotFoundError for an unknown plan or when nobody (or that agency) is late. */
export async function reminderLetterFile(
  prisma: PrismaClient,
  q: { plan: string; year: number; agency?: string },
  today: string,
): Promise<LetterFile> {
  const stored = await prisma.plan.findUnique({ where: { code: q.plan }, select: { definition: true } });
  if (!stored) throw new NotFoundError(`Không có kế hoạch "${q.plan}" / no plan "${q.plan}"`);
  const entries = await overdueEntries(prisma, q);
  if (entries.length === 0) {
    throw new NotFoundError(
      `Không có cơ quan nào chậm báo cáo${q.agency ? ` (${q.agency})` : ''} năm ${q.year} / nobody is late`,
    );
  }
  const letter = reminderLetterOf(stored.definition as unknown as Plan, entries, today);
  const agencies = [...new Set(entries.map((e) => e.agencyCode))];
  return {
    fileName: `cong-van-don-doc-${q.plan}-${q.year}-${q.agency ?? 'cac-co-quan'}.docx`,
    content: await reminderLetterDocx(letter),
    agencies,
  };
}
