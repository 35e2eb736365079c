/**
 * One agency's obligation for one year: remind before the deadline, escalate after it, stop the moment the report
 * is in. The instants come precomputed from the plan calendar (src/domain/plan-calendar.ts); this code only waits
 * for them, so it stays deterministic and its history stays small.
 */
import {
  allHandlersFinished,
  condition,
  defineQuery,
  getExternalWorkflowHandle,
  defineSignal,
  defineUpdate,
  log,
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { createActivities } from '../activities';
import type { AssignmentState } from '../domain/assignment-state';
import type { EscalationAt, ReminderAt } from '../domain/reminder-schedule';
import { LATE_WINDOW_MS, SEND_RETRY, STORE_RETRY, isStaleStep } from '../domain/policies';
import { DUE_KEY, STATE_KEY } from '../domain/search-attributes';
import { inWorkingHours } from './in-working-hours';
import { stepName, stepsOf, type RemindNow, type Step } from './obligation-steps';
import { assignmentChangedSignal } from './plan-cycle.workflow';

export interface ObligationInput {
  /** Equals the workflow id: `<plan>/<year>/<obligation>/<agency>`. */
  assignmentId: string;
  dueAt: string;
  reminders: ReminderAt[];
  escalations: EscalationAt[];
  /** The plan-year cycle (`<plan>/<year>`) to tell about each state change; absent for workflows started alone. */
  cycleId?: string;
  /**
   * How long after the last escalation a late submission is still awaited before the workflow closes with the
   * agency still overdue (ISO-8601 duration in ms). Default 90 days.
   */
  lateWindowMs?: number;
}

export interface SubmittedSignal {
  submissionId: string;
  /** When the report was received (ISO). Default: when the signal is handled. */
  receivedAt?: string;
  /** Confirm the submission to the agency (`submission-receipt`), once. (Default: false; the portal sets it.) */
  receipt?: boolean;
}

/**
 * Who decided, and why, by reference: the reason's text is stored in PostgreSQL (`ActionReason`) before the update
 * is sent, and the coordinator is a user id, so no free text and no email reaches the workflow's history. Histories
 * written before carry `reason` and `coordinator` (text, an email) instead; both shapes are accepted.
 */
export interface DecisionRef {
  /** `ActionReason` row id. */
  reasonId?: number;
  /** `User` id of the coordinator. */
  coordinatorId?: number;
  /** @deprecated Histories from before `reasonId`: the reason's text. */
  reason?: string;
  /** @deprecated Histories from before `coordinatorId`: the coordinator's email. */
  coordinator?: string;
}

const hasReason = (d: DecisionRef) => (Number.isInteger(d.reasonId) && d.reasonId! > 0) || !!d.reason?.trim();
/** A stored reason names its user; an old-shaped update names the coordinator itself. */
const hasCoordinator = (d: DecisionRef) =>
  d.reasonId !== undefined || (Number.isInteger(d.coordinatorId) && d.coordinatorId! > 0) || !!d.coordinator?.trim();
/** The decision as recorded with the state: the references, or the old text fields of an old history. */
const decisionOf = (d: DecisionRef) =>
  d.reasonId !== undefined
    ? { reasonId: d.reasonId, coordinatorId: d.coordinatorId }
    : { reason: d.reason, coordinator: d.coordinator };

export interface ExtendDeadline extends DecisionRef {
  newDueAt: string;
  /** Recomputed by the caller from the plan calendar for the new due date. */
  reminders: ReminderAt[];
  escalations: EscalationAt[];
}

export type Excuse = DecisionRef;

export interface ObligationStatus {
  assignmentId: string;
  state: AssignmentState;
  dueAt: string;
  /** Extensions granted so far; part of every outbox key so a new schedule sends anew. */
  revision: number;
  remindersSent: string[];
  escalationsSent: string[];
  nextStep: { step: string; at: string } | null;
  submission: { submissionId: string; receivedAt: string } | null;
}

/**
 * Fire-and-forget: the report has been received (web portal, CLI, paper). Before the due instant the state becomes
 * `submitted`, after it `late`.
 * @example await client.workflow.getHandle(id).signal(submittedSignal, { submissionId: 'abc' })
 */
export const submittedSignal = defineSignal<[SubmittedSignal]>('submitted');

/** Current state, for the dashboard, the CLI and tests. */
export const statusQuery = defineQuery<ObligationStatus>('status');

/**
 * Grant an extension. Rejected before it reaches history unless the new due instant is later than the current one
 * and a reason and a coordinator are given.
 * @example await handle.executeUpdate(extendDeadlineUpdate, { args: [{ newDueAt, reason, coordinator, reminders, escalations }] })
 */
export const extendDeadlineUpdate = defineUpdate<ObligationStatus, [ExtendDeadline]>('extendDeadline');

export interface Reschedule {
  newDueAt: string;
  reminders: ReminderAt[];
  escalations: EscalationAt[];
}

/**
 * The plan file moved this deadline (re-applied with another date, earlier or later). The schedule is replaced;
 * steps already in the past at that moment are skipped, not sent late.
 * @example await handle.executeUpdate(rescheduleUpdate, { args: [{ newDueAt, reminders, escalations }] })
 */
export const rescheduleUpdate = defineUpdate<ObligationStatus, [Reschedule]>('reschedule');

/** Mark the obligation as not required for this agency; stops all messages. */
export const excuseUpdate = defineUpdate<ObligationStatus, [Excuse]>('excuse');

export type { RemindNow } from './obligation-steps';

export interface RemindNowResult {
  /** When the reminder goes out: now, or the next opening (ISO). */
  sendAt: string;
  queued: true;
}

/**
 * A coordinator's "Nhắc ngay": queue a reminder outside the schedule. Rejected on a closed obligation. Answers at
 * once; the workflow sends it at `sendAt`.
 * @example await handle.executeUpdate(remindNowUpdate, { args: [{ requestId: randomUUID(), kind: 'upcoming' }] })
 */
export const remindNowUpdate = defineUpdate<RemindNowResult, [RemindNow]>('remindNow');

type Activities = ReturnType<typeof createActivities>;
// Sends retry until they settle (no attempt limit: an outage of ours must never fail the workflow; see SEND_RETRY).
const { sendReminder, sendEscalation, sendSubmissionReceipt, sendExtensionNotice } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: SEND_RETRY,
});
// Recording a state only needs the database back: a long outage must delay it, never fail the agency's workflow.
const { recordState } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: STORE_RETRY,
});

export async function obligationWorkflow(input: ObligationInput): Promise<ObligationStatus> {
  const { assignmentId } = input;
  let dueAt = input.dueAt;
  let reminders = input.reminders;
  let escalations = input.escalations;
  let revision = 0;
  let state: AssignmentState = 'pending';
  let submission: ObligationStatus['submission'] = null;
  let excused = false;
  let pendingSubmission: SubmittedSignal | null = null;
  const done = new Set<string>();
  /** Steps asked for by messages (remind now, extension notices), beside the schedule's. */
  const requested: Step[] = [];
  /** Bumped by every message that changes what comes next, so the main loop's wait wakes up and looks again. */
  let changes = 0;
  /** Steps before this instant were not ours to send (plan applied or rescheduled after them). */
  // The run's start event, not the first task: a worker that picks the workflow up late still owes what came after.
  let startedAt = workflowInfo().runStartTime.getTime();
  const remindersSent: string[] = [];
  const escalationsSent: string[] = [];

  // Handlers change `state` behind TypeScript's back; reading it through a function keeps narrowing honest.
  const currentState = (): AssignmentState => state;
  const finished = () => pendingSubmission !== null || excused;
  const status = (): ObligationStatus => ({
    assignmentId,
    state,
    dueAt,
    revision,
    remindersSent: [...remindersSent],
    escalationsSent: [...escalationsSent],
    nextStep: nextStep() ? { step: stepName(nextStep()!), at: new Date(nextStep()!.at).toISOString() } : null,
    submission,
  });

  const steps = (): Step[] => stepsOf({ revision, dueAt, reminders, escalations, requested });
  const nextStep = (): Step | undefined => (finished() ? undefined : steps().find((s) => !done.has(s.key)));

  async function setState(next: AssignmentState, detail?: Record<string, unknown>): Promise<void> {
    state = next;
    upsertSearchAttributes([
      { key: STATE_KEY, value: next },
      { key: DUE_KEY, value: new Date(dueAt) },
    ]);
    await recordState({ assignmentId, state: next, at: new Date().toISOString(), dueAt, detail: detail ?? null });
    await tellCycle(false);
  }

  /** The cycle keeps counts for the dashboard; it may be gone (closed, not started yet), which is no reason to fail. */
  async function tellCycle(closed: boolean): Promise<void> {
    if (!input.cycleId) return;
    try {
      await getExternalWorkflowHandle(input.cycleId).signal(assignmentChangedSignal, { assignmentId, state, closed });
    } catch (err) {
      log.warn('cycle not told', { assignmentId, cycleId: input.cycleId, error: String(err) });
    }
  }

  setHandler(submittedSignal, (s) => {
    if (pendingSubmission !== null || submission !== null) {
      log.warn('submission ignored: already recorded', { assignmentId, submissionId: s.submissionId });
      return;
    }
    if (typeof s?.submissionId !== 'string' || s.submissionId === '') {
      log.warn('submitted signal without submissionId ignored', { assignmentId });
      return;
    }
    pendingSubmission = s;
  });
  setHandler(statusQuery, status);
  /** A new schedule is a new revision: its steps get new keys, so the outbox sends them even if named as before. */
  const replaceSchedule = (next: { newDueAt: string; reminders: ReminderAt[]; escalations: EscalationAt[] }) => {
    changes += 1;
    revision += 1;
    dueAt = new Date(next.newDueAt).toISOString();
    reminders = next.reminders;
    escalations = next.escalations;
  };
  const assertOpen = (message: string) => {
    if (submission !== null || excused || pendingSubmission !== null) throw new Error(message);
  };
  setHandler(
    extendDeadlineUpdate,
    async (e) => {
      const previousDueAt = dueAt;
      replaceSchedule(e);
      // Workflows that granted extensions before this code told the agency nothing; their histories must replay.
      if (patched('extension-notice')) {
        const notice = {
          revision,
          previousDueAt,
          newDueAt: dueAt,
          ...(e.reasonId !== undefined ? { reasonId: e.reasonId } : { reason: e.reason ?? '' }),
        };
        requested.push({ type: 'extension-notice', key: `${revision}:extension`, at: Date.now(), data: notice });
      }
      await setState('pending', { extension: { newDueAt: e.newDueAt, ...decisionOf(e) } });
      return status();
    },
    {
      validator: (e: ExtendDeadline) => {
        assertOpen('Nghĩa vụ đã hoàn thành, không thể gia hạn / obligation already closed');
        if (!(Date.parse(e.newDueAt) > Date.parse(dueAt))) {
          throw new Error(`Hạn mới phải sau hạn hiện tại ${dueAt} / new due must be later than the current one`);
        }
        if (!hasReason(e)) throw new Error('Cần nêu lý do gia hạn / a reason is required');
        if (!hasCoordinator(e)) throw new Error('Cần người gia hạn / the coordinator is required');
      },
    },
  );
  setHandler(
    rescheduleUpdate,
    async (r) => {
      replaceSchedule(r);
      // Steps of the new schedule that are already past are missed by design, like those of a plan applied late.
      startedAt = Date.now();
      if (Date.now() > Date.parse(dueAt)) done.add(`${revision}:due`);
      await setState(Date.now() > Date.parse(dueAt) ? 'overdue' : 'pending', { reschedule: { newDueAt: r.newDueAt } });
      return status();
    },
    {
      validator: (r: Reschedule) => {
        assertOpen('Nghĩa vụ đã hoàn thành / obligation already closed');
        if (!Number.isFinite(Date.parse(r.newDueAt))) throw new Error('Hạn mới không hợp lệ / invalid new due instant');
      },
    },
  );
  setHandler(
    excuseUpdate,
    async (x) => {
      excused = true;
      await setState('excused', { excuse: decisionOf(x) });
      return status();
    },
    {
      validator: (x: Excuse) => {
        if (submission !== null || pendingSubmission !== null) throw new Error('Đã nộp báo cáo / already submitted');
        if (excused) throw new Error('Đã được miễn / already excused');
        if (!hasReason(x)) throw new Error('Cần nêu lý do / a reason is required');
        if (!hasCoordinator(x)) throw new Error('Cần người quyết định / the coordinator is required');
      },
    },
  );

  setHandler(
    remindNowUpdate,
    (r) => {
      const key = `manual:${r.requestId}`;
      const queued = requested.find((x) => x.key === key);
      if (queued) return { queued: true, sendAt: new Date(queued.at).toISOString() };
      const at = Math.max(Date.now(), r.notBefore ? Date.parse(r.notBefore) : 0);
      requested.push({ type: 'manual', key, at, data: r });
      changes += 1;
      return { queued: true, sendAt: new Date(at).toISOString() };
    },
    {
      validator: (r: RemindNow) => {
        assertOpen('Nghĩa vụ đã hoàn thành, không cần nhắc / obligation already closed');
        if (typeof r?.requestId !== 'string' || r.requestId.trim() === '')
          throw new Error('Thiếu mã yêu cầu / requestId is required');
        if (r.kind !== 'upcoming' && r.kind !== 'due-today') throw new Error(`Loại nhắc không hợp lệ / invalid kind`);
        if (r.notBefore !== undefined && !Number.isFinite(Date.parse(r.notBefore)))
          throw new Error('Thời điểm gửi không hợp lệ / invalid notBefore');
      },
    },
  );

  await setState(startedAt > Date.parse(dueAt) ? 'overdue' : 'pending');
  if (currentState() === 'overdue') done.add(`${revision}:due`);

  for (;;) {
    const step = nextStep();
    const seen = changes;
    if (!step) {
      if (finished()) break;
      // The ladder is over and the agency is still overdue: keep accepting a late report (or an extension, which
      // brings new steps, or a remind-now) for a while, then close.
      const woke = await condition(() => finished() || changes !== seen, input.lateWindowMs ?? LATE_WINDOW_MS);
      if (!woke) break;
      continue;
    }
    const wait = step.at - Date.now();
    if (wait > 0) {
      const interrupted = await condition(() => finished() || changes !== seen, wait);
      if (interrupted) continue;
    }
    done.add(step.key);
    const stale = isStaleStep(step.at, startedAt, Date.now(), patched('stale-at-start'));
    switch (step.type) {
      case 'manual':
        await inWorkingHours(() =>
          sendReminder({ assignmentId, revision, step: step.key, kind: step.data.kind, dueAt }),
        );
        remindersSent.push(step.key);
        break;
      case 'extension-notice':
        await inWorkingHours(() => sendExtensionNotice({ assignmentId, ...step.data })).catch((err: unknown) =>
          log.warn('extension notice not sent', { assignmentId, error: String(err) }),
        );
        break;
      case 'reminder':
        if (stale) break;
        await inWorkingHours(() =>
          sendReminder({ assignmentId, revision, step: step.data.step, kind: step.data.kind, dueAt }),
        );
        remindersSent.push(step.data.step);
        break;
      case 'due':
        if (currentState() === 'pending') await setState('overdue');
        break;
      case 'escalation':
        if (stale) break;
        await inWorkingHours(() =>
          sendEscalation({ assignmentId, revision, step: step.data.step, notify: step.data.notify, dueAt }),
        );
        escalationsSent.push(step.data.step);
        if (currentState() !== 'escalated') await setState('escalated', { step: step.data.step });
        break;
    }
  }

  if (pendingSubmission !== null) {
    const s: SubmittedSignal = pendingSubmission;
    const receivedAt = s.receivedAt ?? new Date().toISOString();
    submission = { submissionId: s.submissionId, receivedAt };
    await setState(Date.parse(receivedAt) <= Date.parse(dueAt) ? 'submitted' : 'late', {
      submissionId: s.submissionId,
    });
    // The receipt is a send like any other: retried with backoff until the mail server takes it, once.
    if (s.receipt === true && patched('submission-receipt')) {
      await sendSubmissionReceipt({ assignmentId, submissionId: s.submissionId, receivedAt, dueAt }).catch(
        // Its last attempt records the failure and alerts the coordinator; the submission stands regardless.
        (err: unknown) => log.warn('submission receipt not sent', { assignmentId, error: String(err) }),
      );
    }
  }
  // An update that closed the workflow (excuse) is still writing its state: let it finish and answer its caller.
  await condition(allHandlersFinished);
  await tellCycle(true);
  log.info('obligation closed', { assignmentId, state, workflowId: workflowInfo().workflowId });
  return status();
}
