/**
 * The groups a document names ("các sở, ban, ngành", "UBND các huyện, thị xã, thành phố"), resolved against the
 * province's own agencies when the caller has them (its directory, or a plan's agency list): the districts are its
 * agencies of kind `district`, the departments its agencies of kind `department` less the coordinating agency and
 * the People's Committee, which receive the reports. Without the province's agencies a group has no members and the
 * draft says so; members are never invented.
 *
 * An obligation's audience is the groups its own sentence names before the deadline phrase: one group by its name,
 * departments and districts together as `don-vi-bao-cao`.
 *
 * Pure: no I/O.
 */
import type { KnownAgency } from './agency-catalogue';
import type { GroupKind, GroupMention } from './agency-names';

export const GROUP_IDS: Record<GroupKind, string> = {
  departments: 'so-ban-nganh',
  districts: 'huyen-thi-xa-thanh-pho',
};
/** Departments and districts together: the usual "units that report". */
const UNION_ID = 'don-vi-bao-cao';

export interface ResolvedGroups {
  /** Group id → members, in the province list's order; only the groups the document names and that have members. */
  members: Map<string, KnownAgency[]>;
  /** The groups named that have no members to resolve to. */
  unresolved: GroupMention[];
}

export function resolveGroups(
  mentions: readonly GroupMention[],
  known: readonly KnownAgency[],
  receivers: readonly (string | undefined)[],
): ResolvedGroups {
  const members = new Map<string, KnownAgency[]>();
  const unresolved: GroupMention[] = [];
  const seen = new Set<GroupKind>();
  for (const m of mentions) {
    if (seen.has(m.group)) continue;
    seen.add(m.group);
    const kind = m.group === 'districts' ? 'district' : 'department';
    const list = known.filter((k) => k.kind === kind && !receivers.includes(k.code));
    if (list.length > 0) members.set(GROUP_IDS[m.group], list);
    else unresolved.push(m);
  }
  return { members, unresolved };
}

/**
 * The audience a sentence names before `start` on its line: a group id (adding the union group to `groups` when
 * it names both), or undefined when it names none that resolved.
 */
export function audienceBefore(
  mentions: readonly GroupMention[],
  line: number,
  start: number,
  groups: Map<string, KnownAgency[]>,
): string | undefined {
  const kinds = new Set(
    mentions.filter((m) => m.line === line && m.start < start && groups.has(GROUP_IDS[m.group])).map((m) => m.group),
  );
  if (kinds.size === 0) return undefined;
  if (kinds.size === 1) return GROUP_IDS[[...kinds][0] as GroupKind];
  if (!groups.has(UNION_ID)) {
    const union = [...(groups.get(GROUP_IDS.departments) ?? []), ...(groups.get(GROUP_IDS.districts) ?? [])];
    groups.set(UNION_ID, union);
  }
  return UNION_ID;
}
