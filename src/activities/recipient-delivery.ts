/** Sends one message to a list of recipients on the plan's channels, with the fallback to the other channel. */
import type { Recipient } from '../domain/recipient-policy';
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
import type { AlertCoordinator } from './coordinator-alert';
import { ErrorType, permanentFailure } from './errors';
import type { DeliveryFailure } from './notify-alert';
import { isLastActivityAttempt } from './notify-attempt';
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
}

export function createRecipientDelivery(deps: RecipientDeliveryDeps): SendToRecipients {
  const { outbox, deliverOn, alertCoordinator } = deps;
  /**
   * Sends a message of `kind` to each recipient on each of the plan's channels, once (see ./outbox.ts). Every
   * recipient is tried in every attempt. Transient failures are collected and thrown together at the end, so the
   * activity is retried by its retry policy and the messages already sent are not sent again. A message that fails
   * for good (refused permanently, or still failing on the last attempt) is recorded `failed`, sent instead on the
   * recipient's other channel when the plan does not already use it, and reported to the coordinator; the fallback
   * and the alert have keys derived from the failed message's key, so they too happen once.
   */
  return async function sendToRecipients(loaded, keyBase, kind, recipients, context, only, emailAttachments) {
    const summary: SendSummary = { sent: 0, alreadySent: 0, failed: 0 };
    const channels: Channel[] = loaded.plan.policy?.channels ?? ['email'];
    const lastAttempt = isLastActivityAttempt();
    const pending: string[] = [];
    let email: RenderedEmail | undefined;
    let sms: Promise<RenderedSms> | undefined;
    const renderSms = async (): Promise<RenderedSms> => {
      // One short link per step, shared by every recipient of it (and by a fallback to SMS).
      const submitUrl = context.submitUrl
        ? await deps.shortLinks.shorten(`link:${keyBase}`, loaded.a.id, context.submitUrl)
        : undefined;
      return rendered(kind, () =>
        deps.templates.renderSms(kind, submitUrl ? { ...context, submitUrl } : context, {
          withoutDiacritics: loaded.plan.policy?.smsWithoutDiacritics ?? false,
        }),
      );
    };
    const render = {
      email: () => (email ??= rendered(kind, () => deps.templates.renderEmail(kind, context))),
      sms: () => (sms ??= renderSms()),
    };
    const messageFor = async (
      channel: Channel,
      key: string,
      address: string,
      ref: string,
    ): Promise<Omit<OutboxMessage, 'channel'>> => {
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
      const m = await render.sms();
      deps.log.info('sms', { assignmentId: loaded.a.id, ref, segments: m.segments, encoding: m.encoding });
      return { key, assignmentId: loaded.a.id, kind, recipient: address, subject: null, body: m.text, html: null };
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
          return undefined;
        case 'in-flight':
          pending.push(`${ref}: another attempt is sending it (lease until ${r.leaseUntil.toISOString()})`);
          return undefined;
        case 'failed':
          summary.failed++;
          if (r.now)
            deps.log.error('message failed', { assignmentId: loaded.a.id, ref, error: maskPersonalData(r.error) });
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
        const ref = refOf(keyBase, channel, r, target.raw);
        if (target.ok) {
          key = keyOf(keyBase, channel, target.address);
          failure = tally(
            ref,
            await deliverOn(
              channel,
              await messageFor(channel, key, target.address, ref),
              lastAttempt,
              emailAttachments,
            ),
          );
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

        // Failed for good: the other channel, then the coordinator.
        const other: Channel = channel === 'email' ? 'sms' : 'email';
        const otherAddress = addressOf(r, other);
        let fallback: DeliveryFailure['fallback'] = { outcome: 'none' };
        if (channels.includes(other) && otherAddress) {
          fallback = { outcome: 'planned', channel: other };
        } else if (otherAddress?.ok) {
          const fallbackKey = keyOf(`${key}:fallback`, other, otherAddress.address);
          const fallbackRef = `${ref}:fallback:${other}`;
          const result = await deliverOn(
            other,
            await messageFor(other, fallbackKey, otherAddress.address, fallbackRef),
            lastAttempt,
          );
          const error = tally(fallbackRef, result);
          if (result.outcome === 'retry' || result.outcome === 'in-flight') continue; // alert once it is settled
          fallback =
            error === undefined
              ? { outcome: 'sent', channel: other, recipient: otherAddress.address }
              : { outcome: 'failed', channel: other, recipient: otherAddress.address, error };
        }
        await alertCoordinator(loaded, context, {
          key,
          ref,
          channel,
          recipient: target.ok ? target.address : target.raw,
          error: failure,
          what: channel === 'email' ? render.email().subject : (await render.sms()).text,
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
  };
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
