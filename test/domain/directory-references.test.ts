import {
  hasDirectoryReferences,
  parsePlanDataWithDirectory,
  parsePlanTextWithDirectory,
  resolveDirectoryReferences,
  type DirectoryEntry,
} from '../../src/domain/directory-references';
import { parsePlanText } from '../../src/domain/plan-file';

const entry = (code: string, over: Partial<DirectoryEntry> = {}): DirectoryEntry => ({
  code,
  name: `UBND ${code}`,
  kind: 'commune',
  state: 'active',
  groups: ['UBND cấp xã'],
  successorCode: null,
  ...over,
});
const directory: DirectoryEntry[] = [
  entry('SNV', { name: 'Sở Nội vụ', kind: 'department', groups: ['các sở, ban, ngành'] }),
  entry('XA01'),
  entry('XA02'),
  entry('XA03', { state: 'merged', successorCode: 'XA01' }),
  entry('XA04', { state: 'retired' }),
];

const plan = (agencies: unknown[], groups: Record<string, unknown> = {}, from: unknown = 'all') => ({
  code: 'KH-DB',
  title: 'Kế hoạch dùng danh bạ',
  years: { from: 2027, to: 2027 },
  coordinator: 'SNV',
  agencies: [
    { code: 'SNV', name: 'Sở Nội vụ', kind: 'department', contacts: [{ role: 'coordinator', email: 'snv@tinh.vn' }] },
    ...agencies,
  ],
  groups,
  obligations: [{ id: 'bao-cao-nam', title: 'Báo cáo năm', from, to: 'SNV', due: { type: 'yearly', date: '10/12' } }],
});

test('an agency named by code alone takes its name and kind from the directory, with no contacts of its own', () => {
  const r = parsePlanDataWithDirectory(plan([{ code: 'XA01' }]), directory);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  expect(r.plan.agencies[1]).toEqual({ code: 'XA01', name: 'UBND XA01', kind: 'commune', contacts: [] });
});

test('a directory group is its active members, matched without case or diacritics; they join the agencies once', () => {
  const r = parsePlanDataWithDirectory(plan([{ code: 'XA02' }], { xa: { directory: 'ubnd cap xa' } }, 'xa'), directory);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  expect(r.plan.groups.xa).toEqual(['XA01', 'XA02']);
  expect(r.plan.agencies.map((a) => a.code)).toEqual(['SNV', 'XA02', 'XA01']);
  expect(resolveDirectoryReferences(plan([], { xa: { directory: 'UBND cấp xã' } }), directory).fromDirectory).toEqual([
    'XA01',
    'XA02',
  ]);
});

test('unknown, merged and retired agencies and an empty group are refused at their paths, without echoes', () => {
  const r = parsePlanDataWithDirectory(
    plan([{ code: 'XA99' }, { code: 'XA03' }, { code: 'XA04' }], { hoi: { directory: 'Hội Liên hiệp Phụ nữ' } }),
    directory,
  );
  expect(r.ok).toBe(false);
  if (r.ok) return;
  expect(r.problems).toEqual([
    { path: 'agencies[1].code', message: 'không có cơ quan mã "XA99" trong danh bạ / not in the directory' },
    { path: 'agencies[2].code', message: 'cơ quan "XA03" đã sáp nhập vào "XA01" / merged into its successor' },
    { path: 'agencies[3].code', message: 'cơ quan "XA04" đã thôi hoạt động trong danh bạ / retired' },
    {
      path: 'groups.hoi.directory',
      message:
        'nhóm "Hội Liên hiệp Phụ nữ" không có cơ quan nào đang hoạt động trong danh bạ / no active agency in this directory group',
    },
  ]);
});

test('without a directory a plan that refers to it is refused with that reason; one that does not is unaffected', () => {
  const text = `code: KH-DB
title: Kế hoạch dùng danh bạ
years: { from: 2027, to: 2027 }
coordinator: SNV
agencies:
  - { code: SNV, name: Sở Nội vụ, kind: department, contacts: [{ role: coordinator, email: snv@tinh.vn }] }
  - code: XA01
obligations:
  - { id: bao-cao-nam, title: Báo cáo năm, from: all, to: SNV, due: { type: yearly, date: 10/12 } }
`;
  const offline = parsePlanTextWithDirectory(text, null);
  expect(offline.ok).toBe(false);
  if (!offline.ok) expect(offline.problems[0]?.message).toMatch(/^kế hoạch dùng cơ quan hoặc nhóm của danh bạ/);
  expect(parsePlanTextWithDirectory(text, directory).ok).toBe(true);
  // Plain parsing still refuses the bare code (name and kind are required there).
  expect(parsePlanText(text).ok).toBe(false);
  const inline = plan([{ code: 'XA01', name: 'UBND xã 1', kind: 'commune' }]);
  expect(hasDirectoryReferences(inline)).toBe(false);
  expect(parsePlanDataWithDirectory(inline, null).ok).toBe(true);
});
