/** Loads what a send needs: an assignment with its plan and agencies, or a campaign participant in the same shape. */
import type { PrismaClient } from '../db/prisma';
import type { Plan } from '../domain/plan-schema';
import type { AgencyContacts } from '../domain/recipient-policy';
import type { Loaded, SendCampaignMessageInput } from './activity-types';
import { ErrorType, permanentFailure } from './errors';
import { batched } from './statement-batch';

interface LoadedRow {
  id: string;
  planCode: string;
  agencyCode: string;
  obligationId: string;
  linkVersion: number;
  linkNonce: string;
  definition: unknown;
  agencies: AgencyContacts[];
}

export interface AssignmentLoader {
  loadAssignment(assignmentId: string): Promise<Loaded>;
  loadCampaignTarget(input: SendCampaignMessageInput): Promise<Loaded>;
}

export function createAssignmentLoader(prisma: PrismaClient): AssignmentLoader {
  /**
   * The assignment, its plan, and the agencies a message can concern (the assignment's, the coordinator, the
   * committee) with their contacts, in one statement: this runs for every reminder, and loading every agency of
   * the plan, or one query per relation, made a send cost as much as the plan is large. Concurrent activities share
   * the statement (./statement-batch.ts).
   */
  /**
   * Parsed plan definitions by their `sourceHash` (the hash of that very definition, so an entry never goes stale).
   * A definition is the largest thing a send reads, and the plan of a hundred agencies cost more to ship and parse
   * per message than the rest of the load; the statement now returns it only for a plan not seen yet. Cleared
   * when it grows past a few plans, only between statements (one load statement runs at a time).
   */
  const definitions = new Map<string, unknown>();
  const loadRows = batched(async (ids: string[]): Promise<(LoadedRow | undefined)[]> => {
    if (definitions.size > 32) definitions.clear();
    const known = [...definitions.keys()];
    // Contacts come from the province's directory when it has any for the agency (or, for an open obligation of a
    // merged agency, for its successor), else from the plan's own copy: a contact changed in the directory reaches
    // the next send of every open obligation without a re-apply. The name is the plan's, or the successor's.
    const rows = await prisma.$queryRaw<(LoadedRow & { sourceHash: string })[]>`
      SELECT a."id", a."planCode", a."agencyCode", a."obligationId", a."linkVersion", a."linkNonce", p."sourceHash",
        CASE WHEN p."sourceHash" = ANY(${known}::text[]) THEN NULL ELSE p."definition" END AS "definition",
        COALESCE((
          SELECT json_agg(json_build_object(
            'code', g."code",
            'name', COALESCE(sd."name", g."name"),
            'contacts', CASE
              WHEN EXISTS (SELECT 1 FROM "DirectoryContact" dc WHERE dc."agencyCode" = k."source") THEN (
                SELECT json_agg(json_build_object('id', c."id", 'role', c."role", 'email', c."email", 'phone', c."phone", 'staleAt', NULL) ORDER BY c."id")
                FROM "DirectoryContact" c WHERE c."agencyCode" = k."source")
              ELSE COALESCE((
                SELECT json_agg(json_build_object('id', c."id", 'role', c."role", 'email', c."email", 'phone', c."phone", 'staleAt', c."staleAt") ORDER BY c."id")
                FROM "Contact" c WHERE c."agencyId" = g."id"), '[]'::json)
            END))
          FROM (
            SELECT a."agencyCode" AS "code", COALESCE(a."successorAgencyCode", a."agencyCode") AS "source"
            UNION SELECT p."definition"->>'coordinator', p."definition"->>'coordinator'
            UNION SELECT p."definition"->>'committee', p."definition"->>'committee'
          ) k
          JOIN "Agency" g ON g."planCode" = a."planCode" AND g."code" = k."code"
          LEFT JOIN "DirectoryAgency" sd ON sd."code" = k."source" AND k."source" <> k."code"
        ), '[]'::json) AS "agencies"
      FROM "Assignment" a JOIN "Plan" p ON p."code" = a."planCode"
      WHERE a."id" = ANY(${ids}::text[])`;
    const byId = new Map<string, LoadedRow>();
    for (const { sourceHash, definition, ...row } of rows) {
      if (definition !== null) definitions.set(sourceHash, definition);
      byId.set(row.id, { ...row, definition: definitions.get(sourceHash) });
    }
    return ids.map((id) => byId.get(id));
  });

  return {
    async loadAssignment(assignmentId) {
      const row = await loadRows(assignmentId);
      if (!row) throw permanentFailure(ErrorType.UnknownAssignment, `no assignment ${assignmentId}`);
      const { definition, agencies, ...a } = row;
      return { a, plan: definition as Plan, byCode: new Map(agencies.map((g) => [g.code, g])) };
    },

    /** A campaign participant in the shape the send path takes: the campaign run stands where an assignment would. */
    async loadCampaignTarget(input) {
      const plan = await prisma.plan.findUnique({ where: { code: input.planCode }, select: { definition: true } });
      if (!plan) throw permanentFailure(ErrorType.UnknownAssignment, `no plan ${input.planCode}`);
      const definition = plan.definition as unknown as Plan;
      const agencies = await prisma.agency.findMany({
        where: {
          planCode: input.planCode,
          code: { in: [input.agencyCode, definition.coordinator, definition.committee ?? definition.coordinator] },
        },
        include: { contacts: { orderBy: { id: 'asc' } } },
      });
      // As for assignments: the directory's contacts win where it has some.
      const directory = await prisma.directoryContact.findMany({
        where: { agencyCode: { in: agencies.map((g) => g.code) } },
        orderBy: { id: 'asc' },
      });
      const contactsOf = (g: (typeof agencies)[number]) => {
        const listed = directory.filter((c) => c.agencyCode === g.code);
        if (listed.length > 0)
          return listed.map((c) => ({ role: c.role, email: c.email, phone: c.phone, staleAt: null }));
        return g.contacts.map((c) => ({
          role: c.role,
          email: c.email,
          phone: c.phone,
          staleAt: c.staleAt?.toISOString() ?? null,
        }));
      };
      return {
        a: {
          id: input.campaignRunId,
          planCode: input.planCode,
          agencyCode: input.agencyCode,
          obligationId: input.campaignId,
          // A campaign run has no submission page: a link made for it opens nothing.
          linkVersion: 1,
          linkNonce: '',
        },
        plan: definition,
        byCode: new Map(
          agencies.map((g) => [
            g.code,
            {
              code: g.code,
              name: g.name,
              contacts: contactsOf(g),
            },
          ]),
        ),
      };
    },
  };
}
