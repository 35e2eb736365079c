/**
 * The deadlines a feed shows, read from the database: an agency's in one plan, or a coordinator's (every active
 * plan, or one). Each assignment's reminders are computed from its current deadline with the plan's policy, as
 * the workflow's are after an extension, so a moved deadline brings its alarms along.
 */
import type { PrismaClient } from '../db/prisma';
import { STATE_LABELS_VI } from '../domain/assignment-state';
import { localDateOf } from '../domain/business-time';
import { obligationTitleOf } from '../domain/message-context';
import { planCalendar, schedulePolicy } from '../domain/plan-calendar';
import type { Plan } from '../domain/plan-schema';
import { reminderSchedule } from '../domain/reminder-schedule';
import { formatVietnameseDateTime } from '../domain/vietnamese-format';
import type { Feed, FeedEvent } from './ics-feed';

export type FeedRequest = { kind: 'agency'; plan: string; agency: string } | { kind: 'user'; plan?: string };

export interface FeedOptions {
  now: Date;
  /** Public base URL: coordinators' events link to the assignment's page. */
  baseUrl: string;
}

const CLOSED = new Set(['submitted', 'late', 'excused']);

/** The feed, or `null` when the plan or agency is not (or no longer) there. */
export async function loadFeed(prisma: PrismaClient, req: FeedRequest, opts: FeedOptions): Promise<Feed | null> {
  const plans = await prisma.plan.findMany({
    where: { status: { not: 'removed' }, ...(req.plan ? { code: req.plan } : {}) },
    select: { code: true, title: true, definition: true },
    orderBy: { code: 'asc' },
  });
  if (plans.length === 0 && req.plan) return null;
  const byCode = new Map(plans.map((p) => [p.code, p.definition as unknown as Plan]));
  if (req.kind === 'agency' && !byCode.get(req.plan)?.agencies.some((a) => a.code === req.agency)) return null;

  const rows = await prisma.assignment.findMany({
    where: {
      planCode: { in: [...byCode.keys()] },
      ...(req.kind === 'agency' ? { agencyCode: req.agency } : {}),
    },
    orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
  });
  const exact = new Map<string, boolean>();
  for (const plan of byCode.values()) for (const item of planCalendar(plan)) exact.set(item.id, item.exact);

  const base = opts.baseUrl.replace(/\/$/, '');
  const events: FeedEvent[] = rows.flatMap((r) => {
    const plan = byCode.get(r.planCode);
    if (!plan) return [];
    const title = obligationTitleOf(plan, r.obligationId);
    const agencyName = plan.agencies.find((a) => a.code === r.agencyCode)?.name ?? r.agencyCode;
    const dueAt = r.dueAt.toISOString();
    const dueDate = localDateOf(dueAt);
    const isExact = exact.get(r.id) ?? false;
    const deadline = {
      year: r.year,
      statedDate: dueDate,
      dueDate,
      dueAt,
      rolled: null,
      rolledBecause: null,
      skippedDays: [],
      dueExplanation: null,
      windowOpens: null,
      exact: isExact,
    };
    const alarms = reminderSchedule(deadline, schedulePolicy(plan))
      .filter((s) => Date.parse(s.at) > opts.now.getTime())
      .map((s) => ({ at: s.at, text: `Nhắc hạn: ${title} – hạn ${formatVietnameseDateTime(dueAt)}` }));
    const description = [
      plan.title + (plan.document?.number ? ` (số ${plan.document.number})` : ''),
      `Cơ quan: ${agencyName}`,
      `Hạn: ${formatVietnameseDateTime(dueAt)}`,
      `Trạng thái: ${STATE_LABELS_VI[r.state]}`,
    ].join('\n');
    return [
      {
        id: r.id,
        revision: r.dueRevision,
        summary: req.kind === 'agency' ? `Hạn gửi: ${title}` : `${agencyName}: ${title}`,
        description,
        dueDate,
        dueAt,
        exact: isExact,
        alarms,
        closed: CLOSED.has(r.state),
        url:
          req.kind === 'user'
            ? `${base}/assignments/${[r.planCode, r.year, r.obligationId, r.agencyCode].map(encodeURIComponent).join('/')}`
            : undefined,
      },
    ];
  });

  const only = req.plan ? byCode.get(req.plan) : undefined;
  const name =
    req.kind === 'agency'
      ? `Nhắc Hạn – ${only?.agencies.find((a) => a.code === req.agency)?.name ?? req.agency} – ${only?.title ?? req.plan}`
      : `Nhắc Hạn – ${only ? only.title : 'tất cả kế hoạch'}`;
  return { name, events, stamp: opts.now };
}
