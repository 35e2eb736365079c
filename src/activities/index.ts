/**
 * Activities: every side effect of a workflow. Built by a factory from their dependencies so that tests and the
 * worker pass real clients, and workflows see only the types (`import type { createActivities }`).
 * Each activity is idempotent: state writes are upserts, sends go through the outbox.
 */
import { DateTime } from 'luxon';
import type { PrismaClient } from '../db/prisma';
import type { AssignmentState } from '../domain/assignment-state';
import { BUSINESS_ZONE, localDateOf } from '../domain/business-time';
import { normalizeVietnamesePhone } from '../domain/phone-number';
import type { Plan } from '../domain/plan-schema';
import type { EscalationTarget, ReminderKind } from '../domain/reminder-schedule';
import { EmailPermanentError, type Mailer } from '../notify/mailer';
import { SmsPermanentError, type SmsProvider } from '../notify/sms/sms-provider';
import type { MessageContextInput, MessageKind, TemplateSet } from '../notify/template-renderer';
import { signLink } from '../security/signed-link';
import { ErrorType, permanentFailure } from './errors';
import { deliverOnce, type DeliveryOutcome } from './outbox';

export interface Logger {
  info(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
  error(message: string, meta?: Record<string, unknown>): void;
}

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

export interface SendSummary {
  sent: number;
  alreadySent: number;
  failed: number;
}

type Recipient = { role: string; email: string | null; phone: string | null };

export function createActivities(deps: ActivityDeps) {
  const now = deps.clock ?? (() => new Date());
  const { prisma } = deps;

  async function loadAssignment(assignmentId: string) {
    const a = await prisma.assignment.findUnique({ where: { id: assignmentId }, include: { plan: true } });
    if (!a) throw permanentFailure(ErrorType.UnknownAssignment, `no assignment ${assignmentId}`);
    const plan = a.plan.definition as unknown as Plan;
    const agencies = await prisma.agency.findMany({ where: { planCode: a.planCode }, include: { contacts: true } });
    const byCode = new Map(agencies.map((g) => [g.code, g]));
    return { a, plan, byCode };
  }

  function contextFor(
    loaded: Awaited<ReturnType<typeof loadAssignment>>,
    dueAt: string,
    extra: Partial<MessageContextInput> = {},
  ): MessageContextInput {
    const { a, plan, byCode } = loaded;
    const dueDate = localDateOf(dueAt);
    const today = DateTime.fromJSDate(now(), { zone: BUSINESS_ZONE }).startOf('day');
    const daysLeft = Math.round(DateTime.fromISO(dueDate, { zone: BUSINESS_ZONE }).diff(today, 'days').days);
    const obligationTitle =
      plan.obligations.find((o) => o.id === a.obligationId)?.title ??
      plan.campaigns.find((c) => `${c.id}-results` === a.obligationId)?.resultsReport?.title ??
      plan.activities.find((x) => `activity-${x.id}` === a.obligationId)?.title ??
      a.obligationId;
    const token = signLink(
      { a: a.id, exp: Math.floor(now().getTime() / 1000) + (deps.links.ttlDays ?? 180) * 86400, v: 1 },
      deps.links.secret,
    );
    return {
      planTitle: plan.title,
      planDocument: plan.document?.number,
      obligationTitle,
      agencyName: byCode.get(a.agencyCode)?.name ?? a.agencyCode,
      dueDate,
      daysLeft,
      submitUrl: `${deps.links.baseUrl.replace(/\/$/, '')}/s/${token}`,
      coordinatorName: byCode.get(plan.coordinator)?.name ?? plan.coordinator,
      ...extra,
    };
  }

  async function sendToRecipients(
    loaded: Awaited<ReturnType<typeof loadAssignment>>,
    keyBase: string,
    kind: MessageKind,
    recipients: Recipient[],
    context: MessageContextInput,
  ): Promise<SendSummary> {
    const summary: SendSummary = { sent: 0, alreadySent: 0, failed: 0 };
    const channels = loaded.plan.policy?.channels ?? ['email'];
    const tally = (o: DeliveryOutcome) => {
      if (o === 'sent') summary.sent++;
      else if (o === 'already-sent') summary.alreadySent++;
      else summary.failed++;
    };
    for (const r of recipients) {
      if (channels.includes('email') && r.email) {
        const mail = deps.templates.renderEmail(kind, context);
        const outcome = await deliverOnce(
          prisma,
          {
            key: `${keyBase}:email:${r.email.toLowerCase()}`,
            assignmentId: loaded.a.id,
            kind,
            channel: 'email',
            recipient: r.email,
            subject: mail.subject,
            body: mail.text,
            html: mail.html,
          },
          (messageId) =>
            deps.mailer.send({ to: r.email!, subject: mail.subject, text: mail.text, html: mail.html, messageId }),
          (err) => err instanceof EmailPermanentError,
        );
        tally(outcome);
      }
      if (channels.includes('sms') && r.phone) {
        const phone = normalizeVietnamesePhone(r.phone);
        if (!phone.ok) {
          deps.log.warn('phone number skipped', { assignmentId: loaded.a.id, reason: phone.reason });
          summary.failed++;
          continue;
        }
        const sms = deps.templates.renderSms(kind, context, {
          withoutDiacritics: loaded.plan.policy?.smsWithoutDiacritics ?? false,
        });
        const key = `${keyBase}:sms:${phone.e164}`;
        const outcome = await deliverOnce(
          prisma,
          {
            key,
            assignmentId: loaded.a.id,
            kind,
            channel: 'sms',
            recipient: phone.e164,
            subject: null,
            body: sms.text,
            html: null,
          },
          (_messageId) => deps.sms.send({ to: phone.e164, text: sms.text, id: key }),
          (err) => err instanceof SmsPermanentError,
        );
        deps.log.info('sms', { assignmentId: loaded.a.id, segments: sms.segments, encoding: sms.encoding, outcome });
        tally(outcome);
      }
    }
    return summary;
  }

  function contactsOf(
    loaded: Awaited<ReturnType<typeof loadAssignment>>,
    agencyCode: string,
    roles: string[],
  ): Recipient[] {
    const contacts = loaded.byCode.get(agencyCode)?.contacts ?? [];
    for (const role of roles) {
      const found = contacts.filter((c) => c.role === role);
      if (found.length > 0) return found;
    }
    return [];
  }

  return {
    /** Writes the assignment's state and an event row. Idempotent: the state is set, not toggled. */
    async recordState(input: RecordStateInput): Promise<void> {
      const at = new Date(input.at);
      await prisma.$transaction([
        prisma.assignment.update({
          where: { id: input.assignmentId },
          data: {
            state: input.state,
            dueAt: new Date(input.dueAt),
            dueDate: new Date(`${localDateOf(input.dueAt)}T00:00:00Z`),
            ...(input.state === 'submitted' || input.state === 'late' ? { submittedAt: at } : {}),
          },
        }),
        prisma.assignmentEvent.create({
          data: {
            assignmentId: input.assignmentId,
            at,
            type: `state:${input.state}`,
            detail: (input.detail ?? undefined) as never,
          },
        }),
      ]);
    },

    /** Reminds the agency's focal points (or, lacking one, its head) of an approaching deadline. */
    async sendReminder(input: SendReminderInput): Promise<SendSummary> {
      const loaded = await loadAssignment(input.assignmentId);
      const recipients = contactsOf(loaded, loaded.a.agencyCode, ['focal', 'head']);
      if (recipients.length === 0) deps.log.warn('no contact to remind', { assignmentId: input.assignmentId });
      const summary = await sendToRecipients(
        loaded,
        `${input.assignmentId}#${input.revision}:${input.step}`,
        input.kind,
        recipients,
        contextFor(loaded, input.dueAt),
      );
      await prisma.$transaction([
        prisma.assignment.update({
          where: { id: input.assignmentId },
          data: { remindersSent: { increment: summary.sent > 0 ? 1 : 0 } },
        }),
        prisma.assignmentEvent.create({
          data: {
            assignmentId: input.assignmentId,
            type: 'reminder',
            detail: { step: input.step, revision: input.revision, ...summary },
          },
        }),
      ]);
      return summary;
    },

    /** One rung of the escalation ladder: the agency's focal point and head, the coordinator, or the committee. */
    async sendEscalation(input: SendEscalationInput): Promise<SendSummary> {
      const loaded = await loadAssignment(input.assignmentId);
      const total: SendSummary = { sent: 0, alreadySent: 0, failed: 0 };
      const add = (s: SendSummary) => {
        total.sent += s.sent;
        total.alreadySent += s.alreadySent;
        total.failed += s.failed;
      };
      const ctx = contextFor(loaded, input.dueAt);
      const keyBase = `${input.assignmentId}#${input.revision}:${input.step}`;
      for (const target of input.notify) {
        if (target === 'focal') {
          add(
            await sendToRecipients(
              loaded,
              `${keyBase}:focal`,
              'overdue',
              contactsOf(loaded, loaded.a.agencyCode, ['focal']),
              ctx,
            ),
          );
        } else if (target === 'head') {
          add(
            await sendToRecipients(
              loaded,
              `${keyBase}:head`,
              'escalation-head',
              contactsOf(loaded, loaded.a.agencyCode, ['head']),
              ctx,
            ),
          );
        } else if (target === 'coordinator') {
          const code = loaded.plan.coordinator;
          add(
            await sendToRecipients(
              loaded,
              `${keyBase}:coordinator`,
              'escalation-coordinator',
              contactsOf(loaded, code, ['coordinator', 'focal', 'head']),
              ctx,
            ),
          );
        } else {
          const code = loaded.plan.committee ?? loaded.plan.coordinator;
          add(
            await sendToRecipients(
              loaded,
              `${keyBase}:committee`,
              'escalation-coordinator',
              contactsOf(loaded, code, ['head', 'focal', 'coordinator']),
              {
                ...ctx,
                overdueAgencies: [ctx.agencyName ?? loaded.a.agencyCode],
              },
            ),
          );
        }
      }
      await prisma.assignmentEvent.create({
        data: {
          assignmentId: input.assignmentId,
          type: 'escalation',
          detail: { step: input.step, notify: input.notify, ...total },
        },
      });
      return total;
    },
  };
}

export type Activities = ReturnType<typeof createActivities>;
