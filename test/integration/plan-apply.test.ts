/**
 * `plan apply` loses nothing: a Temporal start that fails midway undoes the whole apply (new rows gone, the previous
 * definition restored, workflows started so far terminated). One real call is made to fail, as in fastify/demo's
 * failure-injection tests; everything else is real (dev server, PostgreSQL).
 */
import { randomBytes } from 'node:crypto';
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import { demoPlan } from '../../src/domain/demo-plan';
import { PlanSchema, type Plan } from '../../src/domain/plan-schema';
import { applyPlan } from '../../src/services/plan-service';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { devServerAddress } from '../support/temporal';

let db: TestDatabase;
let connection: Connection;
let client: Client;
// No worker polls this queue: started workflows just wait, which is all these tests need.
const taskQueue = `apply-${randomBytes(4).toString('hex')}`;

beforeAll(async () => {
  db = await createTestDatabase();
  connection = await Connection.connect({ address: devServerAddress() });
  client = new Client({ connection });
});
afterAll(async () => {
  await connection?.close();
  await db?.drop();
});
afterEach(() => jest.restoreAllMocks());

const plan = (code: string, agencies: number, focalEmail?: string): Plan => {
  const p = PlanSchema.parse(
    demoPlan({
      agencies,
      dueIn: 'P30D',
      reminders: ['P7D'],
      escalateAfter: ['P1D'],
      now: new Date('2026-11-22T00:00:00Z'),
      code,
    }),
  );
  if (focalEmail) p.agencies.find((a) => a.code === 'DV01')!.contacts[0]!.email = focalEmail;
  return p;
};

const failOnCall = (n: number) => {
  const real = client.workflow.start.bind(client.workflow);
  let calls = 0;
  return jest.spyOn(client.workflow, 'start').mockImplementation(((...args: Parameters<typeof real>) => {
    calls++;
    if (calls === n) return Promise.reject(new Error('injected: Temporal unavailable'));
    return real(...args);
  }) as typeof client.workflow.start);
};

const isRunning = async (id: string) => {
  try {
    return (await client.workflow.getHandle(id).describe()).status.name === 'RUNNING';
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return false;
    throw err;
  }
};

test('a new plan whose second workflow cannot start leaves no plan, no rows and no running workflow', async () => {
  const code = `NEW-${randomBytes(3).toString('hex')}`;
  failOnCall(2);
  await expect(applyPlan({ prisma: db.prisma, temporal: client, taskQueue }, plan(code, 2))).rejects.toThrow(
    'injected',
  );
  expect(await db.prisma.plan.findUnique({ where: { code } })).toBeNull();
  expect(await db.prisma.assignment.count({ where: { planCode: code } })).toBe(0);
  expect(await isRunning(`${code}/2026/bao-cao-thu/DV01`)).toBe(false);
});

test('a change whose new workflow cannot start restores the previous plan exactly', async () => {
  const code = `UPD-${randomBytes(3).toString('hex')}`;
  const v1 = plan(code, 2);
  const first = await applyPlan({ prisma: db.prisma, temporal: client, taskQueue }, v1);
  expect(first.workflows.started).toBe(2);
  const before = await db.prisma.plan.findUnique({
    where: { code },
    include: { agencies: { include: { contacts: true }, orderBy: { code: 'asc' } } },
  });

  // v2 adds DV03 and changes DV01's focal email; DV03's start (the only new one) fails.
  const spy = failOnCall(3);
  await expect(
    applyPlan({ prisma: db.prisma, temporal: client, taskQueue }, plan(code, 3, 'moi@dv01.example.vn')),
  ).rejects.toThrow('injected');
  expect(spy).toHaveBeenCalledTimes(3);

  const after = await db.prisma.plan.findUnique({
    where: { code },
    include: { agencies: { include: { contacts: true }, orderBy: { code: 'asc' } } },
  });
  const shape = (p: typeof before) => ({
    hash: p?.sourceHash,
    agencies: p?.agencies.map((a) => [a.code, a.name, a.contacts.map((c) => [c.role, c.email]).sort()]),
  });
  expect(shape(after)).toEqual(shape(before));
  expect(
    await db.prisma.assignment.findMany({
      where: { planCode: code },
      select: { agencyCode: true },
      orderBy: { agencyCode: 'asc' },
    }),
  ).toEqual([{ agencyCode: 'DV01' }, { agencyCode: 'DV02' }]);
  // The workflows of v1 are untouched; nothing runs for DV03.
  expect(await isRunning(`${code}/2026/bao-cao-thu/DV01`)).toBe(true);
  expect(await isRunning(`${code}/2026/bao-cao-thu/DV03`)).toBe(false);

  // Applying v2 again once Temporal is back completes it, without duplicates.
  jest.restoreAllMocks();
  const retry = await applyPlan(
    { prisma: db.prisma, temporal: client, taskQueue },
    plan(code, 3, 'moi@dv01.example.vn'),
  );
  expect(retry.workflows).toMatchObject({ started: 1, existing: 2 });
  expect(retry.agencies.added).toEqual(['DV03']);
  for (const a of ['DV01', 'DV02', 'DV03'])
    await client.workflow.getHandle(`${code}/2026/bao-cao-thu/${a}`).terminate('test done');
});
