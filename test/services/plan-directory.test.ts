/**
 * Writing a plan's inline agencies into the directory, against a real PostgreSQL: all or nothing (a contact the
 * database refuses half-way leaves the directory and the audit log as they were), the directory's state and its
 * agencies the plan does not name kept, and a second write with nothing new writes no audit row.
 */
import { PlanSchema, type Plan } from '../../src/domain/plan-schema';
import { testPlan } from '../notify/notify-fixtures';
import { directoryAfterApply, planDirectoryDiff, writePlanAgencies } from '../../src/services/plan-directory';
import { createTestDatabase, type TestDatabase } from '../support/database';

let db: TestDatabase;
const plan: Plan = PlanSchema.parse(testPlan({ code: 'KH-DB' }));
const audits = () => db.prisma.auditLog.count({ where: { action: 'directory.plan-agencies' } });

beforeAll(async () => {
  db = await createTestDatabase();
}, 60_000);
afterAll(async () => {
  await db?.drop();
});

test('a contact the database refuses half-way: nothing of the plan is written, no audit row', async () => {
  // The second agency's head is refused by the database itself, after the first agency was written.
  await db.prisma.$executeRawUnsafe(`
    CREATE FUNCTION refuse_contact() RETURNS trigger AS $$
    BEGIN
      IF NEW.email = 'giam-doc@syt.test.vn' THEN RAISE EXCEPTION 'refused for the test'; END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql`);
  await db.prisma.$executeRawUnsafe(
    `CREATE TRIGGER refuse_contact BEFORE INSERT ON "DirectoryContact" FOR EACH ROW EXECUTE FUNCTION refuse_contact()`,
  );
  await expect(writePlanAgencies(db.prisma, 'cli:test', plan)).rejects.toThrow(/refused for the test/);
  expect(await db.prisma.directoryAgency.count()).toBe(0);
  expect(await db.prisma.directoryContact.count()).toBe(0);
  expect(await audits()).toBe(0);
  await db.prisma.$executeRawUnsafe(`DROP TRIGGER refuse_contact ON "DirectoryContact"`);
});

test('written with its audit row; the state of a merged agency and the agencies the plan does not name are kept', async () => {
  await db.prisma.directoryAgency.create({
    data: { code: 'SYT', name: 'Sở Y tế cũ', kind: 'department', state: 'merged', successorCode: 'SNV' },
  });
  await db.prisma.directoryAgency.create({ data: { code: 'XA01', name: 'UBND xã Một', kind: 'commune' } });
  const before = await planDirectoryDiff(db.prisma, plan);
  expect([before.added.map((a) => a.code), before.changed.map((a) => a.code)]).toEqual([['SNV'], ['SYT']]);

  const { outcome } = await directoryAfterApply(db.prisma, 'cli:test', plan, [], true);
  expect(outcome).toEqual({ added: 1, changed: 1, unchanged: 0, written: true });
  const stored = await db.prisma.directoryAgency.findMany({ orderBy: { code: 'asc' }, include: { contacts: true } });
  expect(stored.map((a) => [a.code, a.name, a.state, a.successorCode, a.contacts.length])).toEqual([
    ['SNV', 'Sở Nội vụ', 'active', null, 1],
    ['SYT', 'Sở Y tế', 'merged', 'SNV', 2],
    ['XA01', 'UBND xã Một', 'active', null, 0],
  ]);
  expect(await audits()).toBe(1);

  const again = await directoryAfterApply(db.prisma, 'cli:test', plan, [], true);
  expect(again.outcome).toEqual({ added: 0, changed: 0, unchanged: 2, written: false });
  expect(await audits()).toBe(1);
});
