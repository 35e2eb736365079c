/**
 * The steps of one obligation's run, in the order they fall due: the schedule's reminders, the due instant and the
 * escalations of the current revision, and the steps messages asked for (remind now, extension notices). Pure.
 */
import type { EscalationAt, ReminderAt, ReminderKind } from '../domain/reminder-schedule';

export interface RemindNow {
  /** Names the manual step (`manual:<requestId>`) and its outbox keys: the same request twice sends once. */
  requestId: string;
  kind: ReminderKind;
  /**
   * The first instant the plan's working hours allow a message (ISO), worked out by the caller from the plan;
   * absent when it may go out at once. The workflow waits for it, so the reminder goes out once, at the opening.
   */
  notBefore?: string;
}

export type Step =
  | { type: 'reminder'; key: string; at: number; data: ReminderAt }
  | { type: 'due'; key: string; at: number }
  | { type: 'escalation'; key: string; at: number; data: EscalationAt }
  /** A coordinator's "remind now", at once or at the next opening. */
  | { type: 'manual'; key: string; at: number; data: RemindNow }
  /** Tells the agency of an extension just granted (revision `data.revision`). */
  | { type: 'extension-notice'; key: string; at: number; data: ExtensionNotice };

export interface ExtensionNotice {
  revision: number;
  previousDueAt: string;
  newDueAt: string;
  /** `ActionReason` row id; the activity reads the text. */
  reasonId?: number;
  /** Histories from before `reasonId`: the reason's text. */
  reason?: string;
}

/** Every step of the schedule's current revision and the requested ones, earliest first. */
export function stepsOf(s: {
  revision: number;
  dueAt: string;
  reminders: ReminderAt[];
  escalations: EscalationAt[];
  requested: Step[];
}): Step[] {
  return [
    ...s.reminders.map((r): Step => ({
      type: 'reminder',
      key: `${s.revision}:${r.step}`,
      at: Date.parse(r.at),
      data: r,
    })),
    { type: 'due', key: `${s.revision}:due`, at: Date.parse(s.dueAt) } as Step,
    ...s.escalations.map((e): Step => ({
      type: 'escalation',
      key: `${s.revision}:${e.step}`,
      at: Date.parse(e.at),
      data: e,
    })),
    ...s.requested,
  ].sort((a, b) => a.at - b.at);
}

/** The name the status query shows: the schedule's step name, `due`, or the requested step's key. */
export function stepName(s: Step): string {
  if (s.type === 'reminder' || s.type === 'escalation') return s.data.step;
  return s.type === 'due' ? 'due' : s.key;
}
