/** One entry point for the three formats: the service, the CLI and the activity pick a format by name. */
import type { CompiledReportData } from '../domain/report-compile';
import { exportCsv } from './csv-export';
import { exportDocx } from './docx-export';
import { exportXlsx } from './xlsx-export';

export const REPORT_FORMATS = ['xlsx', 'docx', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const CONTENT_TYPES: Record<ReportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  csv: 'text/csv; charset=utf-8',
};

const EXPORTERS: Record<ReportFormat, (report: CompiledReportData) => Promise<Buffer>> = {
  xlsx: exportXlsx,
  docx: exportDocx,
  csv: exportCsv,
};

export function exportReport(format: ReportFormat, report: CompiledReportData): Promise<Buffer> {
  return EXPORTERS[format](report);
}
