/**
 * An iCalendar (RFC 5545) feed of deadlines, written by ical-generator from plain data (no I/O, no clock: the
 * stamp is given). Each deadline is one VEVENT whose UID is the assignment's workflow id, so a moved deadline
 * (extension, reschedule, re-applied plan) updates the same event in a subscribed calendar; its SEQUENCE is the
 * assignment's `dueRevision`, which rises with each move. Each reminder still ahead is a VALARM at its instant.
 */
import ical, { ICalAlarmType, ICalEventStatus } from 'ical-generator';

export interface FeedEvent {
  /** The assignment's workflow id: the stable part of the UID. */
  id: string;
  /** Times the deadline moved: the event's SEQUENCE. */
  revision: number;
  summary: string;
  description: string;
  /** The legal last day, YYYY-MM-DD: an all-day event. */
  dueDate: string;
  /** The instant the deadline ends, ISO: a timed event instead, for exact (`instant`) deadlines. */
  dueAt: string;
  exact: boolean;
  /** Reminder instants, ISO; each is a display alarm. */
  alarms: { at: string; text: string }[];
  /** A closed obligation (submitted, excused): kept, marked, without alarms. */
  closed: boolean;
  url?: string;
}

export interface Feed {
  name: string;
  description?: string;
  events: FeedEvent[];
  /** DTSTAMP of every event: when the feed was produced. */
  stamp: Date;
}

/** UID domain part: RFC 5545 asks for a globally unique id; the workflow id is unique within one installation. */
const UID_DOMAIN = 'nhac-han';

export function uidOf(assignmentId: string): string {
  return `${assignmentId}@${UID_DOMAIN}`;
}

export function renderIcs(feed: Feed): string {
  const cal = ical({
    name: feed.name,
    description: feed.description ?? null,
    prodId: { company: 'Nhac Han', product: 'nhac-han', language: 'VI' },
    // Calendar applications poll a subscription; an hour is often enough for deadlines counted in days.
    ttl: 3600,
  });
  for (const e of feed.events) {
    const nextDay = new Date(`${e.dueDate}T00:00:00Z`);
    nextDay.setUTCDate(nextDay.getUTCDate() + 1);
    const event = cal.createEvent({
      id: uidOf(e.id),
      sequence: e.revision,
      stamp: feed.stamp,
      summary: e.summary,
      description: e.description,
      url: e.url ?? null,
      status: ICalEventStatus.CONFIRMED,
      ...(e.exact
        ? { start: new Date(e.dueAt), end: new Date(e.dueAt) }
        : { allDay: true, start: new Date(`${e.dueDate}T00:00:00Z`), end: nextDay }),
    });
    if (e.closed) continue;
    for (const alarm of e.alarms) {
      event.createAlarm({ type: ICalAlarmType.display, trigger: new Date(alarm.at), description: alarm.text });
    }
  }
  return cal.toString();
}
