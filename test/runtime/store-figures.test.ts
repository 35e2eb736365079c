/**
 * The database-wide gauges of `/metrics` read from real PostgreSQL: the outbox's waiting messages by channel and
 * the age of the oldest, the open obligations by state (a removed plan's left out); and, when the database does not
 * answer, empty gauges and a comment saying why instead of stale figures.
 */
import { createTestDatabase, type TestDatabase } from '../support/database';
import { demoPlan } from '../../src/domain/demo-plan';
import { PlanSchema } from '../../src/domain/plan-schema';
import { createMetrics } from '../../src/runtime/metrics';
import { storeFigures } from '../../src/runtime/store-figures';
import { storePlanOnly } from '../../src/services/plan-store';

const NOW = new Date('2026-11-02T03:00:00Z');
let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await db.drop();
});

async function plan(code: string, agencies: number): Promise<string[]> {
  const p = PlanSchema.parse(
    demoPlan({ agencies, dueIn: 'P10D', reminders: ['P3D'], escalateAfter: ['P1D'], now: NOW, code }),
  );
  await storePlanOnly(db.prisma, p, NOW);
  return (await db.prisma.assignment.findMany({ where: { planCode: code }, orderBy: { agencyCode: 'asc' } })).map(
    (a) => a.id,
  );
}

async function message(key: string, channel: string, status: string, minutesBefore: number) {
  await db.prisma.notification.create({
    data: {
      key,
      kind: 'upcoming',
      channel,
      recipient: 'x@example.vn',
      body: '…',
      messageId: `<${key}@test>`,
      status,
      createdAt: new Date(NOW.getTime() - minutesBefore * 60_000),
    },
  });
}

test('outbox backlog, the oldest waiting age and the open obligations by state, as the web process scrapes them', async () => {
  const [a1, a2, a3, a4] = await plan('STORE-A', 4);
  await db.prisma.assignment.update({ where: { id: a2! }, data: { state: 'overdue' } });
  await db.prisma.assignment.update({ where: { id: a3! }, data: { state: 'escalated' } });
  await db.prisma.assignment.update({ where: { id: a4! }, data: { state: 'submitted' } });
  expect(a1).toBeDefined();
  // A removed plan's pending obligations are not open any more.
  await plan('STORE-GONE', 2);
  await db.prisma.plan.update({ where: { code: 'STORE-GONE' }, data: { status: 'removed' } });
  await message('m1', 'email', 'pending', 30);
  await message('m2', 'email', 'sending', 5);
  await message('m3', 'sms', 'pending', 90);
  await message('m4', 'sms', 'sent', 600);
  await message('m5', 'zalo', 'failed', 900);

  const metrics = createMetrics({ processMetrics: false, store: storeFigures(db.prisma, () => NOW) });
  const text = await metrics.text();
  const lines = text.split('\n').filter((l) => /^nhac_han_(outbox_waiting|outbox_oldest|obligations_open)/.test(l));
  expect(lines).toEqual([
    'nhac_han_outbox_waiting{channel="email"} 2',
    'nhac_han_outbox_waiting{channel="sms"} 1',
    'nhac_han_outbox_waiting{channel="zalo"} 0',
    'nhac_han_outbox_oldest_waiting_age_seconds 5400',
    'nhac_han_obligations_open{state="pending"} 1',
    'nhac_han_obligations_open{state="overdue"} 1',
    'nhac_han_obligations_open{state="escalated"} 1',
  ]);

  // The next scrape reads again: what was sent since is not waiting any more.
  await db.prisma.notification.updateMany({ where: { key: { in: ['m1', 'm2', 'm3'] } }, data: { status: 'sent' } });
  const after = await metrics.text();
  expect(after).toContain('nhac_han_outbox_waiting{channel="email"} 0');
  expect(after).toContain('nhac_han_outbox_oldest_waiting_age_seconds 0');
});

test('a database that does not answer leaves the gauges empty and says why', async () => {
  let up = true;
  const read = storeFigures(db.prisma, () => NOW);
  const metrics = createMetrics({
    processMetrics: false,
    store: () => (up ? read() : Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432'))),
  });
  await message('m1', 'email', 'pending', 10);
  expect(await metrics.text()).toContain('nhac_han_outbox_waiting{channel="email"} 1');
  up = false;
  const text = await metrics.text();
  expect(text).not.toMatch(/^nhac_han_outbox_waiting\{/m);
  expect(text).not.toMatch(/^nhac_han_obligations_open\{/m);
  // prom-client writes "Nan"; Prometheus reads NaN in any case, and a missing value is not read as "nothing waits".
  expect(text).toMatch(/^nhac_han_outbox_oldest_waiting_age_seconds nan$/im);
  expect(text).toContain('# Nhac Han store figures unavailable: connect ECONNREFUSED 127.0.0.1:5432');
  // The product's counters still answer.
  expect(text).toContain('# TYPE nhac_han_messages_total counter');
});

test('without a store (worker processes) the page has no database gauges', async () => {
  const text = await createMetrics({ processMetrics: false }).text();
  expect(text).not.toContain('nhac_han_outbox_waiting');
  expect(text).not.toContain('nhac_han_obligations_open');
});
