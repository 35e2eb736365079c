/**
 * `nhac-han directory rename|merge|retire` against a real PostgreSQL, seeded as the service test is: DV01 and DV02
 * merge into SNV-MOI; DV01's obligation has closed, so only DV02's moves. Without `--yes` the command prints the
 * preview (or the refusal list) and changes nothing; with `--yes` it carries out that list, audited as `--by`. Bad
 * flags and refusals print `path: message` lines and exit 1.
 */
import type { TestDatabase } from '../support/database';
import { startCliHarness, type CliHarness, type CliResult } from '../support/cli-harness';
import { reorganiseSeed, storeReorganiseSeed } from '../support/reorganise-seed';
import { saveDirectoryContact } from '../../src/services/directory-store';

let h: CliHarness;
let db: TestDatabase;
const seed = reorganiseSeed(3);
const { year, today, id } = seed;
const dmy = today.split('-').map(Number).reverse().join('/');
const cli = (...args: string[]): Promise<CliResult> => h.cli('directory', ...args);

const merged = () => db.prisma.directoryAgency.count({ where: { state: 'merged' } });
const moved = () => db.prisma.assignment.count({ where: { successorAgencyCode: { not: null } } });

beforeAll(async () => {
  h = await startCliHarness('reorg');
  db = h.db;
  await storeReorganiseSeed(db.prisma, seed);
}, 60_000);
afterAll(async () => {
  await h?.close();
});

test('bad flags: every problem as `--flag: message`, exit 1', async () => {
  const r = await cli('merge', '--sources', ' ,', '--successor', 'không hợp lệ', '--effective', '7/12/2026');
  expect([r.code, r.stdout]).toEqual([1, '']);
  expect(r.stderr.trim().split('\n')).toEqual([
    '--sources: cần ít nhất một cơ quan được hợp nhất / at least one agency',
    '--successor: mã cơ quan không hợp lệ / invalid agency code',
    '--effective: ngày hiệu lực dạng YYYY-MM-DD / effective date as YYYY-MM-DD',
  ]);
  const both = await cli('merge', '--sources', 'DV01,DV02', '--successor', 'DV02');
  expect([both.code, both.stderr.trim()]).toEqual([
    1,
    '--successor: cơ quan kế thừa không thể là cơ quan được hợp nhất / successor is also a source',
  ]);
  const missing = await cli('retire', '--code', 'KHONG-CO');
  expect([missing.code, missing.stderr.trim()]).toEqual([
    1,
    '--code: không có trong danh bạ: KHONG-CO / not in the directory',
  ]);
  const ahead = await cli('retire', '--code', 'DV03', '--effective', '2199-01-01', '--yes');
  expect([ahead.code, ahead.stderr.trim()]).toEqual([
    1,
    '--effective: ngày hiệu lực 2199-01-01 chưa đến: hãy xác nhận vào ngày đó / not yet in effect, confirm it on that day',
  ]);
  const rename = await cli('rename', '--code', 'DV03');
  expect([rename.code, rename.stderr.trim()]).toEqual([1, '--name: thiếu tên mới / missing new name']);
  expect(await db.prisma.reorganisation.count()).toBe(0);
}, 240_000);

test('a merge whose successor has no recipient is refused with the list, even with --yes; nothing changes', async () => {
  for (const yes of [[], ['--yes']]) {
    const r = await cli('merge', '--sources', 'DV01,DV02', '--successor', 'SNV-MOI', ...yes);
    expect([r.code, r.stdout]).toEqual([1, '']);
    expect(r.stderr.trim().split('\n')).toEqual([
      '--successor: SNV-MOI chưa có người nhận thư (cán bộ đầu mối, thủ trưởng hoặc cơ quan thường trực có email hay ' +
        'điện thoại); chưa hợp nhất, không có gì thay đổi / no recipient, nothing changed',
      `${id('DV02')}: REORG ${year} bao-cao-thu, DV02 → SNV-MOI: sẽ không có người nhận / would have no recipient`,
    ]);
  }
  expect([await merged(), await moved(), await db.prisma.reorganisation.count()]).toEqual([0, 0, 0]);
}, 240_000);

test('without --yes the preview changes nothing; with --yes exactly that list moves, audited as --by', async () => {
  await saveDirectoryContact(db.prisma, 'admin@so.gov.vn', 'SNV-MOI', undefined, {
    role: 'focal',
    email: 'dau-moi@snv-moi.gov.vn',
  });
  const preview = await cli('merge', '--sources', 'DV01,DV02', '--successor', 'SNV-MOI', '--effective', today);
  expect([preview.code, preview.stderr]).toEqual([0, '']);
  const dueDate = (await db.prisma.assignment.findUniqueOrThrow({ where: { id: id('DV02') } })).dueDate;
  const dueDmy = dueDate.toISOString().slice(0, 10).split('-').map(Number).reverse().join('/');
  expect(preview.stdout.trim().split('\n')).toEqual([
    `Xem trước, chưa thay đổi gì / preview, nothing changed: Hợp nhất DV01 (Đơn vị thử nghiệm 01), DV02 (Đơn vị thử ` +
      `nghiệm 02) → SNV-MOI (Sở Nội vụ mới), hiệu lực từ ngày ${dmy}.`,
    '1 nghĩa vụ đang mở sẽ chuyển / will move:',
    `  REORG ${year} bao-cao-thu              DV02 → SNV-MOI  hạn ${dueDmy}`,
    'Chạy lại với --yes để thực hiện đúng danh sách này. / run again with --yes to carry out this list',
  ]);
  expect([await merged(), await moved()]).toEqual([0, 0]);

  const done = await cli('merge', '--sources', 'DV01,DV02', '--successor', 'SNV-MOI', '--yes', '--by', 'c@so.gov.vn');
  expect([done.code, done.stderr]).toEqual([0, '']);
  expect(done.stdout).toMatch(/^Đã thực hiện \(lần tổ chức lại số \d+\) \/ done: Hợp nhất DV01/);
  expect(done.stdout).toContain('1 nghĩa vụ đang mở đã chuyển / moved:');
  expect(
    await db.prisma.assignment.findMany({
      where: { planCode: 'REORG' },
      orderBy: { id: 'asc' },
      select: { agencyCode: true, successorAgencyCode: true },
    }),
  ).toEqual([
    { agencyCode: 'DV01', successorAgencyCode: null },
    { agencyCode: 'DV02', successorAgencyCode: 'SNV-MOI' },
    { agencyCode: 'DV03', successorAgencyCode: null },
  ]);
  expect(await merged()).toBe(2);
  const audit = await db.prisma.auditLog.findFirstOrThrow({ where: { action: 'directory.merge' } });
  expect(audit).toMatchObject({ actor: 'c@so.gov.vn', detail: { moved: 1 } });

  // Done once: the same command again is refused (DV01 is merged), nothing more changes.
  const again = await cli('merge', '--sources', 'DV01,DV02', '--successor', 'SNV-MOI', '--yes');
  expect([again.code, again.stderr.trim()]).toEqual([1, '--sources: cơ quan DV01 đã hợp nhất / already merged']);
  expect(await db.prisma.reorganisation.count()).toBe(1);
}, 240_000);

test('rename and retire: --json prints the preview, and with --yes what was done', async () => {
  const rename = await cli('rename', '--code', 'SNV-MOI', '--name', 'Sở Nội vụ', '--json');
  expect(rename.code).toBe(0);
  expect(JSON.parse(rename.stdout)).toEqual({
    done: false,
    id: null,
    preview: {
      input: { kind: 'rename', code: 'SNV-MOI', name: 'Sở Nội vụ', effectiveOn: today },
      before: { 'SNV-MOI': 'Sở Nội vụ mới' },
      moves: [],
      noRecipient: [],
    },
  });
  const renamed = await cli('rename', '--code', 'SNV-MOI', '--name', 'Sở Nội vụ', '--yes', '--json');
  expect(JSON.parse(renamed.stdout)).toMatchObject({ done: true, id: expect.any(Number) });
  expect((await db.prisma.directoryAgency.findUniqueOrThrow({ where: { code: 'SNV-MOI' } })).name).toBe('Sở Nội vụ');

  const retire = await cli('retire', '--code', 'DV03');
  expect([retire.code, retire.stdout.trim().split('\n')[1]]).toEqual([
    0,
    '1 nghĩa vụ đang mở sẽ không còn cơ quan nhận thư nhắc / left without their agency:',
  ]);
  const retired = await cli('retire', '--code', 'DV03', '--yes', '--json');
  expect(JSON.parse(retired.stdout)).toMatchObject({
    done: true,
    preview: { moves: [{ assignmentId: id('DV03'), from: 'DV03', to: null }] },
  });
  expect((await db.prisma.directoryAgency.findUniqueOrThrow({ where: { code: 'DV03' } })).state).toBe('retired');
  const kinds = await db.prisma.reorganisation.findMany({ orderBy: { id: 'asc' }, select: { kind: true } });
  expect(kinds.map((k) => k.kind)).toEqual(['merge', 'rename', 'retire']);
}, 240_000);
