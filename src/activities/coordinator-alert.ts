/** The coordinator hears of every message that failed for good. */
import { COORDINATOR_ROLES, contactsOf } from '../domain/recipient-policy';
import type { MessageContextInput } from '../notify/message-context-schema';
import type { Logger } from '../runtime/logger';
import type { Loaded } from './activity-types';
import type { DeliverOn } from './channel-delivery';
import { deliveryFailureEmail, deliveryFailureSms, type DeliveryFailure } from './notify-alert';
import type { OutboxMessage } from './outbox';
import { maskPersonalData } from '../security/personal-data';
import { addressOf, keyOf, recipientRef, type Channel } from './recipient-address';

export type FailureReport = Omit<
  DeliveryFailure,
  'coordinatorName' | 'agencyName' | 'planTitle' | 'obligationTitle'
> & {
  lastAttempt: boolean;
  pending: string[];
  /** How failures and log lines name the failed message (see refOf): row ids, no address. */
  ref: string;
};

export type AlertCoordinator = (loaded: Loaded, context: MessageContextInput, f: FailureReport) => Promise<void>;

export function createCoordinatorAlert(deliverOn: DeliverOn, log: Logger): AlertCoordinator {
  /**
   * Tells the coordinator that a message failed for good, by email (or SMS for a coordinator without email),
   * skipping the address that just failed. Its failure is recorded and logged, never alerted in turn.
   */
  return async function alertCoordinator(loaded, context, f) {
    const failure: DeliveryFailure = {
      ...f,
      coordinatorName: context.coordinatorName,
      agencyName: context.agencyName ?? loaded.a.agencyCode,
      planTitle: context.planTitle,
      obligationTitle: context.obligationTitle,
    };
    const coordinators = contactsOf(loaded.byCode, loaded.plan.coordinator, COORDINATOR_ROLES);
    let alerted = 0;
    for (const c of coordinators) {
      const channel: Channel = c.email ? 'email' : 'sms';
      const target = addressOf(c, channel);
      if (!target?.ok) continue;
      if (channel === f.channel && target.address.toLowerCase() === f.recipient.toLowerCase()) continue;
      const key = keyOf(`${f.key}:alert`, channel, target.address);
      const ref = `${f.ref}:alert:${channel}:${recipientRef(c, target.address)}`;
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
      if (r.outcome === 'retry' || r.outcome === 'in-flight') f.pending.push(`${ref}: alert not delivered yet`);
      else if (r.outcome === 'failed') log.error('coordinator alert failed', { ref, error: maskPersonalData(r.error) });
      else alerted++;
    }
    if (alerted === 0) {
      log.error('message failed and no coordinator could be alerted', {
        assignmentId: loaded.a.id,
        ref: f.ref,
        error: maskPersonalData(f.error),
      });
    }
  };
}
