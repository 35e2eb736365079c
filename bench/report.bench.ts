/**
 * Consolidated report: compile and export (XLSX, DOCX, CSV) a plan-year of 1,000 agencies × 24 indicators, every
 * agency having reported every indicator, a third of them late or overdue, with the annexes: every submitted file
 * named and linked (Phụ lục I), the values by agency (Phụ lục II) and the text of each of the 667 files sent, 12
 * paragraphs each (Phụ lục III). Pure in-memory work (no database, text already extracted): what the report costs
 * beyond loading its rows and reading the files. Goal: under 2 s on the 2-core development machine.
 */
import { PlanSchema, type PlanInput } from '../src/domain/plan-schema';
import type { SubmissionText } from '../src/domain/report-annex';
import {
  compileReport,
  type ReportAssignment,
  type ReportIndicatorValue,
  type ReportSubmission,
} from '../src/domain/report-compile';
import { exportReport, REPORT_FORMATS } from '../src/reports/export';
import { printFigures } from './report-line';

const AGENCIES = 1000;
const INDICATORS = 24;
const AGGREGATES = ['sum', 'average', 'rate', 'none'] as const;

async function run(): Promise<void> {
  const codes = Array.from({ length: AGENCIES }, (_, i) => `DV${String(i + 1).padStart(4, '0')}`);
  const input: PlanInput = {
    code: 'BENCH-REPORT',
    title: 'Kế hoạch đo hiệu năng báo cáo tổng hợp',
    document: { number: '1/KH-UBND' },
    years: { from: 2026, to: 2026 },
    coordinator: 'SNV',
    committee: 'UBND',
    agencies: [
      { code: 'UBND', name: 'Ủy ban nhân dân tỉnh', kind: 'committee' },
      { code: 'SNV', name: 'Sở Nội vụ', kind: 'department' },
      ...codes.map((code, i) => ({ code, name: `UBND xã số ${i + 1}`, kind: 'commune' as const })),
    ],
    obligations: [
      {
        id: 'bc-nam',
        title: 'Báo cáo năm',
        kind: 'annual-report',
        from: 'all',
        to: 'SNV',
        due: { type: 'yearly', date: '10/12' },
      },
    ],
    indicators: Array.from({ length: INDICATORS }, (_, i) => ({
      code: `CT${i + 1}`,
      goal: `Mục tiêu ${Math.floor(i / 4) + 1}`,
      name: `Chỉ tiêu số ${i + 1}`,
      unit: i % 2 === 0 ? 'người' : '%',
      aggregate: AGGREGATES[i % AGGREGATES.length],
      responsible: 'SNV',
      targets: { '2026': 1000 + i },
      baseline: { year: 2025, value: 900 + i },
    })),
  };
  const plan = PlanSchema.parse(input);
  const assignments: ReportAssignment[] = codes.map((agencyCode, i) => ({
    obligationId: 'bc-nam',
    agencyCode,
    state: i % 3 === 0 ? 'overdue' : i % 3 === 1 ? 'late' : 'submitted',
    dueDate: '2026-12-10',
    dueAt: '2026-12-10T23:59:00+07:00',
    submittedAt: i % 3 === 0 ? null : i % 3 === 1 ? '2026-12-12T10:00:00+07:00' : '2026-12-08T10:00:00+07:00',
  }));
  const values: ReportIndicatorValue[] = [];
  for (let a = 0; a < AGENCIES; a++) {
    for (let k = 0; k < INDICATORS; k++) {
      values.push({ indicatorCode: `CT${k + 1}`, agencyCode: codes[a] ?? '', value: ((a * 31 + k * 7) % 100) + 0.5 });
    }
  }

  const submissions: ReportSubmission[] = [];
  const texts: SubmissionText[] = [];
  for (const a of assignments) {
    if (a.submittedAt === null) continue;
    const fileName = `Báo cáo năm 2026 – ${a.agencyCode}.docx`;
    submissions.push({
      obligationId: a.obligationId,
      agencyCode: a.agencyCode,
      receivedAt: a.submittedAt,
      channel: 'web',
      fileName,
      id: `00000000-0000-4000-8000-${a.agencyCode.padStart(12, '0')}`,
      hasFile: true,
    });
    texts.push({
      obligationId: a.obligationId,
      agencyCode: a.agencyCode,
      fileName,
      paragraphs: Array.from(
        { length: 12 },
        (_, k) =>
          `Mục ${k + 1}. Trong năm 2026, ${a.agencyCode} đã tổ chức các hoạt động tuyên truyền, tập huấn và kiểm tra việc thực hiện kế hoạch; kết quả cụ thể được nêu trong biểu kèm theo.`,
      ),
    });
  }

  const t0 = performance.now();
  const report = compileReport({
    plan,
    year: 2026,
    asOf: '2026-12-15T09:00:00+07:00',
    assignments,
    submissions,
    values,
    texts,
    baseUrl: 'https://nhac-han.example.gov.vn',
  });
  const compileMs = performance.now() - t0;
  const sizes: Record<string, number> = {};
  const perFormat: Record<string, number> = {};
  for (const format of REPORT_FORMATS) {
    const t = performance.now();
    const bytes = await exportReport(format, report);
    perFormat[`${format}Ms`] = Math.round(performance.now() - t);
    sizes[`${format}Bytes`] = bytes.length;
  }
  const ms = Math.round(performance.now() - t0);
  printFigures('report', {
    agencies: AGENCIES,
    indicators: INDICATORS,
    compileMs: Math.round(compileMs),
    ...perFormat,
    ...sizes,
    annexTexts: report.textAnnex.sections.length,
    ms,
  });
}

run().catch((err) => {
  console.error(err);
  process.exit(1);
});
