/**
 * The view model of a plan's own page (GET /plans/:code): its obligations with their rules in words, campaigns,
 * indicators, agencies with their contacts, and what changed at each apply. Contacts' addresses are for those who
 * run the plan (admins, its coordinators); a viewer sees who the contacts are (role and name), not how to reach them.
 */
import type { PrismaClient } from '../db/prisma';
import type { Plan } from '../domain/plan-schema';
import { parseDayMonth } from '../domain/plan-schema-fields';
import {
  deadlineInWords,
  durationInWords,
  escalationInWords,
  listInWords,
  remindersInWords,
  ruleInWords,
} from '../domain/rule-in-words';
import { applyHistory } from '../services/apply-history';
import type { PlanInfo } from '../services/plan-queries';
import {
  AGENCY_KIND_LABELS,
  AGGREGATE_LABELS,
  CONTACT_ROLE_LABELS,
  OBLIGATION_KIND_LABELS,
} from './plan-form/enum-labels';

const label = (labels: Record<string, string>, k: string) => labels[k] ?? k;
const dm = (text: string) => {
  const d = parseDayMonth(text);
  return d ? `${d.day}/${d.month}` : text;
};

/** Who an audience names, in words: all agencies, a group, or the listed codes. */
function audienceInWords(plan: Plan, audience: string | string[]): string {
  if (Array.isArray(audience)) return listInWords(audience);
  if (audience === 'all') return 'tất cả cơ quan';
  const group = plan.groups[audience];
  return group ? `nhóm ${audience} (${group.length} cơ quan)` : audience;
}

export async function planPageData(prisma: PrismaClient, info: PlanInfo, o: { addresses: boolean }) {
  const plan = info.definition;
  const agencies = await prisma.agency.findMany({
    where: { planCode: info.code },
    orderBy: { id: 'asc' },
    include: { contacts: { orderBy: { id: 'asc' } } },
  });
  const names = new Map(agencies.map((a) => [a.code, a.name]));
  const agencyName = (code: string) => names.get(code) ?? code;
  return {
    policy: {
      reminders: remindersInWords(plan.policy),
      escalation: escalationInWords(plan.policy),
    },
    obligations: plan.obligations.map((ob) => ({
      id: ob.id,
      title: ob.title,
      kind: label(OBLIGATION_KIND_LABELS, ob.kind),
      stated: ob.stated ?? null,
      rule: ruleInWords(ob.due, plan.policy),
      from: audienceInWords(plan, ob.from),
      to: agencyName(ob.to),
      period: ob.period?.label ?? (ob.period ? `${dm(ob.period.from)}–${dm(ob.period.to)}` : null),
      gathers: ob.gathers?.length ? listInWords(ob.gathers) : null,
    })),
    campaigns: plan.campaigns.map((c) => ({
      id: c.id,
      name: c.name,
      window: `${dm(c.window.from)}–${dm(c.window.to)} hằng năm`,
      participants: audienceInWords(plan, c.participants),
      notice: `thông báo trước ${durationInWords(c.noticeBefore)}`,
      results: c.resultsReport ? `${c.resultsReport.title}: ${deadlineInWords(c.resultsReport.due)}` : null,
    })),
    indicators: plan.indicators.map((i) => ({
      code: i.code,
      name: i.name,
      unit: i.unit,
      baseline: i.baseline ? `${i.baseline.value} (${i.baseline.year})` : null,
      targets: Object.entries(i.targets)
        .map(([y, v]) => `${y}: ${v}`)
        .join('; '),
      responsible: i.responsible ? agencyName(i.responsible) : null,
      aggregate: label(AGGREGATE_LABELS, i.aggregate),
    })),
    agencies: agencies.map((a) => ({
      code: a.code,
      name: a.name,
      kind: label(AGENCY_KIND_LABELS, a.kind),
      contacts: a.contacts.map((c) => ({
        role: label(CONTACT_ROLE_LABELS, c.role),
        name: c.name,
        email: o.addresses ? c.email : null,
        phone: o.addresses ? c.phone : null,
      })),
    })),
    addresses: o.addresses,
    history: await applyHistory(prisma, info.code),
  };
}
