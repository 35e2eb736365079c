/**
 * The CLI's state-changing commands leave audit rows: `user add`, `plan apply|pause|resume|remove`, `submit`, `report`
 * (which keeps the compiled report) and `holidays retarget`, each run through bin/nhac-han.js against a real database
 * and the shared Temporal dev server, each row with the actor `cli:<os user>` (or `--by`), the action and the target
 * by id (a plan's code, an assignment's workflow id, a report's id, an account's `user:<id>`), never an email.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { startCliHarness, type CliHarness } from '../support/cli-harness';

const CODE = `AUD${randomBytes(3).toString('hex').toUpperCase()}`;
let h: CliHarness;

beforeAll(async () => {
  h = await startCliHarness('cli-audit');
}, 120_000);
afterAll(async () => {
  await h?.close();
});

const ok = (...args: string[]) => h.ok(...args);

test('each state-changing command writes its audit row: who, what, which row', async () => {
  const me = `cli:${os.userInfo().username}`;
  const planText = await ok('plan', 'demo', '--agencies', '2', '--due-in', 'PT3H', '--code', CODE);
  const file = path.join(h.dir, 'plan.json');
  fs.writeFileSync(file, planText);
  const year = String(new Date(Date.now() + 7 * 3600_000).getUTCFullYear());

  await ok('user', 'add', '--email', 'dieu-phoi@so.gov.vn', '--role', 'coordinator', '--plans', CODE);
  await ok('plan', 'apply', file);
  await ok('plan', 'pause', CODE, '--by', 'Nguyễn Văn An');
  await ok('plan', 'resume', CODE);
  const assignment = await h.db.prisma.assignment.findFirstOrThrow({
    where: { planCode: CODE },
    orderBy: { id: 'asc' },
  });
  await ok(
    'submit',
    ...['--plan', CODE, '--year', year, '--obligation', assignment.obligationId],
    '--paper',
    ...['--agency', assignment.agencyCode],
  );
  await ok('report', '--plan', CODE, '--year', year, '--format', 'csv', '--out', path.join(h.dir, 'r.csv'));
  await ok('holidays', 'retarget');
  await ok('plan', 'remove', CODE);

  const userId = (await h.db.prisma.user.findUniqueOrThrow({ where: { email: 'dieu-phoi@so.gov.vn' } })).id;
  const report = await h.db.prisma.compiledReport.findFirstOrThrow({ where: { planCode: CODE } });
  const rows = await h.db.prisma.auditLog.findMany({ orderBy: { id: 'asc' } });
  expect(rows.map((r) => [r.actor, r.action, r.target])).toEqual([
    [me, 'user.add', `user:${userId}`],
    [me, 'plan-apply', CODE],
    ['Nguyễn Văn An', 'plan.pause', CODE],
    [me, 'plan.resume', CODE],
    [me, 'submit', assignment.id],
    [me, 'report-compile', report.id],
    [me, 'plan.remove', CODE],
  ]);
  expect(rows[0]!.detail).toMatchObject({ role: 'coordinator', plans: [CODE] });
  expect(rows[4]!.detail).toMatchObject({ channel: 'paper' });
  expect(JSON.stringify(rows)).not.toContain('dieu-phoi@so.gov.vn');
}, 600_000);
