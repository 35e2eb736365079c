/**
 * A contact changed in the directory reaches a running obligation at its next send, with no re-apply, on the real
 * dev server with a real SMTP mailbox: DV01's focal officer is in the directory; after the first reminder an admin
 * changes that officer's email; the second reminder goes to the new address once, the old one gets nothing more,
 * the plan file's own DV01 address nothing at all, and DV02 (not in the directory) keeps its plan contacts.
 */
import { randomBytes } from 'node:crypto';
import { demoPlan } from '../../src/domain/demo-plan';
import { PlanSchema } from '../../src/domain/plan-schema';
import { recordSubmission } from '../../src/services/assignment-service';
import { importDirectory } from '../../src/services/directory-import';
import { saveDirectoryContact } from '../../src/services/directory-store';
import { applyPlan } from '../../src/services/plan-service';
import { applyPlanText } from '../../src/services/plan-queries';
import { startDevWorker, type DevWorker } from '../support/dev-worker';
import { waitFor } from '../support/wait';

let w: DevWorker;
const code = `DIR-${randomBytes(3).toString('hex').toUpperCase()}`;

beforeAll(async () => {
  w = await startDevWorker('directory');
}, 120_000);
afterAll(async () => {
  await w?.stop();
});

test("one focal officer's new email in the directory: the next reminder goes there, once, to nobody else", async () => {
  const { t, client, taskQueue } = w;
  const prisma = t.db.prisma;
  await importDirectory(prisma, 'admin@so.gov.vn', [
    ['code', 'name', 'kind', 'role', 'email'],
    ['DV01', 'Đơn vị thử nghiệm 01', 'department', 'focal', 'cu@dv01.gov.vn'],
  ]);
  const plan = PlanSchema.parse(
    demoPlan({
      agencies: 2,
      dueIn: 'PT45S',
      reminders: ['PT35S', 'PT10S'],
      escalateAfter: ['PT1H'],
      now: new Date(),
      code,
    }),
  );
  await applyPlan({ prisma, temporal: client, taskQueue }, plan);
  const reminders = async () => {
    const counts: Record<string, number> = {};
    for (const m of await t.mailbox.list())
      if (m.subject.includes('Báo cáo thử nghiệm')) counts[m.to] = (counts[m.to] ?? 0) + 1;
    return counts;
  };
  await waitFor(
    'first reminders',
    async () => {
      const c = await reminders();
      return c['cu@dv01.gov.vn'] === 1 && c['dau-moi-02@demo.nhac-han.test'] === 1 ? c : undefined;
    },
    60_000,
  );

  const focal = await prisma.directoryContact.findFirstOrThrow({ where: { agencyCode: 'DV01' } });
  await saveDirectoryContact(prisma, 'admin@so.gov.vn', 'DV01', focal.id, { role: 'focal', email: 'moi@dv01.gov.vn' });

  await waitFor(
    'second reminders',
    async () => {
      const c = await reminders();
      return c['moi@dv01.gov.vn'] === 1 && c['dau-moi-02@demo.nhac-han.test'] === 2 ? c : undefined;
    },
    60_000,
  );
  for (const agency of ['DV01', 'DV02'])
    await recordSubmission(
      { prisma, temporal: client },
      { plan: code, year: plan.years.from, obligation: 'bao-cao-thu', agency, channel: 'cli' },
    );
  for (const agency of ['DV01', 'DV02'])
    await client.workflow.getHandle(`${code}/${plan.years.from}/bao-cao-thu/${agency}`).result();
  expect(await reminders()).toEqual({
    'cu@dv01.gov.vn': 1,
    'moi@dv01.gov.vn': 1,
    'dau-moi-02@demo.nhac-han.test': 2,
  });
}, 180_000);

test('a plan file that names directory agencies by code and a directory group: applied from the directory, reminded at its contacts', async () => {
  const { t, client, taskQueue } = w;
  const prisma = t.db.prisma;
  const refCode = `${code}-REF`;
  await importDirectory(prisma, 'admin@so.gov.vn', [
    ['code', 'name', 'kind', 'groups', 'role', 'email'],
    ['XA-A', 'UBND xã An Hòa', 'commune', 'UBND cấp xã', 'focal', 'dau-moi@xa-a.gov.vn'],
    ['XA-B', 'UBND xã Bình Minh', 'commune', 'UBND cấp xã', 'focal', 'dau-moi@xa-b.gov.vn'],
  ]);
  // The demo plan's own agencies stay inline (its coordinator and committee); the communes come from the directory.
  const input = demoPlan({
    agencies: 1,
    dueIn: 'PT40S',
    reminders: ['PT30S'],
    escalateAfter: ['PT1H'],
    now: new Date(),
    code: refCode,
  });
  const text = JSON.stringify({
    ...input,
    agencies: input.agencies.filter((a) => !a.code.startsWith('DV')),
    groups: { xa: { directory: 'ubnd cap xa' } },
    obligations: (input.obligations ?? []).map((o) => ({ ...o, from: 'xa' })),
  });
  const report = await applyPlanText(
    { prisma, temporal: client, taskQueue, now: () => new Date() },
    text,
    'admin@so.gov.vn',
  );
  expect(report.workflows.started).toBe(2);
  const stored = await prisma.agency.findMany({
    where: { planCode: refCode, code: { startsWith: 'XA-' } },
    orderBy: { code: 'asc' },
  });
  expect(stored.map((a) => a.name)).toEqual(['UBND xã An Hòa', 'UBND xã Bình Minh']);
  await waitFor(
    'the communes reminded at their directory contacts',
    async () => {
      const to = (await t.mailbox.list()).filter((m) => m.subject.includes('Báo cáo thử nghiệm')).map((m) => m.to);
      return to.includes('dau-moi@xa-a.gov.vn') && to.includes('dau-moi@xa-b.gov.vn') ? true : undefined;
    },
    60_000,
  );
  // A directory agency that is not there refuses the whole file, at its path, with nothing stored.
  const bad = JSON.stringify({
    ...JSON.parse(text),
    code: `${refCode}-X`,
    agencies: [...JSON.parse(text).agencies, { code: 'XA-Z' }],
  });
  await expect(
    applyPlanText({ prisma, temporal: client, taskQueue, now: () => new Date() }, bad, 'admin@so.gov.vn'),
  ).rejects.toMatchObject({
    errors: [expect.objectContaining({ path: 'agencies[2].code', message: expect.stringContaining('"XA-Z"') })],
  });
  expect(await prisma.plan.count({ where: { code: `${refCode}-X` } })).toBe(0);
}, 180_000);
