import {
  AGENCY_ROLES,
  COORDINATOR_ROLES,
  contactsOf,
  ESCALATION_LADDER,
  escalationAgencyCode,
  escalationKeyBase,
  type AgencyContacts,
} from '../../src/domain/recipient-policy';

const agencies = new Map<string, AgencyContacts>([
  [
    'SYT',
    {
      code: 'SYT',
      name: 'Sở Y tế',
      contacts: [
        { role: 'head', email: 'giam-doc@syt.vn', phone: null },
        { role: 'focal', email: 'a@syt.vn', phone: null },
        { role: 'focal', email: 'b@syt.vn', phone: '0912345678' },
      ],
    },
  ],
  ['SNV', { code: 'SNV', name: 'Sở Nội vụ', contacts: [{ role: 'coordinator', email: 'dp@snv.vn', phone: null }] }],
  ['BCD', { code: 'BCD', name: 'Ban chỉ đạo', contacts: [] }],
]);

test('contactsOf returns every contact of the first role the agency has, in order', () => {
  expect(contactsOf(agencies, 'SYT', AGENCY_ROLES).map((c) => c.email)).toEqual(['a@syt.vn', 'b@syt.vn']);
  expect(contactsOf(agencies, 'SYT', ['head', 'focal']).map((c) => c.email)).toEqual(['giam-doc@syt.vn']);
});

test('an agency listing only its coordinator still hears of its own deadlines', () => {
  expect(contactsOf(agencies, 'SNV', AGENCY_ROLES).map((c) => c.email)).toEqual(['dp@snv.vn']);
});

test('no contact of any role, or an unknown agency: nobody', () => {
  expect(contactsOf(agencies, 'BCD', AGENCY_ROLES)).toEqual([]);
  expect(contactsOf(agencies, 'XYZ', AGENCY_ROLES)).toEqual([]);
  expect(contactsOf(agencies, 'SNV', ['focal', 'head'])).toEqual([]);
});

test('the escalation ladder: kinds, roles and key suffixes as persisted outbox keys expect', () => {
  expect(ESCALATION_LADDER).toEqual({
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
      roles: ['coordinator', 'focal', 'head'],
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
  });
  expect(COORDINATOR_ROLES).toEqual(['coordinator', 'focal', 'head']);
});

test('outbox key bases of the rungs are unchanged: <assignment>#<revision>:<step>:<target>', () => {
  const base = 'P/2027/bao-cao/SYT#0:escalation:1';
  expect(Object.values(ESCALATION_LADDER).map((rung) => escalationKeyBase(base, rung))).toEqual([
    `${base}:focal`,
    `${base}:head`,
    `${base}:coordinator`,
    `${base}:committee`,
  ]);
});

test('which agency a rung addresses; the committee falls back to the coordinator', () => {
  const plan = { coordinator: 'SNV', committee: 'BCD' };
  expect(escalationAgencyCode('assignment', plan, 'SYT')).toBe('SYT');
  expect(escalationAgencyCode('coordinator', plan, 'SYT')).toBe('SNV');
  expect(escalationAgencyCode('committee', plan, 'SYT')).toBe('BCD');
  expect(escalationAgencyCode('committee', { coordinator: 'SNV' }, 'SYT')).toBe('SNV');
});
