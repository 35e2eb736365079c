/**
 * Who receives what: the roles an agency's own messages go to, and the escalation ladder as data. Pure, so the
 * send activities and their tests read the same table.
 */
import type { MessageKind } from '../notify/message-context-schema';
import type { EscalationTarget } from './reminder-schedule';

export interface Recipient {
  /** The contact's row id, when the recipient is a stored contact: how failures and logs name it. */
  id?: number;
  role: string;
  email: string | null;
  phone: string | null;
  /** A hard bounce marked the contact stale (when, ISO): sends skip it. */
  staleAt?: string | null;
}

export interface AgencyContacts {
  code: string;
  name: string;
  contacts: Recipient[];
}

/**
 * Who hears of the agency's own deadlines (reminders, campaign messages, receipts): its focal points, else its head,
 * else its coordinator. The coordinating agency owes reports too (the consolidated report, the activities it leads),
 * and a plan often lists it with its coordinator alone; without the last fallback its reminders reached nobody.
 */
export const AGENCY_ROLES: readonly string[] = ['focal', 'head', 'coordinator'];

/** Who speaks for the coordinating agency: its coordinator, else its focal points, else its head. */
export const COORDINATOR_ROLES: readonly string[] = ['coordinator', 'focal', 'head'];

/** The contacts of the first of `roles` the agency has any live contact for; none when it has none of them. */
export function contactsOf(
  agencies: ReadonlyMap<string, Pick<AgencyContacts, 'contacts'>>,
  agencyCode: string,
  roles: readonly string[],
): Recipient[] {
  // A stale contact (its address bounced) is passed over: its role's other contacts, else the next role, take it.
  const contacts = (agencies.get(agencyCode)?.contacts ?? []).filter((c) => !c.staleAt);
  for (const role of roles) {
    const found = contacts.filter((c) => c.role === role);
    if (found.length > 0) return found;
  }
  return [];
}

/** Which agency a rung addresses: the assignment's own, the plan's coordinator, or the committee (else coordinator). */
export type EscalationAgency = 'assignment' | 'coordinator' | 'committee';

export interface EscalationRung {
  kind: MessageKind;
  agency: EscalationAgency;
  roles: readonly string[];
  /** The committee hears which agency is overdue: its message lists it in `overdueAgencies`. */
  listsOverdueAgency: boolean;
  /** Appended to the step's outbox key base. Persisted in outbox keys: changing one would send the rung again. */
  keySuffix: string;
}

/** One rung of the escalation ladder per target, in the shape `sendEscalation` sends it. */
export const ESCALATION_LADDER: Readonly<Record<EscalationTarget, EscalationRung>> = {
  focal: { kind: 'overdue', agency: 'assignment', roles: ['focal'], listsOverdueAgency: false, keySuffix: 'focal' },
  head: {
    kind: 'escalation-head',
    agency: 'assignment',
    roles: ['head'],
    listsOverdueAgency: false,
    keySuffix: 'head',
  },
  coordinator: {
    kind: 'escalation-coordinator',
    agency: 'coordinator',
    roles: COORDINATOR_ROLES,
    listsOverdueAgency: false,
    keySuffix: 'coordinator',
  },
  committee: {
    kind: 'escalation-coordinator',
    agency: 'committee',
    roles: ['head', 'focal', 'coordinator'],
    listsOverdueAgency: true,
    keySuffix: 'committee',
  },
};

/** The code of the agency a rung addresses. */
export function escalationAgencyCode(
  agency: EscalationAgency,
  plan: { coordinator: string; committee?: string | undefined },
  assignmentAgency: string,
): string {
  if (agency === 'assignment') return assignmentAgency;
  if (agency === 'coordinator') return plan.coordinator;
  return plan.committee ?? plan.coordinator;
}

/** The outbox key base of one rung: `<assignment>#<revision>:<step>:<suffix>`. */
export function escalationKeyBase(stepKeyBase: string, rung: EscalationRung): string {
  return `${stepKeyBase}:${rung.keySuffix}`;
}

/** The agency's stale contacts (a hard bounce), for the coordinator's notice. */
export function staleContactsOf(
  agencies: ReadonlyMap<string, Pick<AgencyContacts, 'contacts'>>,
  agencyCode: string,
): Recipient[] {
  return (agencies.get(agencyCode)?.contacts ?? []).filter((c) => !!c.staleAt);
}
