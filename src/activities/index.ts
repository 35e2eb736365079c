/**
 * Activities: every side effect of a workflow. Built by a factory from their dependencies so that tests and the
 * worker pass real clients, and workflows see only the types (`import type { createActivities }`).
 * Each activity is idempotent: state writes are upserts, sends go through the outbox.
 *
 * This file only composes: each activity lives in its own `*.activity.ts`, the send path in the modules below.
 */
import path from 'node:path';
import type { ActivityDeps } from './activity-types';
import { createAssignmentLoader } from './assignment-loader';
import { createCheckCalendarCoverage } from './calendar-coverage.activity';
import { createChannelDelivery } from './channel-delivery';
import { createCoordinatorAlert } from './coordinator-alert';
import { createCycleActivities } from './cycle-activities';
import { withMaskedFailures } from './masked-failures';
import { createMessageContexts } from './message-contexts';
import { meteredOutbox } from './metered-outbox';
import { createOutbox } from './outbox';
import { createRecipientDelivery } from './recipient-delivery';
import { createRecordState } from './record-state.activity';
import { createReminderDigest } from './reminder-digest';
import { createReportActivities } from './report-activities';
import type { SendDeps } from './send-deps';
import { createSendCalendarChangeNotice } from './send-calendar-change.activity';
import { createSendCampaignMessage } from './send-campaign-message.activity';
import { createSendEscalation } from './send-escalation.activity';
import { createSendExtensionNotice } from './send-extension-notice.activity';
import { createSendReminder } from './send-reminder.activity';
import { createSendSubmissionReceipt } from './send-submission-receipt.activity';
import { createShortLinks } from './short-links';
import { createWorkingHoursGate } from './working-hours-gate';
import { createSendWeeklyDigests } from './weekly-digest.activity';
import { createZaloQuotaStore } from './zalo-quota';
import { createCalendarRefresher } from '../services/holiday-store';

export type { ActivityDeps, SendEscalationInput, SendExtensionNoticeInput, SendReminderInput } from './activity-types';

export function createActivities(deps: ActivityDeps) {
  const now = deps.clock ?? (() => new Date());
  const { prisma } = deps;
  const plainOutbox = createOutbox(prisma, deps.delivery);
  const outbox = deps.metrics ? meteredOutbox(plainOutbox, deps.metrics) : plainOutbox;
  const zalo = deps.zalo ? { ...deps.zalo, quota: createZaloQuotaStore(prisma) } : undefined;
  const deliverOn = createChannelDelivery(outbox, deps.mailer, deps.sms, { zalo, rate: deps.rate, now });
  const contexts = createMessageContexts(deps.links, now);
  const alertCoordinator = createCoordinatorAlert(deliverOn, deps.log);
  const send: SendDeps = {
    alertCoordinator,
    prisma,
    log: deps.log,
    loader: createAssignmentLoader(prisma),
    contexts,
    sendToRecipients: createRecipientDelivery({
      outbox,
      deliverOn,
      alertCoordinator,
      templates: deps.templates,
      shortLinks: createShortLinks(prisma, deps.links.baseUrl),
      log: deps.log,
      providers: { zalo: zalo !== undefined, sms: deps.smsGateway ?? true },
      now,
    }),
    ensureWorkingHours: createWorkingHoursGate(now, deps.log),
  };

  // The admin's calendar entries (src/services/holiday-store.ts): re-read before every cycle computation, and at most
  // every 30 s before a send, whose working-hours gate asks the calendar whether today is a working day.
  const refreshCalendar = createCalendarRefresher(prisma, { maxAgeMs: 30_000 });
  const withCalendar =
    <I, O>(fn: (input: I) => Promise<O>) =>
    async (input: I): Promise<O> => {
      await refreshCalendar();
      return fn(input);
    };

  return withMaskedFailures({
    // The cycle's reads of the stored plan (./cycle-activities.ts) and its consolidated report
    // (./report-activities.ts): one factory, one set registered by the worker.
    ...createCycleActivities({ prisma, clock: deps.clock, refreshCalendar: () => refreshCalendar(true) }),
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
    recordState: createRecordState(prisma, deps.metrics),
    sendReminder: withCalendar(createSendReminder({ ...send, digestFor: createReminderDigest(prisma, now, contexts) })),
    sendEscalation: withCalendar(createSendEscalation(send)),
    sendCampaignMessage: createSendCampaignMessage(send),
    sendSubmissionReceipt: createSendSubmissionReceipt(send),
    sendExtensionNotice: withCalendar(createSendExtensionNotice(send)),
    sendCalendarChangeNotice: createSendCalendarChangeNotice({ prisma, deliverOn, log: deps.log }),
    checkCalendarCoverage: createCheckCalendarCoverage({
      prisma,
      deliverOn,
      log: deps.log,
      baseUrl: deps.links.baseUrl,
      refreshCalendar: () => refreshCalendar(true),
    }),
    sendWeeklyDigests: createSendWeeklyDigests({
      prisma,
      deliverOn,
      log: deps.log,
      baseUrl: deps.links.baseUrl,
      refreshCalendar: () => refreshCalendar(true),
    }),
  });
}

export type Activities = ReturnType<typeof createActivities>;
