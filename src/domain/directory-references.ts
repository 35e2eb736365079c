/**
 * A plan file that names agencies of the province's directory instead of copying them: before the plan is
 * validated, its references are filled in from a snapshot of the directory. Pure: the snapshot is passed in.
 *
 * - An agency given by its code alone (`- code: XA21`) takes its name and kind from the directory; its contacts stay
 *   in the directory, where every send reads them (a focal officer changed there reaches the plan with no re-apply).
 * - A group given as `{ directory: "UBND cấp xã" }` is every active agency of that directory group (matched without
 *   regard to case or diacritics); those the plan does not list yet join its agencies as above.
 * An agency that is not in the directory, or no longer active there (retired, or merged into a successor), is a
 * problem at its path, as is a directory group with no active agency.
 */
import { formatPath, parsePlanData, readPlanData, type PlanParseResult, type PlanProblem } from './plan-file';
import { AGENCY_KINDS } from './plan-schema-agencies';

export interface DirectoryEntry {
  code: string;
  name: string;
  kind: string;
  state: string;
  groups: string[];
  successorCode: string | null;
}

export type DirectorySnapshot = readonly DirectoryEntry[];

export interface ResolvedReferences {
  data: unknown;
  problems: PlanProblem[];
  /** Codes whose name and kind came from the directory. */
  fromDirectory: string[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Case- and diacritic-blind comparison of group names ("UBND cấp xã" = "ubnd cap xa"). */
export function foldGroupName(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** An agency entry that names only its code: the directory supplies the rest. */
function isReference(a: unknown): a is { code: string } {
  return isObj(a) && typeof a.code === 'string' && Object.keys(a).every((k) => k === 'code');
}

function isGroupReference(g: unknown): g is { directory: string } {
  return isObj(g) && typeof g.directory === 'string' && Object.keys(g).length === 1;
}

/** Whether the plan data names anything in the directory (so it cannot be checked without one). */
export function hasDirectoryReferences(data: unknown): boolean {
  if (!isObj(data)) return false;
  const agencies = Array.isArray(data.agencies) ? data.agencies : [];
  const groups = isObj(data.groups) ? Object.values(data.groups) : [];
  return agencies.some(isReference) || groups.some(isGroupReference);
}

function entryFor(e: DirectoryEntry): Obj {
  // The directory's kinds are the plan's (src/domain/directory-rows.ts checks them on import).
  const kind = (AGENCY_KINDS as readonly string[]).includes(e.kind) ? e.kind : 'other';
  return { code: e.code, name: e.name, kind, contacts: [] };
}

export function resolveDirectoryReferences(data: unknown, directory: DirectorySnapshot | null): ResolvedReferences {
  if (!isObj(data) || !hasDirectoryReferences(data)) return { data, problems: [], fromDirectory: [] };
  const problems: PlanProblem[] = [];
  const at = (path: PropertyKey[], message: string) => problems.push({ path: formatPath(path), message });
  if (directory === null) {
    at(
      ['agencies'],
      'kế hoạch dùng cơ quan hoặc nhóm của danh bạ: cần cơ sở dữ liệu để kiểm tra (nhac-han plan apply, hoặc trang Kế hoạch) / the plan refers to the directory: it is checked against the database',
    );
    return { data, problems, fromDirectory: [] };
  }
  const byCode = new Map(directory.map((e) => [e.code, e]));
  const active = (path: PropertyKey[], code: string): DirectoryEntry | null => {
    const e = byCode.get(code);
    if (!e) at(path, `không có cơ quan mã "${code}" trong danh bạ / not in the directory`);
    else if (e.state === 'merged')
      at(path, `cơ quan "${code}" đã sáp nhập vào "${e.successorCode ?? '?'}" / merged into its successor`);
    else if (e.state !== 'active') at(path, `cơ quan "${code}" đã thôi hoạt động trong danh bạ / retired`);
    else return e;
    return null;
  };

  const fromDirectory: string[] = [];
  const agencies: unknown[] = Array.isArray(data.agencies) ? [...(data.agencies as unknown[])] : [];
  const listed = new Set(agencies.filter(isObj).map((a) => a.code));
  agencies.forEach((a, i) => {
    if (!isReference(a)) return;
    const e = active(['agencies', i, 'code'], a.code);
    if (e) {
      agencies[i] = entryFor(e);
      fromDirectory.push(e.code);
    }
  });

  let groups: unknown = data.groups;
  if (isObj(data.groups)) {
    const out: Obj = {};
    for (const [name, value] of Object.entries(data.groups)) {
      if (!isGroupReference(value)) {
        out[name] = value;
        continue;
      }
      const wanted = foldGroupName(value.directory);
      const members = directory.filter(
        (e) => e.state === 'active' && e.groups.some((g) => foldGroupName(g) === wanted),
      );
      if (members.length === 0) {
        at(
          ['groups', name, 'directory'],
          `nhóm "${value.directory}" không có cơ quan nào đang hoạt động trong danh bạ / no active agency in this directory group`,
        );
        out[name] = [];
        continue;
      }
      for (const e of members) {
        if (listed.has(e.code)) continue;
        listed.add(e.code);
        agencies.push(entryFor(e));
        fromDirectory.push(e.code);
      }
      out[name] = members.map((e) => e.code);
    }
    groups = out;
  }
  return { data: { ...data, agencies, groups }, problems, fromDirectory };
}

/**
 * A plan file's text validated with its directory references filled in (`directory` null: none can be, and a plan
 * that has any is refused with that reason). Problems of the references come first, then the schema's.
 */
export function parsePlanTextWithDirectory(text: string, directory: DirectorySnapshot | null): PlanParseResult {
  const read = readPlanData(text);
  return read.ok ? parsePlanDataWithDirectory(read.data, directory) : read;
}

export function parsePlanDataWithDirectory(data: unknown, directory: DirectorySnapshot | null): PlanParseResult {
  const r = resolveDirectoryReferences(data, directory);
  const parsed = parsePlanData(r.data);
  if (r.problems.length === 0) return parsed;
  // A reference left unresolved also lacks what the schema asks of an agency or a group: that is the same problem.
  const under = r.problems.flatMap((p) => /^(agencies\[\d+\]|groups\.[^.]+)\./.exec(p.path)?.[1] ?? []);
  const same = (path: string) => under.some((u) => path === u || path.startsWith(`${u}.`) || path.startsWith(`${u}[`));
  const rest = parsed.ok ? [] : parsed.problems.filter((p) => !same(p.path));
  return { ok: false, problems: [...r.problems, ...rest] };
}
