import {
  agencyChangeTexts,
  diffCounts,
  diffIsEmpty,
  diffPlanAgencies,
  diffSummaryLines,
  inlineAgenciesOf,
  type DirectoryAgencyRecord,
  type DirectoryContactRecord,
  type InlineAgency,
} from '../../src/domain/plan-directory-diff';
import { parsePlanData } from '../../src/domain/plan-file';

const contact = (over: Partial<DirectoryContactRecord> = {}): DirectoryContactRecord => ({
  role: 'focal',
  name: null,
  position: null,
  email: null,
  phone: null,
  ...over,
});

const stored = (code: string, over: Partial<DirectoryAgencyRecord> = {}): DirectoryAgencyRecord => ({
  code,
  name: `Sở ${code}`,
  kind: 'department',
  parent: null,
  groups: [],
  state: 'active',
  contacts: [],
  ...over,
});

const inline = (code: string, over: Partial<InlineAgency> = {}): InlineAgency => ({
  code,
  name: `Sở ${code}`,
  kind: 'department',
  contacts: [],
  ...over,
});

describe('agencies', () => {
  test('an agency the directory lacks is new, with its contacts as the plan gives them', () => {
    const d = diffPlanAgencies([inline('SYT', { contacts: [{ role: 'focal', email: 'a@syt.vn' }] })], []);
    expect(d.changed).toEqual([]);
    expect(d.unchanged).toEqual([]);
    expect(d.added).toEqual([
      {
        code: 'SYT',
        name: 'Sở SYT',
        fields: [],
        contactsAdded: [contact({ email: 'a@syt.vn' })],
        contactsChanged: [],
        contactsRemoved: [],
        directoryState: null,
        after: {
          code: 'SYT',
          name: 'Sở SYT',
          kind: 'department',
          parent: null,
          groups: [],
          state: 'active',
          contacts: [contact({ email: 'a@syt.vn' })],
        },
      },
    ]);
  });

  test('a new agency keeps the parent and groups the plan gives', () => {
    const d = diffPlanAgencies(
      [inline('XA01', { kind: 'commune', parent: 'UBND', groups: [' UBND cấp xã ', ''] })],
      [],
    );
    expect(d.added[0]!.after).toMatchObject({ parent: 'UBND', groups: ['UBND cấp xã'] });
  });

  test('an agency the directory has as the plan says it is unchanged', () => {
    const c = contact({ email: 'a@syt.vn', name: 'Nguyễn Văn A' });
    const d = diffPlanAgencies(
      [inline('SYT', { contacts: [{ role: 'focal', email: 'a@syt.vn', name: 'Nguyễn Văn A' }] })],
      [stored('SYT', { contacts: [c] })],
    );
    expect(d).toEqual({ added: [], changed: [], unchanged: ['SYT'] });
    expect(diffIsEmpty(d)).toBe(true);
    expect(diffCounts(d)).toEqual({ added: 0, changed: 0, unchanged: 1 });
  });

  test('name, kind, parent and groups are compared field by field', () => {
    const d = diffPlanAgencies(
      [inline('SNV', { name: 'Sở Nội vụ', kind: 'department', parent: 'UBND-TINH', groups: ['các sở'] })],
      [stored('SNV', { name: 'Sở LĐ-TB&XH', kind: 'other', parent: null, groups: ['a', 'b'] })],
    );
    expect(d.changed.map((a) => a.fields)).toEqual([
      [
        { field: 'name', before: 'Sở LĐ-TB&XH', after: 'Sở Nội vụ' },
        { field: 'kind', before: 'other', after: 'department' },
        { field: 'parent', before: null, after: 'UBND-TINH' },
        { field: 'groups', before: 'a; b', after: 'các sở' },
      ],
    ]);
    expect(d.changed[0]!.after).toMatchObject({ name: 'Sở Nội vụ', kind: 'department', parent: 'UBND-TINH' });
  });

  test('a parent or groups the plan leaves out keep the directory’s (a plan file has neither)', () => {
    const d = diffPlanAgencies([inline('XA01')], [stored('XA01', { parent: 'UBND', groups: ['UBND cấp xã'] })]);
    expect(d.unchanged).toEqual(['XA01']);
    const named = diffPlanAgencies(
      [inline('XA01', { name: 'Xã Một' })],
      [stored('XA01', { parent: 'UBND', groups: ['g'] })],
    );
    expect(named.changed[0]!.after).toMatchObject({ name: 'Xã Một', parent: 'UBND', groups: ['g'] });
  });

  test('a parent given as empty removes it; empty groups remove them', () => {
    const d = diffPlanAgencies(
      [inline('XA01', { parent: ' ', groups: [] })],
      [stored('XA01', { parent: 'UBND', groups: ['g'] })],
    );
    expect(d.changed[0]!.fields).toEqual([
      { field: 'parent', before: 'UBND', after: null },
      { field: 'groups', before: 'g', after: null },
    ]);
  });

  test('a retired or merged agency of the directory says so, and keeps its state once written', () => {
    const d = diffPlanAgencies([inline('XA03', { name: 'Xã Ba mới' })], [stored('XA03', { state: 'merged' })]);
    expect(d.changed[0]).toMatchObject({ directoryState: 'merged', after: { state: 'merged' } });
    expect(diffSummaryLines(d)[1]).toBe('  ~ XA03 Xã Ba mới (trong danh bạ: đã hợp nhất): tên "Sở XA03" → "Xã Ba mới"');
  });

  test('the plan’s order is kept, and agencies of the directory it does not name are not part of it', () => {
    const d = diffPlanAgencies(
      [inline('B'), inline('A'), inline('C', { name: 'C mới' })],
      [stored('A'), stored('C'), stored('Z')],
    );
    expect(d.added.map((a) => a.code)).toEqual(['B']);
    expect(d.changed.map((a) => a.code)).toEqual(['C']);
    expect(d.unchanged).toEqual(['A']);
  });
});

describe('contacts', () => {
  test('a plan that lists no contact for an agency leaves the directory’s contacts as they are', () => {
    const c = [contact({ email: 'a@x.vn' }), contact({ role: 'head', phone: '0912345678' })];
    const d = diffPlanAgencies([inline('SYT')], [stored('SYT', { contacts: c })]);
    expect(d.unchanged).toEqual(['SYT']);
    const renamed = diffPlanAgencies([inline('SYT', { name: 'Sở Y tế' })], [stored('SYT', { contacts: c })]);
    expect(renamed.changed[0]!.after.contacts).toEqual(c);
    expect(renamed.changed[0]!.contactsRemoved).toEqual([]);
  });

  test('the same person (same email) whose phone and name changed: one contact changed, field by field', () => {
    const before = contact({ email: 'a@x.vn', phone: '0912345678', name: 'A', position: 'Chuyên viên' });
    const d = diffPlanAgencies(
      [inline('SYT', { contacts: [{ role: 'focal', email: 'A@X.vn', phone: '0987654321', name: 'Nguyễn A' }] })],
      [stored('SYT', { contacts: [before] })],
    );
    expect(d.changed[0]!.contactsChanged).toEqual([
      {
        before,
        // The email differs in case only: the directory's spelling stays. The position the plan leaves out stays.
        after: contact({ email: 'a@x.vn', phone: '0987654321', name: 'Nguyễn A', position: 'Chuyên viên' }),
        fields: [
          { field: 'name', before: 'A', after: 'Nguyễn A' },
          { field: 'phone', before: '0912345678', after: '0987654321' },
        ],
      },
    ]);
    expect(d.changed[0]!.contactsAdded).toEqual([]);
    expect(d.changed[0]!.contactsRemoved).toEqual([]);
  });

  test('a phone written +84 or with spaces is the same phone', () => {
    const d = diffPlanAgencies(
      [inline('SYT', { contacts: [{ role: 'head', phone: '+84912345678' }] })],
      [stored('SYT', { contacts: [contact({ role: 'head', phone: '0912 345 678' })] })],
    );
    expect(d.unchanged).toEqual(['SYT']);
  });

  test('the same person (same phone) in another role: the role changes', () => {
    const d = diffPlanAgencies(
      [inline('SYT', { contacts: [{ role: 'head', phone: '0912345678' }] })],
      [stored('SYT', { contacts: [contact({ role: 'focal', phone: '0912345678', email: 'a@x.vn' })] })],
    );
    expect(d.changed[0]!.contactsChanged[0]!.fields).toEqual([{ field: 'role', before: 'focal', after: 'head' }]);
    // The email the plan leaves out is this person's: kept.
    expect(d.changed[0]!.after.contacts).toEqual([contact({ role: 'head', phone: '0912345678', email: 'a@x.vn' })]);
  });

  test('a new person in the same role: the fields the plan leaves out are empty, not the predecessor’s', () => {
    const d = diffPlanAgencies(
      [inline('SYT', { contacts: [{ role: 'focal', email: 'moi@x.vn' }] })],
      [stored('SYT', { contacts: [contact({ email: 'cu@x.vn', phone: '0912345678', name: 'Cũ', position: 'CV' })] })],
    );
    expect(d.changed[0]!.contactsChanged).toEqual([
      {
        before: contact({ email: 'cu@x.vn', phone: '0912345678', name: 'Cũ', position: 'CV' }),
        after: contact({ email: 'moi@x.vn' }),
        fields: [
          { field: 'name', before: 'Cũ', after: null },
          { field: 'position', before: 'CV', after: null },
          { field: 'email', before: 'cu@x.vn', after: 'moi@x.vn' },
          { field: 'phone', before: '0912345678', after: null },
        ],
      },
    ]);
  });

  test('contacts added and removed, the same person found before the role pairs the rest', () => {
    const focal1 = contact({ email: 'f1@x.vn' });
    const focal2 = contact({ email: 'f2@x.vn' });
    const head = contact({ role: 'head', email: 'h@x.vn' });
    const d = diffPlanAgencies(
      [
        inline('SYT', {
          contacts: [
            { role: 'focal', email: 'f2@x.vn' },
            { role: 'coordinator', email: 'c@x.vn' },
          ],
        }),
      ],
      [stored('SYT', { contacts: [focal1, focal2, head] })],
    );
    const a = d.changed[0]!;
    expect(a.contactsChanged).toEqual([]);
    expect(a.contactsAdded).toEqual([contact({ role: 'coordinator', email: 'c@x.vn' })]);
    expect(a.contactsRemoved).toEqual([focal1, head]);
    // Written: the kept contacts in the directory's order, then the new ones.
    expect(a.after.contacts).toEqual([focal2, contact({ role: 'coordinator', email: 'c@x.vn' })]);
  });

  test('two contacts of one role pair in order when neither is the same person', () => {
    const d = diffPlanAgencies(
      [
        inline('SYT', {
          contacts: [
            { role: 'focal', email: 'n1@x.vn' },
            { role: 'focal', email: 'n2@x.vn' },
          ],
        }),
      ],
      [stored('SYT', { contacts: [contact({ email: 'o1@x.vn' }), contact({ email: 'o2@x.vn' })] })],
    );
    expect(d.changed[0]!.contactsChanged.map((c) => [c.before.email, c.after.email])).toEqual([
      ['o1@x.vn', 'n1@x.vn'],
      ['o2@x.vn', 'n2@x.vn'],
    ]);
  });

  test('a person matched by email prefers the directory’s contact of the same role', () => {
    const d = diffPlanAgencies(
      [inline('SYT', { contacts: [{ role: 'head', email: 'a@x.vn' }] })],
      [
        stored('SYT', {
          contacts: [contact({ role: 'focal', email: 'a@x.vn' }), contact({ role: 'head', email: 'a@x.vn' })],
        }),
      ],
    );
    expect(d.changed[0]!.contactsRemoved).toEqual([contact({ role: 'focal', email: 'a@x.vn' })]);
    expect(d.changed[0]!.contactsChanged).toEqual([]);
  });

  test('a name given as empty clears it', () => {
    const d = diffPlanAgencies(
      [inline('SYT', { contacts: [{ role: 'focal', email: 'a@x.vn', name: '' }] })],
      [stored('SYT', { contacts: [contact({ email: 'a@x.vn', name: 'A' })] })],
    );
    expect(d.changed[0]!.contactsChanged[0]!.fields).toEqual([{ field: 'name', before: 'A', after: null }]);
  });
});

describe('in words', () => {
  test('the summary: counts, then one line per new or different agency, kinds and roles in Vietnamese', () => {
    const d = diffPlanAgencies(
      [
        inline('SYT', { name: 'Sở Y tế', contacts: [{ role: 'focal', email: 'a@syt.vn', name: 'Lê B' }] }),
        inline('STC', { name: 'Sở Tài chính' }),
        inline('SNV', {
          name: 'Sở Nội vụ',
          kind: 'department',
          contacts: [
            { role: 'focal', email: 'moi@snv.vn' },
            { role: 'head', phone: '0912345678' },
          ],
        }),
        inline('CAT', { name: 'Công an tỉnh' }),
      ],
      [
        stored('SNV', { name: 'Sở Nội vụ', kind: 'other', contacts: [contact({ email: 'cu@snv.vn' })] }),
        stored('CAT', { name: 'Công an tỉnh' }),
      ],
    );
    expect(diffSummaryLines(d)).toEqual([
      'Danh bạ cơ quan: 2 cơ quan mới, 1 khác với danh bạ, 1 như danh bạ.',
      '  + SYT Sở Y tế: Cán bộ đầu mối Lê B, a@syt.vn',
      '  + STC Sở Tài chính (chưa có liên hệ)',
      '  ~ SNV Sở Nội vụ: loại Khác → Sở, ban, ngành; liên hệ Cán bộ đầu mối, cu@snv.vn: email "cu@snv.vn" → "moi@snv.vn"; thêm liên hệ Thủ trưởng cơ quan, 0912345678',
    ]);
  });

  test('a removed contact and a role change in words', () => {
    const d = diffPlanAgencies(
      [inline('SYT', { contacts: [{ role: 'head', email: 'a@x.vn' }] })],
      [
        stored('SYT', {
          contacts: [contact({ email: 'a@x.vn' }), contact({ role: 'coordinator', phone: '0912345678' })],
        }),
      ],
    );
    expect(agencyChangeTexts(d.changed[0]!)).toEqual([
      'liên hệ Cán bộ đầu mối, a@x.vn: vai trò Cán bộ đầu mối → Thủ trưởng cơ quan',
      'bỏ liên hệ Cơ quan thường trực, 0912345678',
    ]);
  });
});

test('a plan’s inline agencies: all but those the directory filled in', () => {
  const r = parsePlanData({
    code: 'KH',
    title: 'Kế hoạch',
    years: { from: 2027, to: 2027 },
    coordinator: 'SNV',
    agencies: [
      { code: 'SNV', name: 'Sở Nội vụ', kind: 'department', contacts: [{ role: 'coordinator', email: 's@x.vn' }] },
      { code: 'XA01', name: 'UBND xã Một', kind: 'commune' },
    ],
    obligations: [{ id: 'bc', title: 'Báo cáo', from: 'all', to: 'SNV', due: { type: 'yearly', date: '10/12' } }],
  });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  expect(inlineAgenciesOf(r.plan, ['XA01'])).toEqual([
    {
      code: 'SNV',
      name: 'Sở Nội vụ',
      kind: 'department',
      contacts: [{ role: 'coordinator', name: undefined, email: 's@x.vn', phone: undefined }],
    },
  ]);
  expect(inlineAgenciesOf(r.plan).map((a) => a.code)).toEqual(['SNV', 'XA01']);
});
