/**
 * The types the notification activities share: their dependencies, inputs and summary (re-exported by ./index.ts,
 * where workflows, tests and benches import them), and the loaded assignment every send works on. In a file of
 * their own so that the activity modules need not import ./index.ts, which imports them.
 */
import type { PrismaClient } from '../db/prisma';
import type { AssignmentState } from '../domain/assignment-state';
import type { Plan } from '../domain/plan-schema';
import type { AgencyContacts } from '../domain/recipient-policy';
import type { EscalationTarget, ReminderKind } from '../domain/reminder-schedule';
import type { Mailer } from '../notify/mailer';
import type { SmsProvider } from '../notify/sms/sms-provider';
import type { TemplateSet } from '../notify/template-renderer';
import type { Logger } from '../runtime/logger';
import type { Metrics } from '../runtime/metrics';
import type { OutboxOptions } from './outbox';
import type { RateLimits } from './rate-limit';
import type { ZaloClient } from '../notify/zalo/zalo-client';

export interface ActivityDeps {
  prisma: PrismaClient;
  mailer: Mailer;
  sms: SmsProvider;
  templates: TemplateSet;
  /** Public base URL for links sent to agencies, and the key that signs them. */
  links: { baseUrl: string; secret: string; ttlDays?: number };
  log: Logger;
  /** Injected so tests can fix time. Default: the system clock. */
  clock?: () => Date;
  /** Outbox tuning: lease, attempts per message before a failure is final. (Default: see {@link OutboxOptions}.) */
  delivery?: OutboxOptions;
  /** `DATA_DIR`: compiled reports are kept under `<dataDir>/reports`. (Default: `./.data`.) */
  dataDir?: string;
  /** The Zalo Official Account (`ZALO_*`); without it, plans' `zalo` channel goes by the next channel. */
  zalo?: { oaId: string; client: ZaloClient };
  /** False with `SMS_PROVIDER=zalo`: no SMS gateway, a plan's `sms` means Zalo. (Default: true.) */
  smsGateway?: boolean;
  /** Messages per minute per relay (`SMTP_RATE_PER_MINUTE`, …). (Default: none.) */
  rate?: RateLimits;
  /**
   * The process's metrics: each outbox outcome (./metered-outbox.ts) and each submission the workflows record.
   * (Default: none counted.)
   */
  metrics?: Pick<Metrics, 'messages' | 'outboxRetries' | 'submissions'>;
}

export interface RecordStateInput {
  assignmentId: string;
  state: AssignmentState;
  at: string;
  dueAt: string;
  detail: Record<string, unknown> | null;
}

export interface SendReminderInput {
  assignmentId: string;
  revision: number;
  step: string;
  kind: ReminderKind;
  dueAt: string;
}

export interface SendEscalationInput {
  assignmentId: string;
  revision: number;
  step: string;
  notify: EscalationTarget[];
  dueAt: string;
}

export interface SendCampaignMessageInput {
  /** The campaign workflow's id (`<plan>/<year>/campaign/<id>`): the outbox rows are filed under it. */
  campaignRunId: string;
  planCode: string;
  campaignId: string;
  agencyCode: string;
  step: 'notice' | 'kickoff' | 'mid';
  kind: 'campaign-notice' | 'campaign-kickoff' | 'campaign-reminder';
  start: string;
  end: string;
}

export interface SendReceiptInput {
  assignmentId: string;
  submissionId: string;
  /** ISO-8601 with offset. */
  receivedAt: string;
  dueAt: string;
}

/** A granted extension, told to the agency: the due date it had and the one it has now. */
export interface SendExtensionNoticeInput {
  assignmentId: string;
  /** The assignment's revision after the extension: the notice is sent once per revision. */
  revision: number;
  /** ISO-8601 with offset. */
  previousDueAt: string;
  /** ISO-8601 with offset. */
  newDueAt: string;
  /** `ActionReason` row id, read here: the text stays out of the workflow's history. */
  reasonId?: number;
  /** Histories from before `reasonId`: the text itself. */
  reason?: string;
}

export interface SendSummary {
  sent: number;
  alreadySent: number;
  failed: number;
}

/** The assignment (or campaign run) a message concerns, its plan, and the agencies it can go to by code. */
export interface Loaded {
  a: { id: string; planCode: string; agencyCode: string; obligationId: string; linkVersion: number; linkNonce: string };
  plan: Plan;
  byCode: Map<string, AgencyContacts>;
}

export function emptySummary(): SendSummary {
  return { sent: 0, alreadySent: 0, failed: 0 };
}

export function addSummaries(a: SendSummary, b: SendSummary): SendSummary {
  return { sent: a.sent + b.sent, alreadySent: a.alreadySent + b.alreadySent, failed: a.failed + b.failed };
}
