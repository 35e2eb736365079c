/**
 * The Monday digest (`system/weekly-digest`, src/services/weekly-digest-schedule.ts): every subscriber of an active
 * account gets one email of the dashboard they may see (src/domain/weekly-digest.ts). Admins and viewers see every
 * active plan, a coordinator only the plans they coordinate; a subscription naming one plan narrows that further.
 *
 * The outbox key `weekly-digest:<userId>:<ISO week>` makes a retried attempt, a re-run of the workflow or a Schedule
 * catch-up for the same week the same message: each subscriber hears once a week.
 */
import type { PrismaClient } from '../db/prisma';
import { installedCalendarData } from '../domain/calendar-data';
import { addDaysToDate, localDateOf } from '../domain/business-time';
import type { Plan } from '../domain/plan-schema';
import { composeWeeklyDigest, digestWeekOf, DIGEST_WINDOW_DAYS, type DigestAssignment } from '../domain/weekly-digest';
import type { Logger } from '../runtime/logger';
import type { DeliverOn } from './channel-delivery';
import { isLastActivityAttempt } from './notify-attempt';

export interface WeeklyDigestInput {
  /** The digest's instant (the workflow's start): which week, what is late and what is due. */
  at: string;
}

export interface WeeklyDigestResult {
  /** The ISO week the digests speak for, e.g. `2026-W49`. */
  week: string;
  /** Active subscribers this run looked at. */
  subscribers: number;
  /** Digests sent by this call (0 for a week already sent: the outbox knows). */
  sent: number;
}

/** The outbox key of one subscriber's digest of one week. */
export const weeklyDigestKey = (userId: number, week: string) => `weekly-digest:${userId}:${week}`;

const OPEN_STATES = ['pending', 'overdue', 'escalated'] as const;

export function createSendWeeklyDigests(deps: {
  prisma: PrismaClient;
  deliverOn: DeliverOn;
  log: Logger;
  baseUrl: string;
  refreshCalendar: () => Promise<unknown>;
}) {
  return async function sendWeeklyDigests(input: WeeklyDigestInput): Promise<WeeklyDigestResult> {
    const { prisma } = deps;
    await deps.refreshCalendar();
    const calendar = { calendar: installedCalendarData() };
    const subscriptions = await prisma.digestSubscription.findMany({
      where: { user: { disabledAt: null } },
      orderBy: { userId: 'asc' },
      select: {
        planCode: true,
        user: { select: { id: true, email: true, role: true, plans: { select: { planCode: true } } } },
      },
    });
    const week = digestWeekOf(input.at);
    if (subscriptions.length === 0) return { week, subscribers: 0, sent: 0 };

    const plans = await prisma.plan.findMany({
      where: { status: 'active' },
      orderBy: { code: 'asc' },
      select: { code: true, title: true, definition: true },
    });
    const assignments = await loadOpenAssignments(prisma, input.at, plans);

    const lastAttempt = isLastActivityAttempt();
    let sent = 0;
    const pending: number[] = [];
    for (const { user, planCode } of subscriptions) {
      const coordinated = new Set(user.plans.map((p) => p.planCode));
      const visible = plans.filter(
        (p) => (user.role !== 'coordinator' || coordinated.has(p.code)) && (planCode === null || p.code === planCode),
      );
      const digest = composeWeeklyDigest({
        at: input.at,
        plans: visible.map((p) => ({ code: p.code, title: p.title })),
        assignments,
        calendar,
        baseUrl: deps.baseUrl,
      });
      const r = await deps.deliverOn(
        'email',
        {
          key: weeklyDigestKey(user.id, digest.week),
          assignmentId: null,
          kind: 'weekly-digest',
          recipient: user.email,
          subject: digest.subject,
          body: digest.text,
          html: null,
        },
        lastAttempt,
      );
      if (r.outcome === 'retry' || r.outcome === 'in-flight') pending.push(user.id);
      else if (r.outcome === 'failed') deps.log.error('weekly digest failed', { user: user.id, error: r.error });
      else if (r.outcome === 'sent') sent++;
    }
    if (pending.length > 0) throw new Error(`weekly digest not delivered yet to users ${pending.join(', ')}`);
    return { week, subscribers: subscriptions.length, sent };
  };
}

/**
 * The assignments of the active plans that can appear in a digest: nothing received, not excused, due before the
 * window's end. Agencies by their current names (a merged agency's open work under its successor's).
 */
async function loadOpenAssignments(
  prisma: PrismaClient,
  at: string,
  plans: { code: string; definition: unknown }[],
): Promise<DigestAssignment[]> {
  const codes = plans.map((p) => p.code);
  const windowEnd = new Date(`${addDaysToDate(localDateOf(at), DIGEST_WINDOW_DAYS)}T00:00:00+07:00`);
  const rows = await prisma.assignment.findMany({
    where: { planCode: { in: codes }, submittedAt: null, state: { in: [...OPEN_STATES] }, dueAt: { lt: windowEnd } },
    select: {
      planCode: true,
      year: true,
      agencyCode: true,
      successorAgencyCode: true,
      obligationId: true,
      state: true,
      dueDate: true,
      dueAt: true,
      submittedAt: true,
    },
  });
  const agencies = await prisma.agency.findMany({
    where: { planCode: { in: codes } },
    select: { planCode: true, code: true, name: true },
  });
  const agencyName = new Map(agencies.map((a) => [`${a.planCode}\u0000${a.code}`, a.name]));
  const titles = new Map<string, string>();
  for (const p of plans)
    for (const o of (p.definition as Plan).obligations ?? []) titles.set(`${p.code}\u0000${o.id}`, o.title);
  return rows.map((r) => {
    const agency = r.successorAgencyCode ?? r.agencyCode;
    return {
      planCode: r.planCode,
      year: r.year,
      agencyCode: agency,
      agencyName: agencyName.get(`${r.planCode}\u0000${agency}`) ?? agency,
      obligationId: r.obligationId,
      obligationTitle: titles.get(`${r.planCode}\u0000${r.obligationId}`) ?? r.obligationId,
      state: r.state,
      dueDate: r.dueDate.toISOString().slice(0, 10),
      dueAt: r.dueAt.toISOString(),
      submittedAt: r.submittedAt?.toISOString() ?? null,
    };
  });
}
