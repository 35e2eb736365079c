/**
 * A plan that carries its agencies inline, applied into an empty directory through bin/nhac-han.js (real PostgreSQL,
 * the shared Temporal dev server): `plan apply` says what is new to the directory and the command that writes it,
 * and writes nothing; `plan directory-diff` shows the same without applying; `plan apply --update-directory` writes
 * the agencies and their contacts with one audit row, after which a second apply finds them all as the directory
 * has them. An agency the plan names by its directory code is not part of the difference. The tests run in order
 * and share the directory: the second starts from what the first wrote.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { startCliHarness, type CliHarness } from '../support/cli-harness';

const CODE = `PDIR${randomBytes(3).toString('hex').toUpperCase()}`;
let h: CliHarness;

// The plan's year is next year: the apply only schedules it.
beforeAll(async () => {
  h = await startCliHarness('plan-directory');
}, 120_000);
afterAll(async () => {
  await h?.close();
});

const ok = (...args: string[]) => h.ok(...args);
const cli = (...args: string[]) => h.cli(...args);

/** As the seed presets are written: each agency inline, one placeholder focal point under example.vn. */
const seedLike = (focalOfSyt = 'dau-moi@syt.tinh.example.vn', extra = '') => `
code: ${CODE}
title: Kế hoạch thực hiện công tác bình đẳng giới năm 2027
years: { from: 2027, to: 2027 }
coordinator: SNV
committee: UBND-TINH
agencies:
  - code: UBND-TINH
    name: Ủy ban nhân dân tỉnh
    kind: committee
    contacts: [{ role: head, email: dau-moi@ubnd.tinh.example.vn }]
  - code: SNV
    name: Sở Nội vụ (cơ quan thường trực)
    kind: department
    contacts: [{ role: coordinator, name: Trần Thị B, email: dau-moi@snv.tinh.example.vn }]
  - code: SYT
    name: Sở Y tế
    kind: department
    contacts: [{ role: focal, email: ${focalOfSyt}, phone: '0912345678' }]
${extra}
obligations:
  - id: bao-cao-nam
    title: Báo cáo kết quả thực hiện năm
    from: [SYT]
    to: SNV
    due: { type: yearly, date: 10/12 }
`;

const audits = () =>
  h.db.prisma.auditLog.findMany({ where: { action: 'directory.plan-agencies' }, orderBy: { id: 'asc' } });

test('apply shows what is new to the directory and writes it only with --update-directory; then all is unchanged', async () => {
  const file = path.join(h.dir, 'plan.yaml');
  fs.writeFileSync(file, seedLike());

  // Without applying: the difference, as text and as JSON.
  const preview = await ok('plan', 'directory-diff', file);
  expect(preview).toContain('Danh bạ cơ quan: 3 cơ quan mới, 0 khác với danh bạ, 0 như danh bạ.');
  expect(preview).toContain(
    '  + SNV Sở Nội vụ (cơ quan thường trực): Cơ quan thường trực Trần Thị B, dau-moi@snv.tinh.example.vn',
  );
  const json = JSON.parse(await ok('plan', 'directory-diff', file, '--json')) as Record<string, unknown>;
  expect(json).toMatchObject({ plan: CODE, added: 3, changed: 0, unchanged: 0, difference: { changed: [] } });
  expect(await h.db.prisma.directoryAgency.count()).toBe(0);

  // Applied: the plan is stored; the summary and the command that writes the directory; nothing written.
  const applied = await ok('plan', 'apply', file);
  expect(applied).toContain(`Đã tạo kế hoạch ${CODE}`);
  expect(applied).toContain('Danh bạ cơ quan: 3 cơ quan mới, 0 khác với danh bạ, 0 như danh bạ.');
  expect(applied).toContain('  + SYT Sở Y tế: Cán bộ đầu mối, dau-moi@syt.tinh.example.vn, 0912345678');
  expect(applied).toContain(`nhac-han plan apply ${file} --update-directory`);
  expect(await h.db.prisma.directoryAgency.count()).toBe(0);
  expect(await audits()).toEqual([]);

  // Confirmed: written in one transaction with its audit row; the JSON says so.
  const written = JSON.parse(await ok('plan', 'apply', file, '--update-directory', '--json', '--by', 'van-thu')) as {
    plan: string;
    directory: unknown;
  };
  expect(written.plan).toBe(CODE);
  expect(written.directory).toEqual({ added: 3, changed: 0, unchanged: 0, written: true });
  const stored = await h.db.prisma.directoryAgency.findMany({ orderBy: { code: 'asc' }, include: { contacts: true } });
  expect(stored.map((a) => [a.code, a.name, a.kind, a.state])).toEqual([
    ['SNV', 'Sở Nội vụ (cơ quan thường trực)', 'department', 'active'],
    ['SYT', 'Sở Y tế', 'department', 'active'],
    ['UBND-TINH', 'Ủy ban nhân dân tỉnh', 'committee', 'active'],
  ]);
  expect(stored[1]!.contacts).toEqual([
    expect.objectContaining({ role: 'focal', email: 'dau-moi@syt.tinh.example.vn', phone: '0912345678', name: null }),
  ]);
  const rows = await audits();
  expect(rows.map((r) => [r.actor, r.target, r.detail])).toEqual([
    [
      'van-thu',
      'directory',
      {
        plan: CODE,
        added: 3,
        changed: 0,
        unchanged: 0,
        addedCodes: ['UBND-TINH', 'SNV', 'SYT'],
        changedCodes: [],
      },
    ],
  ]);

  // A second apply: every agency is as the directory has it; no command to run, nothing written again.
  const again = await ok('plan', 'apply', file, '--update-directory');
  expect(again).toContain('Danh bạ cơ quan: 0 cơ quan mới, 0 khác với danh bạ, 3 như danh bạ.');
  expect(again).not.toContain('--update-directory');
  expect(await audits()).toHaveLength(1);
  const plain = JSON.parse(await ok('plan', 'apply', file, '--json')) as { directory: unknown };
  expect(plain.directory).toEqual({ added: 0, changed: 0, unchanged: 3, written: false });
});

test('a changed focal point is shown field by field; an agency named by its directory code is not part of it', async () => {
  const file = path.join(h.dir, 'changed.yaml');
  // XA01 joins the directory by hand; the plan names it by code alone.
  await h.db.prisma.directoryAgency.create({
    data: {
      code: 'XA01',
      name: 'UBND xã Một',
      kind: 'commune',
      groups: ['UBND cấp xã'],
      contacts: { create: [{ role: 'focal', email: 'xa01@tinh.vn' }] },
    },
  });
  fs.writeFileSync(file, seedLike('moi@syt.tinh.example.vn', '  - code: XA01'));
  const r = await cli('plan', 'directory-diff', file);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(r.stdout.split('\n')).toEqual([
    'Danh bạ cơ quan: 0 cơ quan mới, 1 khác với danh bạ, 2 như danh bạ.',
    '  ~ SYT Sở Y tế: liên hệ Cán bộ đầu mối, dau-moi@syt.tinh.example.vn, 0912345678: email "dau-moi@syt.tinh.example.vn" → "moi@syt.tinh.example.vn"',
    `Danh bạ chưa thay đổi. Để ghi các cơ quan này vào danh bạ / to write them into the directory: nhac-han plan apply ${file} --update-directory`,
    '',
  ]);
  const applied = await ok('plan', 'apply', file, '--update-directory');
  expect(applied).toContain('Đã cập nhật danh bạ / directory updated: 0 cơ quan thêm mới, 1 cơ quan sửa.');
  const syt = await h.db.prisma.directoryContact.findMany({ where: { agencyCode: 'SYT' } });
  // The same person (same phone) with a new email.
  expect(syt.map((c) => [c.role, c.email, c.phone])).toEqual([['focal', 'moi@syt.tinh.example.vn', '0912345678']]);
  // The directory's own agency keeps its contact.
  const xa = await h.db.prisma.directoryContact.findMany({ where: { agencyCode: 'XA01' } });
  expect(xa.map((c) => c.email)).toEqual(['xa01@tinh.vn']);
});

test('an invalid plan is refused by directory-diff with its problems, exit 1', async () => {
  const file = path.join(h.dir, 'bad.yaml');
  fs.writeFileSync(file, seedLike().replace('kind: committee', 'kind: ministry'));
  const r = await cli('plan', 'directory-diff', file);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('agencies[0].kind: loại cơ quan phải là một trong');
});
