/** The audit log is append-only in the database itself: UPDATE, DELETE and TRUNCATE are refused by a trigger. */
import { recordAudit } from '../../src/services/audit-log';
import { createTestDatabase, type TestDatabase } from '../support/database';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

test('rows can be added, never changed or removed', async () => {
  await recordAudit(db.prisma, { actor: 'a@so.gov.vn', action: 'extend', target: 'X/2026/o/DV01' });
  const row = await db.prisma.auditLog.findFirstOrThrow();
  await expect(db.prisma.auditLog.update({ where: { id: row.id }, data: { actor: 'someone-else' } })).rejects.toThrow(
    /AuditLog is append-only \(UPDATE refused\)/,
  );
  await expect(db.prisma.auditLog.deleteMany({})).rejects.toThrow(/AuditLog is append-only \(DELETE refused\)/);
  await expect(db.prisma.$executeRawUnsafe('TRUNCATE "AuditLog"')).rejects.toThrow(/TRUNCATE refused/);
  expect(await db.prisma.auditLog.findMany()).toEqual([row]);
});
