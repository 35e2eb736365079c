/**
 * The coordinators of a plan hear once that a change of the legal calendar moved some of its open deadlines: one
 * message per plan and change, listing each moved obligation × agency with its old and new date side by side. The
 * outbox key names the change and the plan, so a retried or replayed send is the same message, sent once.
 */
import type { PrismaClient } from '../db/prisma';
import { formatDmy } from '../domain/date-format';
import type { Plan } from '../domain/plan-schema';
import { COORDINATOR_ROLES, contactsOf, type AgencyContacts } from '../domain/recipient-policy';
import type { Logger } from '../runtime/logger';
import type { DeliverOn } from './channel-delivery';
import { ErrorType, permanentFailure } from './errors';
import { isLastActivityAttempt } from './notify-attempt';
import { maskPersonalData } from '../security/personal-data';
import { addressOf, keyOf, refOf, type Channel } from './recipient-address';

/** One open obligation × agency a calendar change moved (ids and instants only: no personal data in workflows). */
export interface CalendarMove {
  assignmentId: string;
  obligation: string;
  agency: string;
  year: number;
  oldDueAt: string;
  newDueAt: string;
  oldReminders: string[];
  newReminders: string[];
}

export interface CalendarChangeNoticeInput {
  changeId: number;
  planCode: string;
  moves: CalendarMove[];
}

const LOCAL = 7 * 3600_000;

/** `31/08/2026 17:00` in business time. */
function localDateTime(iso: string): string {
  const local = new Date(Date.parse(iso) + LOCAL).toISOString();
  return `${formatDmy(local.slice(0, 10))} ${local.slice(11, 16)}`;
}

export function calendarChangeText(
  change: { id: number; actor: string; dates: string[] },
  planTitle: string,
  lines: Array<{ obligationTitle: string; agencyName: string; move: CalendarMove }>,
): { subject: string; text: string } {
  const subject = `[Nhắc Hạn] Lịch nghỉ thay đổi: ${lines.length} hạn được dời / calendar change moved ${lines.length} deadline(s)`;
  const rows = lines.map(({ obligationTitle, agencyName, move }) => {
    const due =
      move.oldDueAt === move.newDueAt
        ? `hạn giữ nguyên ${localDateTime(move.newDueAt)}`
        : `hạn ${localDateTime(move.oldDueAt)} → ${localDateTime(move.newDueAt)}`;
    const reminders =
      move.oldReminders.join() === move.newReminders.join()
        ? ''
        : `; nhắc ${move.oldReminders.map(localDateTime).join(', ') || '—'} → ${move.newReminders.map(localDateTime).join(', ') || '—'}`;
    return `- ${obligationTitle} — ${agencyName}: ${due}${reminders}`;
  });
  const text = [
    `Kế hoạch: ${planTitle}`,
    `Lịch nghỉ chính thức đã được ${change.actor} cập nhật (ngày ${change.dates.map(formatDmy).join(', ')}; thay đổi số ${change.id}).`,
    'Các hạn, lời nhắc và đôn đốc đang chạy đã được tính lại theo lịch mới (cũ → mới):',
    ...rows,
    '',
    'The official calendar changed; the running deadlines above were recomputed (old → new).',
  ].join('\n');
  return { subject, text };
}

export function createSendCalendarChangeNotice(deps: { prisma: PrismaClient; deliverOn: DeliverOn; log: Logger }) {
  return async function sendCalendarChangeNotice(input: CalendarChangeNoticeInput): Promise<{ sent: number }> {
    const [plan, change] = await Promise.all([
      deps.prisma.plan.findUnique({
        where: { code: input.planCode },
        select: { title: true, definition: true, agencies: { include: { contacts: true } } },
      }),
      deps.prisma.holidayChange.findUnique({ where: { id: input.changeId } }),
    ]);
    if (!plan || !change) throw permanentFailure(ErrorType.UnknownPlan, `no plan ${input.planCode} or change`);
    const definition = plan.definition as unknown as Plan;
    const byCode = new Map<string, AgencyContacts>(
      plan.agencies.map((a) => [
        a.code,
        {
          code: a.code,
          name: a.name,
          contacts: a.contacts.map((c) => ({ ...c, staleAt: c.staleAt?.toISOString() ?? null })),
        },
      ]),
    );
    const titles = new Map(definition.obligations.map((o) => [o.id, o.title]));
    const mail = calendarChangeText(
      change,
      plan.title,
      input.moves.map((move) => ({
        obligationTitle: titles.get(move.obligation) ?? move.obligation,
        agencyName: byCode.get(move.agency)?.name ?? move.agency,
        move,
      })),
    );
    const lastAttempt = isLastActivityAttempt();
    let sent = 0;
    const pending: string[] = [];
    for (const c of contactsOf(byCode, definition.coordinator, COORDINATOR_ROLES)) {
      const channel: Channel = c.email ? 'email' : 'sms';
      const target = addressOf(c, channel);
      if (!target?.ok) continue;
      const base = `holiday-change:${input.changeId}:${input.planCode}`;
      const key = keyOf(base, channel, target.address);
      const ref = refOf(base, channel, c, target.address);
      const r = await deps.deliverOn(
        channel,
        {
          key,
          assignmentId: null,
          kind: 'calendar-change',
          recipient: target.address,
          subject: channel === 'email' ? mail.subject : null,
          body:
            channel === 'email' ? mail.text : `${mail.subject}. ${input.moves.length} hạn đã dời theo lịch nghỉ mới.`,
          html: null,
        },
        lastAttempt,
      );
      if (r.outcome === 'retry' || r.outcome === 'in-flight') pending.push(ref);
      else if (r.outcome === 'failed')
        deps.log.error('calendar change notice failed', { ref, error: maskPersonalData(r.error) });
      else sent++;
    }
    if (pending.length > 0) throw new Error(`calendar change notice not delivered yet: ${pending.join(', ')}`);
    return { sent };
  };
}
