/**
 * `nhac-han holidays set|remove|import|list` on real PostgreSQL and the real Temporal dev server (global setup),
 * run in-process through the CLI's own entry: every refusal prints `<field>: <message>`, exits 1 and leaves the
 * stored schedule as it was, also when the write itself fails half-way (a trigger makes the audit insert, the last
 * statement of the transaction, fail); accepted entries win over the shipped files in `holidays --year`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../src/cli/main';
import { installCalendarData, SHIPPED_CALENDAR } from '../../src/domain/calendar-data';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { devServerAddress } from '../support/temporal';

let db: TestDatabase;
const saved = { ...process.env };
const SRC = [
  '--source',
  'Công văn 1234/VPCP-KGVX',
  '--source-date',
  '2026-10-14',
  '--source-link',
  'https://vpcp.chinhphu.vn/1234',
];

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.DATABASE_URL = db.url;
  process.env.TEMPORAL_ADDRESS = devServerAddress();
  process.env.TEMPORAL_TASK_QUEUE = `holiday-store-${process.pid}`;
  process.env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'nhac-han-holidays-'));
});

afterAll(async () => {
  process.env = saved;
  installCalendarData(SHIPPED_CALENDAR);
  await db?.drop();
});

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  const error = jest.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  try {
    const code = await main(args);
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
    process.exitCode = undefined;
  }
}

async function stored(): Promise<unknown> {
  return {
    entries: await db.prisma.holidayEntry.findMany({ orderBy: { date: 'asc' } }),
    years: await db.prisma.holidayYear.findMany(),
    changes: await db.prisma.holidayChange.count(),
  };
}

/** Every line of stderr is `<field>: <message>`, and nothing stored changed. */
async function refused(args: string[], fields: string[]): Promise<void> {
  const before = await stored();
  const r = await cli(args);
  expect(r.code).toBe(1);
  const lines = r.err.split('\n');
  for (const line of lines) expect(line).toMatch(/^[A-Za-z][\w.[\]]*: \S/);
  expect(lines.map((l) => l.slice(0, l.indexOf(':')))).toEqual(fields);
  expect(await stored()).toEqual(before);
}

test('a swap is stored with its make-up day and wins in holidays --year; refusals change nothing', async () => {
  // 2027: no official schedule yet. Friday 30/4 and Monday 3/5 are statutory; the admin swaps Thursday 29/4.
  const swapAt = (date: string) => [
    'holidays',
    'set',
    '--date',
    date,
    '--kind',
    'day-off',
    '--name',
    'Nghỉ hoán đổi dịp 30/4',
  ];
  const swap = swapAt('2027-04-29');
  const ok = await cli([...swap, ...SRC, '--make-up', '2027-05-08', '--by', 'admin@so-noi-vu.test']);
  expect(ok).toMatchObject({ code: 0 });
  expect(ok.out).toContain('Đã lưu thay đổi số 1');

  const year = await cli(['holidays', '--year', '2027', '--json']);
  const items = JSON.parse(year.out) as Array<{ date: string; kind: string; source: string; name: string }>;
  expect(items.find((i) => i.date === '2027-04-29')).toMatchObject({
    kind: 'day-off',
    name: 'Nghỉ hoán đổi dịp 30/4',
    source: 'Công văn 1234/VPCP-KGVX ngày 14/10/2026 (https://vpcp.chinhphu.vn/1234)',
  });
  expect(items.find((i) => i.date === '2027-05-08')).toMatchObject({ kind: 'working-day' });

  const list = await cli(['holidays', 'list', '--year', '2027', '--json']);
  expect(
    (JSON.parse(list.out) as Array<{ date: string; createdBy: string; pairedWith: string }>).map((r) => [
      r.date,
      r.pairedWith,
      r.createdBy,
    ]),
  ).toEqual([
    ['2027-04-29', '2027-05-08', 'admin@so-noi-vu.test'],
    ['2027-05-08', '2027-04-29', 'admin@so-noi-vu.test'],
  ]);

  // A swap without its make-up day, a day outside the supported years, a duplicate, a missing source.
  await refused([...swapAt('2027-06-10'), ...SRC], ['makeUp']);
  await refused([...swapAt('2300-04-29'), ...SRC, '--make-up', '2300-05-08'], ['date', 'makeUp']);
  await refused([...swap, ...SRC, '--make-up', '2027-05-15'], ['date', 'date']);
  await refused([...swapAt('2027-06-10'), '--make-up', '2027-06-12'], ['source']);
  await refused([...swapAt('2027-06-10'), '--make-up', '2027-06-12', ...SRC, '--source-link', 'vpcp'], ['sourceLink']);
  await refused(['holidays', 'set', '--date', '2027-06-12', '--kind', 'working-day', '--name', 'x', ...SRC], ['kind']);
  await refused(
    ['holidays', 'set', '--date', '2027-02-30', '--kind', 'holiday', '--name', 'x', ...SRC],
    ['date', 'kind'],
  );
  await refused(['holidays', 'remove', '--date', '2027-06-10'], ['date']);

  // A year's schedule: all or nothing.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nhac-han-import-'));
  const bad = path.join(dir, 'bad.yaml');
  fs.writeFileSync(
    bad,
    [
      'year: 2028',
      'source: { number: "Thông báo 1/TB-VPCP", date: "2027-10-01", link: "https://vpcp.chinhphu.vn/tb1" }',
      'daysOff:',
      '  - { date: "2028-01-24", name: "Tết", kind: holiday }',
      '  - { date: "2028-01-24", name: "Tết", kind: holiday }',
      '  - { date: "2028-09-01", name: "Nghỉ hoán đổi", kind: official-bridge }',
      'makeUpWorkingDays: []',
    ].join('\n'),
  );
  await refused(['holidays', 'import', bad], ['daysOff[1].date', 'makeUpWorkingDays']);
  fs.writeFileSync(path.join(dir, 'nosrc.json'), JSON.stringify({ year: 2028, daysOff: [] }));
  await refused(['holidays', 'import', path.join(dir, 'nosrc.json')], ['source']);
  fs.writeFileSync(path.join(dir, 'broken.yaml'), 'year: [');
  await refused(['holidays', 'import', path.join(dir, 'broken.yaml')], ['file']);
});

test('a write that fails half-way leaves the stored schedule unchanged', async () => {
  await db.prisma.$executeRawUnsafe(`
    CREATE FUNCTION refuse_holiday_change() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION 'disk full (injected)'; END $$ LANGUAGE plpgsql`);
  await db.prisma.$executeRawUnsafe(
    `CREATE TRIGGER refuse BEFORE INSERT ON "HolidayChange" FOR EACH ROW EXECUTE FUNCTION refuse_holiday_change()`,
  );
  try {
    const set = ['holidays', 'set', '--date', '2027-09-03', '--kind', 'day-off', '--name', 'Nghỉ hoán đổi', ...SRC];
    await refused([...set, '--make-up', '2027-09-11'], ['database']);
    await refused(['holidays', 'remove', '--date', '2027-04-29'], ['database']);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nhac-han-import-')), 'y.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        year: 2027,
        source: { number: 'Thông báo 2/TB-VPCP', date: '2026-10-20', link: 'https://vpcp.chinhphu.vn/tb2' },
        daysOff: [{ date: '2027-02-05', name: 'Tết Nguyên đán (29 tháng Chạp)', kind: 'holiday' }],
      }),
    );
    await refused(['holidays', 'import', file], ['database']);
    // The shipped calendar plus the first test's swap, still: the refused import replaced nothing.
    const year = JSON.parse((await cli(['holidays', '--year', '2027', '--json'])).out) as Array<{ date: string }>;
    expect(year.map((i) => i.date)).toContain('2027-04-29');
  } finally {
    await db.prisma.$executeRawUnsafe(`DROP TRIGGER refuse ON "HolidayChange"`);
  }
});

test('the contract form (one --source text) stores a decided day off, with the date and link read from the text', async () => {
  const r = await cli([
    'holidays',
    'set',
    '--date',
    '2027-09-03',
    '--kind',
    'day-off',
    '--name',
    'Nghỉ lễ Quốc khánh (ngày liền kề)',
    '--source',
    'Thông báo 7/TB-BNV ngày 20/10/2026 https://moha.gov.vn/tb7',
  ]);
  expect(r).toMatchObject({ code: 0 });
  const year = JSON.parse((await cli(['holidays', '--year', '2027', '--json'])).out) as Array<{
    date: string;
    kind: string;
    source: string;
  }>;
  expect(year.find((i) => i.date === '2027-09-03')).toEqual(
    expect.objectContaining({ kind: 'day-off', source: 'Thông báo 7/TB-BNV ngày 20/10/2026 https://moha.gov.vn/tb7' }),
  );
  const rows = await db.prisma.holidayEntry.findMany({ where: { date: '2027-09-03' } });
  expect(rows.map((x) => [x.sourceDate, x.sourceLink, x.reason])).toEqual([
    ['2026-10-20', 'https://moha.gov.vn/tb7', 'holiday'],
  ]);
});
