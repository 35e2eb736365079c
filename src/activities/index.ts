/**
 * Activities: every side effect of a workflow. Built by a factory from their dependencies so that tests and the
 * worker pass real clients, and workflows see only the types (`import type { createActivities }`).
 * Each activity is idempotent: state writes are upserts, sends go through the outbox.
 */
import path from 'node:path';
import type { PrismaClient } from '../db/prisma';
import type { AssignmentState } from '../domain/assignment-state';
import { localDateOf } from '../domain/business-time';
import { normalizeVietnamesePhone } from '../domain/phone-number';
import type { Plan } from '../domain/plan-schema';
import { digestItemsOf, digestKeyBase } from '../domain/reminder-digest';
import { sendDecision } from '../domain/working-hours';
import type { EscalationTarget, ReminderKind } from '../domain/reminder-schedule';
import type { Mailer } from '../notify/mailer';
import { SmsPermanentError, type SmsProvider } from '../notify/sms/sms-provider';
import {
  MessageContextError,
  TemplateRenderError,
  type MessageContextInput,
  type MessageKind,
  type RenderedEmail,
  type RenderedSms,
  type TemplateSet,
} from '../notify/template-renderer';
import { signLink } from '../security/signed-link';
import { ErrorType, outsideWorkingHours, permanentFailure } from './errors';
import { deliveryFailureEmail, deliveryFailureSms, type DeliveryFailure } from './notify-alert';
import { attemptInstant, isLastActivityAttempt, scheduledAt } from './notify-attempt';
import { batched } from './statement-batch';
import { createCycleActivities } from './cycle-activities';
import { createReportActivities } from './report-activities';
import { deliverEmail } from './deliver-email';
import { createOutbox, type DeliveryResult, type OutboxMessage, type OutboxOptions } from './outbox';
import type { Logger } from '../runtime/logger';

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

export interface SendExtensionNoticeInput {
  assignmentId: string;
  revision: number;
  previousDueAt: string;
  newDueAt: string;
  reason: string;
}

export interface SendSummary {
  sent: number;
  alreadySent: number;
  failed: number;
}

type Recipient = { role: string; email: string | null; phone: string | null };
interface LoadedRow {
  id: string;
  planCode: string;
  agencyCode: string;
  obligationId: string;
  linkVersion: number;
  definition: unknown;
  agencies: { code: string; name: string; contacts: Recipient[] }[];
}
type Channel = 'email' | 'sms';
/** A recipient's address on a channel: usable, unusable (a phone number that is not one), or absent. */
type Address = { ok: true; address: string; raw: string } | { ok: false; raw: string; reason: string } | null;

function addressOf(r: Recipient, channel: Channel): Address {
  if (channel === 'email') return r.email ? { ok: true, address: r.email, raw: r.email } : null;
  if (!r.phone) return null;
  const phone = normalizeVietnamesePhone(r.phone);
  return phone.ok ? { ok: true, address: phone.e164, raw: r.phone } : { ok: false, raw: r.phone, reason: phone.reason };
}

/** Outbox keys name the address as the first release did: emails lower-cased, phones in E.164. */
function keyOf(base: string, channel: Channel, address: string): string {
  return `${base}:${channel}:${channel === 'email' ? address.toLowerCase() : address}`;
}

/**
 * Who hears of the agency's own deadlines (reminders, campaign messages, receipts): its focal points, else its head,
 * else its coordinator. The coordinating agency owes reports too (the consolidated report, the activities it leads),
 * and a plan often lists it with its coordinator alone; without the last fallback its reminders reached nobody.
 */
const AGENCY_ROLES = ['focal', 'head', 'coordinator'];

export function createActivities(deps: ActivityDeps) {
  const now = deps.clock ?? (() => new Date());
  const { prisma } = deps;

  /**
   * The assignment, its plan, and the agencies a message can concern (the assignment's, the coordinator, the
   * committee) with their contacts, in one statement: this runs for every reminder, and loading every agency of
   * the plan, or one query per relation, made a send cost as much as the plan is large. Concurrent activities share
   * the statement (./statement-batch.ts).
   */
  /**
   * Parsed plan definitions by their `sourceHash` (the hash of that very definition, so an entry never goes stale).
   * A definition is the largest thing a send reads, and the plan of a hundred agencies cost more to ship and parse
   * per message than the rest of the load; the statement now returns it only for a plan not seen yet. Cleared
   * when it grows past a few plans, only between statements (one load statement runs at a time).
   */
  const definitions = new Map<string, unknown>();
  const loadRows = batched(async (ids: string[]): Promise<(LoadedRow | undefined)[]> => {
    if (definitions.size > 32) definitions.clear();
    const known = [...definitions.keys()];
    const rows = await prisma.$queryRaw<(LoadedRow & { sourceHash: string })[]>`
      SELECT a."id", a."planCode", a."agencyCode", a."obligationId", a."linkVersion", p."sourceHash",
        CASE WHEN p."sourceHash" = ANY(${known}::text[]) THEN NULL ELSE p."definition" END AS "definition",
        COALESCE((
          SELECT json_agg(json_build_object('code', g."code", 'name', g."name", 'contacts', COALESCE((
            SELECT json_agg(json_build_object('role', c."role", 'email', c."email", 'phone', c."phone") ORDER BY c."id")
            FROM "Contact" c WHERE c."agencyId" = g."id"), '[]'::json)))
          FROM "Agency" g
          WHERE g."planCode" = a."planCode"
            AND g."code" IN (a."agencyCode", p."definition"->>'coordinator', p."definition"->>'committee')
        ), '[]'::json) AS "agencies"
      FROM "Assignment" a JOIN "Plan" p ON p."code" = a."planCode"
      WHERE a."id" = ANY(${ids}::text[])`;
    const byId = new Map<string, LoadedRow>();
    for (const { sourceHash, definition, ...row } of rows) {
      if (definition !== null) definitions.set(sourceHash, definition);
      byId.set(row.id, { ...row, definition: definitions.get(sourceHash) });
    }
    return ids.map((id) => byId.get(id));
  });

  async function loadAssignment(assignmentId: string) {
    const row = await loadRows(assignmentId);
    if (!row) throw permanentFailure(ErrorType.UnknownAssignment, `no assignment ${assignmentId}`);
    const { definition, agencies, ...a } = row;
    return { a, plan: definition as Plan, byCode: new Map(agencies.map((g) => [g.code, g])) };
  }

  /**
   * A reminder step's event row and the assignment's count, for concurrent activities in one statement. Idempotent
   * under retries, even concurrent ones (an attempt that outlived its timeout): the event's unique key admits one
   * row per step, and the count moves only with the rows that got in. timestamp(3) columns hold UTC wall time.
   */
  const recordReminderEvent = batched(
    async (events: { assignmentId: string; key: string; detail: Record<string, unknown>; sent: boolean }[]) => {
      const values = JSON.stringify(events);
      await prisma.$executeRaw`
        WITH v AS (
          SELECT * FROM json_to_recordset(${values}::json)
            AS v("assignmentId" text, "key" text, "detail" jsonb, "sent" boolean)
        ), inserted AS (
          INSERT INTO "AssignmentEvent" ("assignmentId", "at", "type", "detail", "key")
          SELECT v."assignmentId", now() AT TIME ZONE 'UTC', 'reminder', v."detail", v."key" FROM v
          ON CONFLICT ("key") DO NOTHING
          RETURNING "key"
        ), counted AS (
          SELECT v."assignmentId", count(*) FILTER (WHERE v."sent")::int AS "n"
          FROM v JOIN inserted ON inserted."key" = v."key"
          GROUP BY v."assignmentId"
        )
        UPDATE "Assignment" a
        SET "remindersSent" = a."remindersSent" + c."n", "updatedAt" = now() AT TIME ZONE 'UTC'
        FROM counted c WHERE a."id" = c."assignmentId"`;
      return events.map(() => undefined);
    },
    { keyOf: (e) => e.key },
  );

  /** The agency's own signed submission link for one assignment. */
  function submitUrlFor(assignmentId: string, linkVersion = 1): string {
    const token = signLink(
      // The assignment's link version: a coordinator revokes every link sent so far by raising it.
      {
        a: assignmentId,
        exp: Math.floor(now().getTime() / 1000) + (deps.links.ttlDays ?? 180) * 86400,
        v: linkVersion,
      },
      deps.links.secret,
    );
    return `${deps.links.baseUrl.replace(/\/$/, '')}/s/${token}`;
  }

  function contextFor(
    loaded: Awaited<ReturnType<typeof loadAssignment>>,
    dueAt: string,
    extra: Partial<MessageContextInput> = {},
  ): MessageContextInput {
    const { a, plan, byCode } = loaded;
    const dueDate = localDateOf(dueAt);
    // Whole days between two local calendar dates (Việt Nam keeps UTC+7 all year).
    const today = localDateOf(now().toISOString());
    const obligationTitle = obligationTitleOf(plan, a.obligationId);
    const daysLeft = daysBetween(today, dueDate);
    return {
      planTitle: plan.title,
      planDocument: plan.document?.number,
      obligationTitle,
      agencyName: byCode.get(a.agencyCode)?.name ?? a.agencyCode,
      dueDate,
      daysLeft,
      submitUrl: submitUrlFor(a.id, a.linkVersion),
      coordinatorName: byCode.get(plan.coordinator)?.name ?? plan.coordinator,
      ...extra,
    };
  }

  const outbox = createOutbox(prisma, deps.delivery);
  type Loaded = Awaited<ReturnType<typeof loadAssignment>>;

  /** Sends one message on one channel through the outbox. */
  function deliverOn(channel: Channel, message: Omit<OutboxMessage, 'channel'>, lastAttempt: boolean) {
    if (channel === 'email') return deliverEmail(outbox, deps.mailer, message, { lastAttempt });
    // The outbox key is the gateway's idempotency id: eSMS refuses a RequestId it has seen, closing the copy window.
    return outbox.deliver(
      { ...message, channel },
      (m) => deps.sms.send({ to: m.recipient, text: m.body, id: m.key }),
      (err) => (err instanceof SmsPermanentError ? 'permanent' : 'transient'),
      { lastAttempt },
    );
  }

  /**
   * Sends a message of `kind` to each recipient on each of the plan's channels, once (see ./outbox.ts). Every
   * recipient is tried in every attempt. Transient failures are collected and thrown together at the end, so the
   * activity is retried by its retry policy and the messages already sent are not sent again. A message that fails
   * for good (refused permanently, or still failing on the last attempt) is recorded `failed`, sent instead on the
   * recipient's other channel when the plan does not already use it, and reported to the coordinator; the fallback
   * and the alert have keys derived from the failed message's key, so they too happen once.
   */
  async function sendToRecipients(
    loaded: Loaded,
    keyBase: string,
    kind: MessageKind,
    recipients: Recipient[],
    context: MessageContextInput,
    /** Only these of the plan's channels (a digest's email); fallbacks still follow the plan's. (Default: all.) */
    only?: readonly Channel[],
  ): Promise<SendSummary> {
    const summary: SendSummary = { sent: 0, alreadySent: 0, failed: 0 };
    const channels: Channel[] = loaded.plan.policy?.channels ?? ['email'];
    const lastAttempt = isLastActivityAttempt();
    const pending: string[] = [];
    let email: RenderedEmail | undefined;
    let sms: RenderedSms | undefined;
    const render = {
      email: () => (email ??= rendered(kind, () => deps.templates.renderEmail(kind, context))),
      sms: () =>
        (sms ??= rendered(kind, () =>
          deps.templates.renderSms(kind, context, {
            withoutDiacritics: loaded.plan.policy?.smsWithoutDiacritics ?? false,
          }),
        )),
    };
    const messageFor = (channel: Channel, key: string, address: string): Omit<OutboxMessage, 'channel'> => {
      if (channel === 'email') {
        const m = render.email();
        return {
          key,
          assignmentId: loaded.a.id,
          kind,
          recipient: address,
          subject: m.subject,
          body: m.text,
          html: m.html,
        };
      }
      const m = render.sms();
      deps.log.info('sms', { assignmentId: loaded.a.id, key, segments: m.segments, encoding: m.encoding });
      return { key, assignmentId: loaded.a.id, kind, recipient: address, subject: null, body: m.text, html: null };
    };
    /** Counts a result; returns the error when the message failed for good. */
    const tally = (key: string, r: DeliveryResult): string | undefined => {
      switch (r.outcome) {
        case 'sent':
          summary.sent++;
          return undefined;
        case 'already-sent':
          summary.alreadySent++;
          return undefined;
        case 'retry':
          pending.push(`${key}: ${r.error.message}`);
          return undefined;
        case 'in-flight':
          pending.push(`${key}: another attempt is sending it (lease until ${r.leaseUntil.toISOString()})`);
          return undefined;
        case 'failed':
          summary.failed++;
          if (r.now) deps.log.error('message failed', { assignmentId: loaded.a.id, key, error: r.error });
          return r.error;
      }
    };

    for (const r of recipients) {
      for (const channel of ['email', 'sms'] as const) {
        if (!channels.includes(channel) || (only && !only.includes(channel))) continue;
        const target = addressOf(r, channel);
        if (!target) continue;
        let failure: string | undefined;
        let key: string;
        if (target.ok) {
          key = keyOf(keyBase, channel, target.address);
          failure = tally(key, await deliverOn(channel, messageFor(channel, key, target.address), lastAttempt));
        } else {
          key = keyOf(keyBase, channel, target.raw);
          failure = `số điện thoại không dùng được / unusable phone number ${JSON.stringify(target.raw)}: ${target.reason}`;
          await outbox.recordFailure({ ...messageFor(channel, key, target.raw), channel }, failure);
          summary.failed++;
          deps.log.warn('phone number skipped', { assignmentId: loaded.a.id, reason: target.reason });
        }
        if (failure === undefined) continue;

        // Failed for good: the other channel, then the coordinator.
        const other: Channel = channel === 'email' ? 'sms' : 'email';
        const otherAddress = addressOf(r, other);
        let fallback: DeliveryFailure['fallback'] = { outcome: 'none' };
        if (channels.includes(other) && otherAddress) {
          fallback = { outcome: 'planned', channel: other };
        } else if (otherAddress?.ok) {
          const fallbackKey = keyOf(`${key}:fallback`, other, otherAddress.address);
          const result = await deliverOn(other, messageFor(other, fallbackKey, otherAddress.address), lastAttempt);
          const error = tally(fallbackKey, result);
          if (result.outcome === 'retry' || result.outcome === 'in-flight') continue; // alert once it is settled
          fallback =
            error === undefined
              ? { outcome: 'sent', channel: other, recipient: otherAddress.address }
              : { outcome: 'failed', channel: other, recipient: otherAddress.address, error };
        }
        await alertCoordinator(loaded, context, {
          key,
          channel,
          recipient: target.ok ? target.address : target.raw,
          error: failure,
          what: channel === 'email' ? render.email().subject : render.sms().text,
          fallback,
          lastAttempt,
          pending,
        });
      }
    }
    if (pending.length > 0) {
      // Transient: Temporal retries the activity; what was sent is not sent again.
      throw new Error(
        `${pending.length} message(s) not delivered yet, will retry / chưa gửi được, sẽ thử lại: ${pending.join('; ')}`,
      );
    }
    return summary;
  }

  /**
   * Tells the coordinator that a message failed for good, by email (or SMS for a coordinator without email),
   * skipping the address that just failed. Its failure is recorded and logged, never alerted in turn.
   */
  async function alertCoordinator(
    loaded: Loaded,
    context: MessageContextInput,
    f: Omit<DeliveryFailure, 'coordinatorName' | 'agencyName' | 'planTitle' | 'obligationTitle'> & {
      lastAttempt: boolean;
      pending: string[];
    },
  ): Promise<void> {
    const failure: DeliveryFailure = {
      ...f,
      coordinatorName: context.coordinatorName,
      agencyName: context.agencyName ?? loaded.a.agencyCode,
      planTitle: context.planTitle,
      obligationTitle: context.obligationTitle,
    };
    const coordinators = contactsOf(loaded, loaded.plan.coordinator, ['coordinator', 'focal', 'head']);
    let alerted = 0;
    for (const c of coordinators) {
      const channel: Channel = c.email ? 'email' : 'sms';
      const target = addressOf(c, channel);
      if (!target?.ok) continue;
      if (channel === f.channel && target.address.toLowerCase() === f.recipient.toLowerCase()) continue;
      const key = keyOf(`${f.key}:alert`, channel, target.address);
      const mail = deliveryFailureEmail(failure);
      const message: Omit<OutboxMessage, 'channel'> =
        channel === 'email'
          ? {
              key,
              assignmentId: loaded.a.id,
              kind: 'delivery-failed',
              recipient: target.address,
              subject: mail.subject,
              body: mail.text,
              html: mail.html,
            }
          : {
              key,
              assignmentId: loaded.a.id,
              kind: 'delivery-failed',
              recipient: target.address,
              subject: null,
              body: deliveryFailureSms(failure),
              html: null,
            };
      const r = await deliverOn(channel, message, f.lastAttempt);
      if (r.outcome === 'retry' || r.outcome === 'in-flight') f.pending.push(`${key}: alert not delivered yet`);
      else if (r.outcome === 'failed') deps.log.error('coordinator alert failed', { key, error: r.error });
      else alerted++;
    }
    if (alerted === 0) {
      deps.log.error('message failed and no coordinator could be alerted', {
        assignmentId: loaded.a.id,
        key: f.key,
        error: f.error,
      });
    }
  }

  /**
   * Refuses an attempt outside the plan's working hours (a retry that backoff pushed past closing, say): throws a
   * retryable failure whose next retry is the opening, before anything is claimed or sent.
   */
  function ensureWorkingHours(loaded: Loaded, step: string): void {
    const policy = loaded.plan.policy;
    const at = attemptInstant(now());
    const decision = sendDecision(at, policy.workingHours, {
      makeUpDaysAreWorkingDays: policy.makeUpDaysAreWorkingDays,
      proposedHolidays: policy.proposedHolidays,
    });
    if (decision.send) return;
    deps.log.info('outside working hours, deferred', { assignmentId: loaded.a.id, step, opensAt: decision.opensAt });
    throw outsideWorkingHours(
      `ngoài giờ làm việc, gửi lúc ${decision.opensAt} / outside working hours (${decision.reason}) at ` +
        `${at.toISOString()}; next attempt at ${decision.opensAt}`,
      decision.delayMs,
      decision.opensAt,
    );
  }

  /**
   * The day's digest for the assignment's agency: the local day of the step (when it was scheduled, so a retry the
   * next morning still belongs to its day), the key, and the context listing each obligation with its own link.
   * `covers` is false for a reminder the plan's calendar does not put on that day (a deadline moved by an
   * extension): the digest of that day cannot have listed it, so it is sent on its own.
   */
  async function digestFor(loaded: Loaded, input: SendReminderInput) {
    const { a, plan, byCode } = loaded;
    const day = localDateOf(scheduledAt() ?? now().toISOString());
    const keyBase = digestKeyBase(a.planCode, a.agencyCode, day);
    const calendar = digestItemsOf(plan, a.agencyCode, day);
    const covers = calendar.some((item) => item.id === a.id);
    // Obligations already submitted (or excused) are left out: their workflows remind nobody.
    const ids = calendar.map((item) => item.id).filter((id) => id !== a.id);
    // Each listed assignment's own link version: a revoked link must not come back through a digest.
    const open = new Map<string, number>(
      ids.length === 0
        ? []
        : (
            await prisma.$queryRaw<{ id: string; linkVersion: number }[]>`
              SELECT "id", "linkVersion" FROM "Assignment"
              WHERE "id" = ANY(${ids}::text[]) AND "state" IN ('pending', 'overdue')`
          ).map((r) => [r.id, r.linkVersion]),
    );
    const today = localDateOf(now().toISOString());
    const items = [
      { id: a.id, obligation: a.obligationId, dueAt: input.dueAt },
      ...calendar.filter((item) => open.has(item.id)),
    ]
      .map((item) => {
        const dueDate = localDateOf(item.dueAt);
        return {
          id: item.id,
          dueAt: item.dueAt,
          obligationTitle: obligationTitleOf(plan, item.obligation),
          dueDate,
          daysLeft: daysBetween(today, dueDate),
          submitUrl: submitUrlFor(item.id, item.id === a.id ? a.linkVersion : open.get(item.id)),
        };
      })
      .sort((x, y) => Date.parse(x.dueAt) - Date.parse(y.dueAt) || x.obligationTitle.localeCompare(y.obligationTitle));
    const first = items[0]!;
    const context: MessageContextInput = {
      planTitle: plan.title,
      planDocument: plan.document?.number,
      obligationTitle: first.obligationTitle,
      agencyName: byCode.get(a.agencyCode)?.name ?? a.agencyCode,
      dueDate: first.dueDate,
      daysLeft: first.daysLeft,
      coordinatorName: byCode.get(plan.coordinator)?.name ?? plan.coordinator,
      items: items.map(({ obligationTitle, dueDate, daysLeft, submitUrl }) => ({
        obligationTitle,
        dueDate,
        daysLeft,
        submitUrl,
      })),
    };
    return { keyBase, covers, context, assignments: items.map((item) => item.id) };
  }

  function contactsOf(loaded: Loaded, agencyCode: string, roles: string[]): Recipient[] {
    const contacts = loaded.byCode.get(agencyCode)?.contacts ?? [];
    for (const role of roles) {
      const found = contacts.filter((c) => c.role === role);
      if (found.length > 0) return found;
    }
    return [];
  }

  return {
    // The cycle's reads of the stored plan (./cycle-activities.ts) and its consolidated report
    // (./report-activities.ts): one factory, one set registered by the worker.
    ...createCycleActivities({ prisma, clock: deps.clock }),
    ...createReportActivities({
      prisma,
      mailer: deps.mailer,
      templates: deps.templates,
      links: deps.links,
      dataDir: deps.dataDir ?? path.resolve('.data'),
      log: deps.log,
      clock: deps.clock,
      delivery: deps.delivery,
    }),

    /** Writes the assignment's state and an event row. Idempotent: the state is set, not toggled, the row keyed. */
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
        // `at` comes from the workflow's clock, so a retried attempt carries the same key and adds no second row.
        prisma.assignmentEvent.createMany({
          data: [
            {
              assignmentId: input.assignmentId,
              at,
              type: `state:${input.state}`,
              detail: (input.detail ?? undefined) as never,
              key: `${input.assignmentId}#state:${input.state}@${at.toISOString()}`,
            },
          ],
          skipDuplicates: true,
        }),
      ]);
    },

    /**
     * Reminds the agency's focal points (else its head, else its coordinator: {@link AGENCY_ROLES}) of an approaching
     * deadline.
     *
     * With the plan's `digest` policy, email goes as one digest per agency, recipient and local day: the day's
     * first reminder sends it, listing every obligation of the agency reminded that day (./reminder-digest), under
     * the key `digest:<plan>:<agency>:<day>:email:<recipient>`; a later reminder of the same day finds that key sent
     * and sends no email of its own (its event records it as covered). SMS stays one message per reminder: a list
     * of reports and links does not fit a text message, and an SMS is the nudge that sends people to their inbox.
     */
    async sendReminder(input: SendReminderInput): Promise<SendSummary> {
      const loaded = await loadAssignment(input.assignmentId);
      ensureWorkingHours(loaded, input.step);
      const recipients = contactsOf(loaded, loaded.a.agencyCode, AGENCY_ROLES);
      if (recipients.length === 0) deps.log.warn('no contact to remind', { assignmentId: input.assignmentId });
      const keyBase = `${input.assignmentId}#${input.revision}:${input.step}`;
      const context = contextFor(loaded, input.dueAt);
      const channels: Channel[] = loaded.plan.policy?.channels ?? ['email'];
      let summary: SendSummary;
      let digest: Record<string, unknown> | undefined;
      if (loaded.plan.policy?.digest === true && channels.includes('email')) {
        const d = await digestFor(loaded, input);
        const email = d.covers
          ? await sendToRecipients(loaded, d.keyBase, 'digest', recipients, d.context, ['email'])
          : await sendToRecipients(loaded, keyBase, input.kind, recipients, context, ['email']);
        const sms = channels.includes('sms')
          ? await sendToRecipients(loaded, keyBase, input.kind, recipients, context, ['sms'])
          : { sent: 0, alreadySent: 0, failed: 0 };
        summary = {
          sent: email.sent + sms.sent,
          alreadySent: email.alreadySent + sms.alreadySent,
          failed: email.failed + sms.failed,
        };
        digest = d.covers
          ? {
              key: d.keyBase,
              email: email.sent > 0 ? 'sent' : email.alreadySent > 0 ? 'covered' : 'none',
              assignments: d.assignments,
            }
          : { key: d.keyBase, email: 'own', reason: 'not on the plan calendar for this day' };
      } else {
        summary = await sendToRecipients(loaded, keyBase, input.kind, recipients, context);
      }
      await recordReminderEvent({
        assignmentId: input.assignmentId,
        key: `${input.assignmentId}#${input.revision}:${input.step}`,
        detail: {
          step: input.step,
          revision: input.revision,
          scheduledAt: scheduledAt(),
          ...summary,
          ...(digest ? { digest } : {}),
        },
        // A reminder covered by the day's digest reached the agency too.
        sent: summary.sent > 0 || digest?.email === 'covered',
      });
      return summary;
    },

    /** One rung of the escalation ladder: the agency's focal point and head, the coordinator, or the committee. */
    async sendEscalation(input: SendEscalationInput): Promise<SendSummary> {
      const loaded = await loadAssignment(input.assignmentId);
      ensureWorkingHours(loaded, input.step);
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
      const detail = JSON.stringify({
        step: input.step,
        revision: input.revision,
        notify: input.notify,
        scheduledAt: scheduledAt(),
        ...total,
      });
      await prisma.$executeRaw`
        INSERT INTO "AssignmentEvent" ("assignmentId", "at", "type", "detail", "key")
        VALUES (${input.assignmentId}, now() AT TIME ZONE 'UTC', 'escalation', ${detail}::jsonb, ${keyBase})
        ON CONFLICT ("key") DO NOTHING`;
      return total;
    },

    /**
     * One campaign message (notice, kick-off, mid-campaign reminder) to one participant agency's focal points (else
     * head, else coordinator), once: the outbox key names the campaign run, the step and the recipient.
     */
    async sendCampaignMessage(input: SendCampaignMessageInput): Promise<SendSummary> {
      const loaded = await loadCampaignTarget(input);
      // The notice asks for the agency's campaign plan before the window opens; the others point at its end.
      const ctx = contextFor(loaded, `${input.step === 'notice' ? input.start : input.end}T23:59:59+07:00`, {
        campaignName: loaded.plan.campaigns.find((c) => c.id === input.campaignId)?.name ?? input.campaignId,
        campaignStart: input.start,
        campaignEnd: input.end,
        // No submission page: a campaign is not an obligation with a report of its own.
        submitUrl: undefined,
      });
      return sendToRecipients(
        loaded,
        `${input.campaignRunId}#${input.step}:${input.agencyCode}`,
        input.kind,
        contactsOf(loaded, input.agencyCode, AGENCY_ROLES),
        ctx,
      );
    },

    /**
     * Confirms a received submission to the agency's focal points (else head, else coordinator), once per
     * submission: the outbox key names the submission. Called by the web portal right after the submission is
     * recorded, outside a workflow.
     */
    async sendSubmissionReceipt(input: SendReceiptInput): Promise<SendSummary> {
      const loaded = await loadAssignment(input.assignmentId);
      const summary = await sendToRecipients(
        loaded,
        `${input.assignmentId}#receipt:${input.submissionId}`,
        'submission-receipt',
        contactsOf(loaded, loaded.a.agencyCode, AGENCY_ROLES),
        contextFor(loaded, input.dueAt, { receivedAt: input.receivedAt }),
      );
      return summary;
    },

    /** Tells the agency's focal points (else head, else coordinator) of an extension, once per revision. */
    async sendExtensionNotice(input: SendExtensionNoticeInput): Promise<SendSummary> {
      const loaded = await loadAssignment(input.assignmentId);
      ensureWorkingHours(loaded, 'extension');
      const keyBase = `${input.assignmentId}#${input.revision}:extension`;
      const today = localDateOf(now().toISOString());
      const newDueDate = localDateOf(input.newDueAt);
      const summary = await sendToRecipients(
        loaded,
        keyBase,
        'extension-granted',
        contactsOf(loaded, loaded.a.agencyCode, AGENCY_ROLES),
        contextFor(loaded, input.previousDueAt, {
          newDueDate,
          daysLeft: daysBetween(today, newDueDate),
          reason: input.reason,
        }),
      );
      const detail = JSON.stringify({ revision: input.revision, newDueAt: input.newDueAt, ...summary });
      await prisma.$executeRaw`
        INSERT INTO "AssignmentEvent" ("assignmentId", "at", "type", "detail", "key")
        VALUES (${input.assignmentId}, now() AT TIME ZONE 'UTC', 'extension-notice', ${detail}::jsonb, ${keyBase})
        ON CONFLICT ("key") DO NOTHING`;
      return summary;
    },
  };

  /** A campaign participant in the shape the send path takes: the campaign run stands where an assignment would. */
  async function loadCampaignTarget(input: SendCampaignMessageInput): Promise<Loaded> {
    const plan = await prisma.plan.findUnique({ where: { code: input.planCode }, select: { definition: true } });
    if (!plan) throw permanentFailure(ErrorType.UnknownAssignment, `no plan ${input.planCode}`);
    const definition = plan.definition as unknown as Plan;
    const agencies = await prisma.agency.findMany({
      where: {
        planCode: input.planCode,
        code: { in: [input.agencyCode, definition.coordinator, definition.committee ?? definition.coordinator] },
      },
      include: { contacts: { orderBy: { id: 'asc' } } },
    });
    return {
      a: {
        id: input.campaignRunId,
        planCode: input.planCode,
        agencyCode: input.agencyCode,
        obligationId: input.campaignId,
        linkVersion: 1,
      },
      plan: definition,
      byCode: new Map(
        agencies.map((g) => [
          g.code,
          {
            code: g.code,
            name: g.name,
            contacts: g.contacts.map((c) => ({ role: c.role, email: c.email, phone: c.phone })),
          },
        ]),
      ),
    };
  }
}

export type Activities = ReturnType<typeof createActivities>;

function obligationTitleOf(plan: Plan, obligationId: string): string {
  return (
    plan.obligations.find((o) => o.id === obligationId)?.title ??
    plan.campaigns.find((c) => `${c.id}-results` === obligationId)?.resultsReport?.title ??
    plan.activities.find((x) => `activity-${x.id}` === obligationId)?.title ??
    obligationId
  );
}

/** Whole days between two local calendar dates (Việt Nam keeps UTC+7 all year). */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
}

/** Renders a message; bad data or a failing template is permanent: every retry would fail the same way. */
function rendered<T>(kind: MessageKind, render: () => T): T {
  try {
    return render();
  } catch (err) {
    if (err instanceof MessageContextError || err instanceof TemplateRenderError) {
      throw permanentFailure(ErrorType.TemplateRejected, `${kind}: ${err.message}`, err);
    }
    throw err;
  }
}
