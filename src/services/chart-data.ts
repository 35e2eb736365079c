/**
 * What the charts page of a plan-year shows, read from PostgreSQL and shaped by the pure chart models
 * (`src/web/charts/`): a burn-up per obligation, the year's month grid, each agency's punctuality across every
 * plan and cycle it owed, and the indicators against their targets.
 */
import type { PrismaClient } from '../db/prisma';
import { localDateOf } from '../domain/business-time';
import { planCalendar } from '../domain/plan-calendar';
import { burnUpModel, type BurnUpModel } from '../web/charts/burn-up';
import { indicatorBars, type IndicatorBar } from '../web/charts/indicator-targets';
import { monthGridModel, type MonthGridModel } from '../web/charts/month-grid';
import { punctualityModel, type PunctualityRow } from '../web/charts/punctuality';
import { getPlan, type PlanInfo } from './plan-queries';
import { loadAndCompile } from './report-service';
import { NotFoundError } from './service-errors';

export interface ChartData {
  plan: PlanInfo;
  year: number;
  burnUps: BurnUpModel[];
  grid: MonthGridModel;
  campaigns: { name: string; from: string; to: string }[];
  punctuality: PunctualityRow[];
  indicators: IndicatorBar[];
}

export async function chartData(prisma: PrismaClient, code: string, year: number, now: Date): Promise<ChartData> {
  const plan = await getPlan(prisma, code);
  if (!plan.years.includes(year))
    throw new NotFoundError(`Không tìm thấy năm ${year} trong kế hoạch ${code} / not found`);
  const def = plan.definition;
  const asOf = localDateOf(now.toISOString());
  const rows = await prisma.assignment.findMany({
    where: { planCode: code, year },
    select: { obligationId: true, agencyCode: true, state: true, dueDate: true, submittedAt: true },
  });
  const burnUps = def.obligations
    .map((o) => {
      const own = rows.filter((r) => r.obligationId === o.id && r.state !== 'excused');
      if (own.length === 0) return null;
      const dueDate =
        own
          .map((r) => r.dueDate.toISOString().slice(0, 10))
          .sort()
          .pop() ?? '';
      const submitted = own.map((r) => (r.submittedAt ? localDateOf(r.submittedAt.toISOString()) : null));
      return burnUpModel({ obligationId: o.id, title: o.title, dueDate, submitted });
    })
    .filter((m): m is BurnUpModel => m !== null);

  const report = await loadAndCompile(prisma, { planCode: code, year, asOf: now });
  const campaigns = report.campaigns.map((c) => ({ name: c.name, from: c.from, to: c.to }));
  const deadlines = planCalendar(def, { year }).map((i) => ({ date: i.dueDate, title: i.obligationTitle }));
  const grid = monthGridModel({ year, deadlines, campaigns });

  // Punctuality across every plan and cycle the plan's reporting agencies owed.
  const codes = [...new Set(rows.map((r) => r.agencyCode))];
  const history = await prisma.assignment.findMany({
    where: { agencyCode: { in: codes } },
    select: {
      planCode: true,
      year: true,
      obligationId: true,
      agencyCode: true,
      state: true,
      dueDate: true,
      submittedAt: true,
    },
  });
  const titles = new Map(def.obligations.map((o) => [`${code}/${o.id}`, o.title]));
  const punctuality = punctualityModel(
    def.agencies.filter((a) => codes.includes(a.code)).map((a) => ({ code: a.code, name: a.name })),
    history.map((h) => ({
      agencyCode: h.agencyCode,
      label: `${titles.get(`${h.planCode}/${h.obligationId}`) ?? h.obligationId} ${h.year} (${h.planCode})`,
      dueDate: h.dueDate.toISOString().slice(0, 10),
      state: h.state,
      submittedDate: h.submittedAt ? localDateOf(h.submittedAt.toISOString()) : null,
    })),
    asOf,
  );
  return { plan, year, burnUps, grid, campaigns, punctuality, indicators: indicatorBars(report.indicators) };
}
