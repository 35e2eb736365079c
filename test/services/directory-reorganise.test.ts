/**
 * Reorganisations against a real PostgreSQL: DV01 and DV02 merge into a new Sở; DV01's obligation has closed, so
 * only DV02's moves. The merge is refused with the list while the successor has no recipient, refused when the
 * confirmed list is not the preview's, and then done: the moved obligation's next send loads the successor's
 * contacts and the consolidated report names the successor, while the closed one keeps DV01's old name.
 */
import { createAssignmentLoader } from '../../src/activities/assignment-loader';
import { confirmReorganisation, previewReorganisation } from '../../src/services/directory-reorganise';
import { saveDirectoryContact } from '../../src/services/directory-store';
import { loadAndCompile } from '../../src/services/report-service';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { reorganiseSeed, storeReorganiseSeed } from '../support/reorganise-seed';

let db: TestDatabase;
const seed = reorganiseSeed(3);
const { year, now, today, id } = seed;
const merge = { kind: 'merge', sources: ['DV01', 'DV02'], successor: 'SNV-MOI', effectiveOn: today };

beforeAll(async () => {
  db = await createTestDatabase();
  await storeReorganiseSeed(db.prisma, seed, 2);
}, 60_000);
afterAll(async () => {
  await db?.drop();
});

test('a merge whose successor has no recipient is refused with the list, and nothing changes', async () => {
  const p = await previewReorganisation(db.prisma, merge, today);
  expect(p.moves.map((m) => [m.assignmentId, m.from, m.to])).toEqual([[id('DV02'), 'DV02', 'SNV-MOI']]);
  expect(p.noRecipient.map((m) => m.assignmentId)).toEqual([id('DV02')]);
  await expect(confirmReorganisation(db.prisma, 'c@so.gov.vn', merge, [id('DV02')], today)).rejects.toMatchObject({
    name: 'InvalidInputError',
    errors: [{ path: id('DV02'), message: expect.stringContaining('SNV-MOI không có người nhận') }],
  });
  expect(await db.prisma.directoryAgency.count({ where: { state: 'merged' } })).toBe(0);
  expect(await db.prisma.assignment.count({ where: { successorAgencyCode: { not: null } } })).toBe(0);
});

test('confirmed with the preview list, open obligations move; closed ones keep the old name in the report', async () => {
  await saveDirectoryContact(db.prisma, 'admin@so.gov.vn', 'SNV-MOI', undefined, {
    role: 'focal',
    email: 'dau-moi@snv-moi.gov.vn',
  });
  const p = await previewReorganisation(db.prisma, merge, today);
  expect(p.noRecipient).toEqual([]);
  await expect(confirmReorganisation(db.prisma, 'c@so.gov.vn', merge, [], today)).rejects.toMatchObject({
    name: 'ConflictError',
  });
  const done = await confirmReorganisation(
    db.prisma,
    'c@so.gov.vn',
    merge,
    p.moves.map((m) => m.assignmentId),
    today,
  );
  expect(done.preview.moves).toHaveLength(1);

  const states = await db.prisma.directoryAgency.findMany({
    orderBy: { code: 'asc' },
    select: { code: true, state: true, successorCode: true },
  });
  expect(states).toEqual([
    { code: 'DV01', state: 'merged', successorCode: 'SNV-MOI' },
    { code: 'DV02', state: 'merged', successorCode: 'SNV-MOI' },
    { code: 'SNV-MOI', state: 'active', successorCode: null },
  ]);
  const rows = await db.prisma.assignment.findMany({
    where: { planCode: 'REORG' },
    orderBy: { id: 'asc' },
    select: { agencyCode: true, successorAgencyCode: true },
  });
  expect(rows).toEqual([
    { agencyCode: 'DV01', successorAgencyCode: null },
    { agencyCode: 'DV02', successorAgencyCode: 'SNV-MOI' },
    { agencyCode: 'DV03', successorAgencyCode: null },
  ]);

  const loaded = await createAssignmentLoader(db.prisma).loadAssignment(id('DV02'));
  expect(loaded.byCode.get('DV02')).toEqual({
    code: 'DV02',
    name: 'Sở Nội vụ mới',
    contacts: [{ id: expect.any(Number), role: 'focal', email: 'dau-moi@snv-moi.gov.vn', phone: null, staleAt: null }],
  });

  const report = await loadAndCompile(db.prisma, { planCode: 'REORG', year, asOf: now });
  expect(report.agencies.map((a) => [a.agencyCode, a.agencyName, a.state])).toEqual([
    ['DV01', 'Đơn vị thử nghiệm 01', 'submitted'],
    ['DV02', 'Sở Nội vụ mới (trước đây: Đơn vị thử nghiệm 02)', 'pending'],
    ['DV03', 'Đơn vị thử nghiệm 03', 'pending'],
  ]);
  const audit = await db.prisma.auditLog.findFirstOrThrow({ where: { action: 'directory.merge' } });
  expect(audit).toMatchObject({ actor: 'c@so.gov.vn', detail: { moved: 1 } });
  expect(await db.prisma.reorganisation.count()).toBe(1);
});

test('a rename keeps the old name in the record; an effective date still ahead is refused', async () => {
  await confirmReorganisation(
    db.prisma,
    'c@so.gov.vn',
    { kind: 'rename', code: 'SNV-MOI', name: 'Sở Nội vụ', effectiveOn: today },
    [],
    today,
  );
  const r = await db.prisma.reorganisation.findFirstOrThrow({ where: { kind: 'rename' } });
  expect(r.detail).toMatchObject({ before: { 'SNV-MOI': 'Sở Nội vụ mới' }, name: 'Sở Nội vụ' });
  await expect(
    previewReorganisation(db.prisma, { kind: 'retire', code: 'DV03', effectiveOn: '2199-01-01' }, today),
  ).rejects.toMatchObject({ errors: [{ path: 'effectiveOn' }] });
});
