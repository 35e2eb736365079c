/**
 * The cycle's consolidated-report activity: compile the plan-year's report, keep it, and email it to the
 * coordinating agency. Built by a factory from its dependencies, like `createActivities`.
 *
 * Wiring (for the cycle workflow): schedule `compileAndSendReport` at the consolidated deadline minus the plan's
 * lead time, with the workflow's retry policy, e.g.
 *
 * @example
 * const { compileAndSendReport } = proxyActivities<ReturnType<typeof createReportActivities>>({
 *   startToCloseTimeout: '2 minutes',
 *   retry: { maximumAttempts: 12 },
 * });
 * await compileAndSendReport({ planCode: 'NA-BDG-2017', year: 2017, trigger: 'auto', triggerKey: 'tong-hop' });
 *
 * Behaviour:
 * - The report's id is derived from (plan, year, obligation, trigger key): `<plan>-<year>-<obligation|all>-<key>`.
 *   The first attempt compiles and stores it (files + `CompiledReport` row, all or nothing); a retry finds the row
 *   and reuses it, so one trigger makes one report, compiled with the data of its first successful attempt.
 * - The email (`report-ready` template, the XLSX and DOCX attached) goes to the coordinating agency's contacts with
 *   role `coordinator` (else `focal`, else `head`) that have an email, through the outbox: its key is
 *   `<report id>:report-ready:email:<address>`, so a retried, replayed or concurrent attempt does not mail twice.
 * - Transient failures (database, SMTP down) throw a plain Error: Temporal retries. A missing plan or year is a
 *   non-retryable `UnknownReport` failure; a template rejecting the data is `TemplateRejected`.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { PrismaClient } from '../db/prisma';
import type { Plan } from '../domain/plan-schema';
import type { MailAttachment, Mailer } from '../notify/mailer';
import { MessageContextError, TemplateRenderError, type TemplateSet } from '../notify/template-renderer';
import { CONTENT_TYPES, type ReportFormat } from '../reports/export';
import {
  compileAndStore,
  findStoredReport,
  reportsDir,
  ReportNotFoundError,
  safeReportId,
  type StoredReport,
} from '../services/report-service';
import { ApplicationFailure } from '@temporalio/common';
import { isLastActivityAttempt } from './notify-attempt';
import { deliverEmail } from './deliver-email';
import { createOutbox, type OutboxOptions } from './outbox';
import type { Logger } from '../runtime/logger';
import { maskPersonalData } from '../security/personal-data';

export interface ReportActivityDeps {
  prisma: PrismaClient;
  mailer: Mailer;
  templates: TemplateSet;
  /** `APP_BASE_URL`: the email links to `<baseUrl>/api/reports/<id>`. */
  links: { baseUrl: string };
  /** `DATA_DIR`: reports are kept under `<dataDir>/reports`. */
  dataDir: string;
  log: Logger;
  /** (Default: the system clock.) */
  clock?: () => Date;
  /** Outbox tuning. (Default: see {@link OutboxOptions}.) */
  delivery?: OutboxOptions;
}

export interface CompileAndSendReportInput {
  planCode: string;
  year: number;
  /** `auto` from the cycle workflow, `manual` when a coordinator asks. */
  trigger: 'auto' | 'manual';
  /**
   * What makes this trigger distinct: the same key means the same report and the same email. The workflow passes a
   * stable value (the consolidated obligation's id, or its workflow id). (Default: the trigger.)
   */
  triggerKey?: string;
  /** A consolidated obligation (its gathered obligations are reported) or one obligation. (Default: the plan-year.) */
  obligationId?: string;
}

export interface CompileAndSendReportResult {
  reportId: string;
  files: StoredReport['files'];
  /** Whether this attempt compiled the report (false: an earlier attempt had). */
  compiled: boolean;
  sent: number;
  alreadySent: number;
  failed: number;
}

/** The formats stored and attached. */
const ATTACHED: ReportFormat[] = ['xlsx', 'docx'];
const STORED: ReportFormat[] = ['xlsx', 'docx', 'csv'];

export function reportIdFor(input: CompileAndSendReportInput): string {
  return safeReportId(
    `${input.planCode}-${input.year}-${input.obligationId ?? 'all'}-${input.triggerKey ?? input.trigger}`,
  );
}

export function createReportActivities(deps: ReportActivityDeps) {
  const now = deps.clock ?? (() => new Date());
  const outbox = createOutbox(deps.prisma, deps.delivery);

  async function findOrCompile(input: CompileAndSendReportInput, id: string) {
    const existing = await findStoredReport(deps.prisma, id);
    if (existing) return { stored: existing, compiled: false };
    try {
      const { stored } = await compileAndStore(
        { prisma: deps.prisma, dataDir: deps.dataDir, clock: now, baseUrl: deps.links.baseUrl },
        { planCode: input.planCode, year: input.year, obligationId: input.obligationId },
        { trigger: input.trigger, formats: STORED, id },
      );
      return { stored, compiled: true };
    } catch (err) {
      if (err instanceof ReportNotFoundError) {
        throw ApplicationFailure.create({ type: 'UnknownReport', message: err.message, nonRetryable: true });
      }
      // A concurrent attempt stored it first (unique id): its files are kept, ours were removed.
      const raced = await findStoredReport(deps.prisma, id);
      if (raced) return { stored: raced, compiled: false };
      throw err;
    }
  }

  return {
    /** Compiles, stores and emails the consolidated report once per (plan, year, obligation, trigger key). */
    async compileAndSendReport(input: CompileAndSendReportInput): Promise<CompileAndSendReportResult> {
      const id = reportIdFor(input);
      const { stored, compiled } = await findOrCompile(input, id);
      const planRow = await deps.prisma.plan.findUnique({
        where: { code: input.planCode },
        select: { definition: true },
      });
      const plan = planRow?.definition as unknown as Plan | undefined;
      if (!plan) throw ApplicationFailure.create({ type: 'UnknownReport', message: `no plan ${input.planCode}` });
      const coordinatorName = plan.agencies.find((a) => a.code === plan.coordinator)?.name ?? plan.coordinator;
      const consolidated = plan.obligations.find(
        (o) => o.id === input.obligationId && o.kind === 'consolidated-report',
      );
      const dueRow = input.obligationId
        ? await deps.prisma.assignment.findFirst({
            where: { planCode: input.planCode, year: input.year, obligationId: input.obligationId },
            select: { dueDate: true },
          })
        : null;
      const summary = stored.summary;
      const asOfDate = new Date(Date.parse(summary.asOf) + 7 * 3_600_000).toISOString().slice(0, 10);
      const dueDate = dueRow ? dueRow.dueDate.toISOString().slice(0, 10) : asOfDate;
      const today = new Date(now().getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
      const expected = summary.totals.expected - summary.totals.excused;
      const context = {
        planTitle: plan.title,
        planDocument: plan.document.number,
        obligationTitle: consolidated?.title ?? `Báo cáo tổng hợp kết quả thực hiện năm ${input.year}`,
        dueDate,
        daysLeft: Math.round((Date.parse(dueDate) - Date.parse(today)) / 86_400_000),
        coordinatorName,
        overdueAgencies: [...new Set(summary.overdue.map((o) => o.agencyName))],
        reportUrl: `${deps.links.baseUrl.replace(/\/$/, '')}/api/reports/${encodeURIComponent(stored.id)}`,
        ...(expected > 0 ? { submittedCount: summary.totals.onTime + summary.totals.late, agencyCount: expected } : {}),
      };
      let mail;
      try {
        mail = deps.templates.renderEmail('report-ready', context);
      } catch (err) {
        if (err instanceof MessageContextError || err instanceof TemplateRenderError) {
          throw ApplicationFailure.create({ type: 'TemplateRejected', message: err.message, nonRetryable: true });
        }
        throw err;
      }

      const contacts = await deps.prisma.contact.findMany({
        where: { agency: { planCode: input.planCode, code: plan.coordinator } },
        orderBy: { id: 'asc' },
      });
      const byRole = (role: string) => contacts.filter((c) => c.role === role && c.email);
      const recipients = [
        ...new Set(
          (byRole('coordinator').length > 0
            ? byRole('coordinator')
            : byRole('focal').length > 0
              ? byRole('focal')
              : byRole('head')
          ).map((c) => (c.email ?? '').toLowerCase()),
        ),
      ];
      if (recipients.length === 0) deps.log.warn('no coordinator email for the report', { planCode: input.planCode });

      // Attachments are read from the stored files, so a retry sends what the first attempt stored.
      let attachments: MailAttachment[] | undefined;
      const loadAttachments = async () =>
        (attachments ??= await Promise.all(
          ATTACHED.filter((f) => stored.files[f]).map(async (f) => ({
            filename: `bao-cao-tong-hop-${input.planCode}-${input.year}.${f}`,
            content: await fs.readFile(path.join(reportsDir(deps.dataDir), stored.files[f] ?? '')),
            contentType: CONTENT_TYPES[f],
          })),
        ));

      const result: CompileAndSendReportResult = {
        reportId: stored.id,
        files: stored.files,
        compiled,
        sent: 0,
        alreadySent: 0,
        failed: 0,
      };
      const pending: string[] = [];
      const lastAttempt = isLastActivityAttempt();
      for (const to of recipients) {
        const key = `${stored.id}:report-ready:email:${to}`;
        const r = await deliverEmail(
          outbox,
          deps.mailer,
          {
            key,
            assignmentId: null,
            kind: 'report-ready',
            recipient: to,
            subject: mail.subject,
            body: mail.text,
            html: mail.html,
          },
          { lastAttempt, attachments: loadAttachments },
        );
        if (r.outcome === 'sent') result.sent++;
        else if (r.outcome === 'already-sent') result.alreadySent++;
        else if (r.outcome === 'failed') {
          result.failed++;
          deps.log.error('report email failed', { ref: maskPersonalData(key), error: maskPersonalData(r.error) });
        } else pending.push(maskPersonalData(`${key}: ${r.outcome === 'retry' ? r.error.message : 'in flight'}`));
      }
      if (pending.length > 0) {
        throw new Error(`báo cáo chưa gửi được, sẽ thử lại / report email not sent yet: ${pending.join('; ')}`);
      }
      deps.log.info('report compiled and sent', { ...result });
      return result;
    },
  };
}

export type ReportActivities = ReturnType<typeof createReportActivities>;
