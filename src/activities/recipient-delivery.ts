/** Sends one message to a list of recipients on the plan's channels, with the fallback along the channel order. */
import { channelWindow, windowDecision } from '../domain/channel-window';
import type { Recipient } from '../domain/recipient-policy';
import { zaloTemplateMessage } from '../domain/zalo-template';
import { MessageContextError, type MessageContextInput, type MessageKind } from '../notify/message-context-schema';
import {
  TemplateRenderError,
  type RenderedEmail,
  type RenderedSms,
  type TemplateSet,
} from '../notify/template-renderer';
import type { MailAttachment } from '../notify/mailer';
import type { Logger } from '../runtime/logger';
import type { Loaded, SendSummary } from './activity-types';
import type { DeliverOn } from './channel-delivery';
import { fallbackChannels, primaryChannels, type ChannelAbility } from './channel-order';
import type { AlertCoordinator } from './coordinator-alert';
import { ErrorType, deferredSend, pendingSend, permanentFailure } from './errors';
import type { DeliveryFailure } from './notify-alert';
import { attemptInstant, isLastActivityAttempt } from './notify-attempt';
import type { DeliveryResult, OutboxMessage, createOutbox } from './outbox';
import { maskPersonalData } from '../security/personal-data';
import { addressOf, keyOf, refOf, type Channel } from './recipient-address';
import type { ShortLinks } from './short-links';

export type SendToRecipients = (
  loaded: Loaded,
  keyBase: string,
  kind: MessageKind,
  recipients: Recipient[],
  context: MessageContextInput,
  /** Only these of the plan's channels (a digest's email); fallbacks still follow the plan's. (Default: all.) */
  only?: readonly Channel[],
  /** Files the emails carry (the công văn draft of the last escalation step), read only when one is sent. */
  emailAttachments?: () => Promise<MailAttachment[]>,
) => Promise<SendSummary>;

export interface RecipientDeliveryDeps {
  outbox: ReturnType<typeof createOutbox>;
  deliverOn: DeliverOn;
  alertCoordinator: AlertCoordinator;
  templates: TemplateSet;
  /** SMS carry the short form of the signed link (./short-links.ts). */
  shortLinks: ShortLinks;
  log: Logger;
  /** Whether a Zalo Official Account and an SMS gateway are configured. (Default: SMS yes, Zalo no.) */
  providers?: { zalo: boolean; sms: boolean };
  /** For the channels' send windows. (Default: the system clock.) */
  now?: () => Date;
}

export function createRecipientDelivery(deps: RecipientDeliveryDeps): SendToRecipients {
  const { outbox, deliverOn, alertCoordinator } = deps;
  const providers = deps.providers ?? { zalo: false, sms: true };
  const now = deps.now ?? (() => new Date());
  /**
   * Sends a message of `kind` to each recipient on each of its channels (./channel-order.ts), once (see
   * ./outbox.ts). Every recipient is tried in every attempt. Transient failures are collected and thrown together
   * at the end, so the activity is retried by its retry policy and the messages already sent are not sent again; a
   * message outside its channel's send window (or past its relay's rate) is deferred, and the activity retried
   * when the earliest one may go. A message that fails for good (refused permanently, or still failing on the last
   * attempt) is recorded `failed`, sent instead along the channel order, and reported to the coordinator; the
   * fallbacks and the alert have keys derived from the failed message's key, so they too happen once.
   */
  return async function sendToRecipients(loaded, keyBase, kind, recipients, context, only, emailAttachments) {
    const summary: SendSummary = { sent: 0, alreadySent: 0, failed: 0 };
    const policy = loaded.plan.policy;
    const planChannels: Channel[] = policy?.channels ?? ['email'];
    const lastAttempt = isLastActivityAttempt();
    const pending: string[] = [];
    /** When each of this step's own pending messages is due again (the coordinator's alerts add none). */
    const pendingDelays: number[] = [];
    const deferred: { key: string; delayMs: number; reason: string }[] = [];
    const zalo = zaloOf(policy?.zalo, kind, context);
    const can: ChannelAbility = { zalo: providers.zalo && zalo !== null, sms: providers.sms };
    const primaries = primaryChannels(planChannels, can);
    const inOnly = (c: Channel) => !only || only.includes(c) || (c !== 'email' && only.some((o) => o !== 'email'));
    let email: RenderedEmail | undefined;
    let sms: Promise<RenderedSms> | undefined;
    const shortSubmitUrl = async () =>
      context.submitUrl ? deps.shortLinks.shorten(`link:${keyBase}`, loaded.a.id, context.submitUrl) : undefined;
    const renderSms = async (): Promise<RenderedSms> => {
      // One short link per step, shared by every recipient of it (and by a fallback to SMS or Zalo).
      const submitUrl = await shortSubmitUrl();
      return rendered(kind, () =>
        deps.templates.renderSms(kind, submitUrl ? { ...context, submitUrl } : context, {
          withoutDiacritics: policy?.smsWithoutDiacritics ?? false,
        }),
      );
    };
    const render = {
      email: () => (email ??= rendered(kind, () => deps.templates.renderEmail(kind, context))),
      sms: () => (sms ??= renderSms()),
    };
    const zaloBody = async (): Promise<string> => {
      const submitUrl = await shortSubmitUrl();
      const message = rendered(kind, () =>
        zaloTemplateMessage(policy?.zalo, kind, submitUrl ? { ...context, submitUrl } : context),
      );
      return JSON.stringify(message);
    };
    const messageFor = async (
      channel: Channel,
      key: string,
      address: string,
      ref: string,
    ): Promise<Omit<OutboxMessage, 'channel'>> => {
      const base = { key, assignmentId: loaded.a.id, kind, recipient: address };
      if (channel === 'email') {
        const m = render.email();
        return { ...base, subject: m.subject, body: m.text, html: m.html };
      }
      if (channel === 'zalo') return { ...base, subject: null, body: await zaloBody(), html: null };
      const m = await render.sms();
      deps.log.info('sms', { assignmentId: loaded.a.id, ref, segments: m.segments, encoding: m.encoding });
      return { ...base, subject: null, body: m.text, html: null };
    };
    /** The channel's send window, checked before anything is claimed; a closed one defers the message. */
    const send = async (channel: Channel, key: string, address: string, ref: string): Promise<DeliveryResult> => {
      const window = windowDecision(attemptInstant(now()), channelWindow(channel, policy));
      if (!window.send && !(await outbox.settled(key))) {
        return { outcome: 'deferred', delayMs: window.delayMs, reason: `${channel} window opens ${window.opensAt}` };
      }
      return deliverOn(channel, await messageFor(channel, key, address, ref), lastAttempt, emailAttachments);
    };
    /**
     * Counts a result; returns the error when the message failed for good. Failures and log lines name the message
     * by `ref` (the contact's row id, see refOf), and a provider's error is masked: it may quote the address.
     */
    const tally = (ref: string, r: DeliveryResult): string | undefined => {
      switch (r.outcome) {
        case 'sent':
          summary.sent++;
          return undefined;
        case 'already-sent':
          summary.alreadySent++;
          return undefined;
        case 'retry':
          pending.push(`${ref}: ${maskPersonalData(r.error.message)}`);
          pendingDelays.push(r.retryInMs);
          return undefined;
        case 'in-flight':
          pending.push(
            `${ref}: not due again yet, or another attempt is sending it (until ${r.leaseUntil.toISOString()})`,
          );
          // Its lease (or its backoff) tells when it may be tried again, on the database's clock.
          pendingDelays.push(r.waitMs + 500);
          return undefined;
        case 'deferred':
          deferred.push({ key: ref, delayMs: r.delayMs, reason: r.reason });
          return undefined;
        case 'failed':
          summary.failed++;
          if (r.now)
            deps.log.error('message failed', { assignmentId: loaded.a.id, ref, error: maskPersonalData(r.error) });
          return r.error;
      }
    };
    const unsettled = (r: DeliveryResult) =>
      r.outcome === 'retry' || r.outcome === 'in-flight' || r.outcome === 'deferred';

    for (const r of recipients) {
      for (const channel of primaries) {
        if (!inOnly(channel)) continue;
        const target = addressOf(r, channel);
        if (!target) continue;
        let failure: string | undefined;
        let key: string;
        const ref = refOf(keyBase, channel, r, target.raw);
        if (target.ok) {
          key = keyOf(keyBase, channel, target.address);
          failure = tally(ref, await send(channel, key, target.address, ref));
        } else {
          key = keyOf(keyBase, channel, target.raw);
          // Kept in the outbox row and told to the coordinator (who fixes the contact); not logged (see below).
          failure = `số điện thoại không dùng được / unusable phone number ${JSON.stringify(target.raw)}: ${target.reason}`;
          await outbox.recordFailure({ ...(await messageFor(channel, key, target.raw, ref)), channel }, failure);
          summary.failed++;
          // The reason quotes the number: the line names the contact by its row id instead.
          deps.log.warn('phone number skipped', { assignmentId: loaded.a.id, ref });
        }
        if (failure === undefined) continue;

        // Failed for good: along the channel order, then the coordinator.
        let fallback: DeliveryFailure['fallback'] = { outcome: 'none' };
        const tried: Channel[] = [channel];
        let fromKey = key;
        let fromRef = ref;
        let settled = true;
        for (const other of fallbackChannels(channel, planChannels, can, tried)) {
          const otherAddress = addressOf(r, other);
          if (!otherAddress) continue;
          if (primaries.includes(other)) {
            fallback = { outcome: 'planned', channel: other };
            break;
          }
          if (!otherAddress.ok) continue;
          tried.push(other);
          const fallbackKey = keyOf(`${fromKey}:fallback`, other, otherAddress.address);
          const fallbackRef = `${fromRef}:fallback:${other}`;
          const result = await send(other, fallbackKey, otherAddress.address, fallbackRef);
          const error = tally(fallbackRef, result);
          if (unsettled(result)) {
            settled = false; // alert once it is settled
            break;
          }
          if (error === undefined) {
            fallback = { outcome: 'sent', channel: other, recipient: otherAddress.address };
            break;
          }
          fallback = { outcome: 'failed', channel: other, recipient: otherAddress.address, error };
          fromKey = fallbackKey;
          fromRef = fallbackRef;
        }
        if (!settled) continue;
        await alertCoordinator(loaded, context, {
          key,
          ref,
          channel,
          recipient: target.ok ? target.address : target.raw,
          error: failure,
          what:
            channel === 'email'
              ? render.email().subject
              : channel === 'zalo'
                ? `Zalo ${zalo?.templateId ?? ''}`
                : (await render.sms()).text,
          fallback,
          lastAttempt,
          pending,
        });
      }
    }
    if (pending.length > 0) {
      // Transient: Temporal retries the activity; what was sent is not sent again. When the messages say when they
      // are due again, the earliest of them sets the retry, not the activity's own count of attempts.
      const message = `${pending.length} message(s) not delivered yet, will retry / chưa gửi được, sẽ thử lại: ${pending.join('; ')}`;
      if (pendingDelays.length === pending.length) throw pendingSend(message, Math.min(...pendingDelays));
      throw new Error(message);
    }
    if (deferred.length > 0) {
      const delayMs = Math.min(...deferred.map((d) => d.delayMs));
      deps.log.info('messages deferred', { assignmentId: loaded.a.id, count: deferred.length, delayMs });
      throw deferredSend(
        `${deferred.length} message(s) deferred / hoãn gửi: ${deferred.map((d) => `${d.key}: ${d.reason}`).join('; ')}`,
        delayMs,
      );
    }
    return summary;
  };
}

/** The plan's Zalo template for the kind, checked against the context; `null` when there is none. */
function zaloOf(
  policy: Parameters<typeof zaloTemplateMessage>[0],
  kind: MessageKind,
  context: MessageContextInput,
): { templateId: string } | null {
  const template = policy?.templates[kind];
  return template && context ? { templateId: template.templateId } : null;
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
