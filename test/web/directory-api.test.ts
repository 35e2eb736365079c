/**
 * `/api/directory/...` over real HTTP: the preview names every problem by row and column and writes nothing, the
 * import is all or nothing (422 with `row N, column` paths), the template and the export read back as the import
 * columns, and a contact's edit is validated field by field and audited.
 */
import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import { createUser } from '../../src/services/user-service';
import { startLightWebApp, type LightWebApp } from '../support/light-web-app';

let w: LightWebApp;
let admin: { cookie: string; csrf: string };

async function signIn(role: 'admin' | 'coordinator') {
  const email = `${role}-${randomBytes(3).toString('hex')}@so.gov.vn`;
  await createUser(w.db.prisma, { email, role, password: 'mat-khau-du-dai-123' });
  const res = await fetch(`${w.url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'mat-khau-du-dai-123' }),
  });
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const body = (await res.json()) as { user: { csrfToken: string } };
  return { cookie, csrf: body.user.csrfToken };
}

function call(method: string, url: string, body?: unknown, who = admin) {
  return fetch(`${w.url}${url}`, {
    method,
    headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
}

const csv = (lines: string[]) => ({
  fileName: 'danh-ba.csv',
  content: Buffer.from(lines.join('\n')).toString('base64'),
});
const HEADER = 'code,name,kind,parent,groups,role,contact_name,position,email,phone';

beforeAll(async () => {
  w = await startLightWebApp();
  admin = await signIn('admin');
}, 120_000);
afterAll(async () => {
  await w?.close();
});

test('preview names each problem and writes nothing; import refuses the same file with 422 and writes nothing', async () => {
  const file = csv([HEADER, 'SYT,Sở Y tế,department,,,focal,,,a@syt.gov.vn,', 'SGD,Sở GD,department,,,focal,,,,0112']);
  const preview = await call('POST', '/api/directory/import/preview', file);
  expect(preview.status).toBe(200);
  expect(await preview.json()).toMatchObject({
    problems: [{ row: 3, column: 'phone', message: expect.stringContaining('') }],
    added: ['SYT', 'SGD'],
  });
  const refused = await call('POST', '/api/directory/import', file);
  expect(refused.status).toBe(422);
  expect(((await refused.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual([
    'row 3, phone',
  ]);
  expect(await w.db.prisma.directoryAgency.count()).toBe(0);
});

test('import, then the export and the template read back in the import columns', async () => {
  const ok = await call(
    'POST',
    '/api/directory/import',
    csv([
      HEADER,
      'SYT,Sở Y tế,Sở, ban, ngành,,,đầu mối,Ngô D,,a@syt.gov.vn,0912345678'.replace(
        'Sở, ban, ngành',
        '"Sở, ban, ngành"',
      ),
    ]),
  );
  expect(ok.status).toBe(201);
  expect(await ok.json()).toMatchObject({ agencies: 1, contacts: 1, added: ['SYT'] });
  for (const url of ['/api/directory/export?format=xlsx', '/api/directory/template']) {
    const res = await call('GET', url);
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    expect((wb.worksheets[0]!.getRow(1).values as unknown[]).slice(1)).toEqual(HEADER.split(','));
  }
  const list = (await (await call('GET', '/api/directory')).json()) as { agencies: { contacts: { id: number }[] }[] };
  const id = list.agencies[0]!.contacts[0]!.id;
  const bad = await call('POST', `/api/directory/agencies/SYT/contacts/${id}`, { role: 'boss', email: 'x' });
  expect(bad.status).toBe(422);
  expect(((await bad.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual(['role', 'email']);
  const good = await call('POST', `/api/directory/agencies/SYT/contacts/${id}`, {
    role: 'focal',
    email: 'moi@syt.gov.vn',
  });
  expect(good.status).toBe(200);
  expect(await good.json()).toMatchObject({ email: 'moi@syt.gov.vn', phone: null });
  const coordinator = await signIn('coordinator');
  expect(
    (await call('POST', `/api/directory/agencies/SYT/contacts/${id}`, { role: 'focal', email: 'x@y.vn' }, coordinator))
      .status,
  ).toBe(403);
  expect(
    (
      await call(
        'POST',
        '/api/directory/agencies/SYT',
        { name: 'Sở Y tế tỉnh', groups: 'các sở; ngành y' },
        coordinator,
      )
    ).status,
  ).toBe(200);
  const audit = await w.db.prisma.auditLog.findMany({ where: { target: 'agency:SYT' }, orderBy: { id: 'asc' } });
  expect(audit.map((a) => a.action)).toEqual(['directory.contact.update', 'directory.agency.update']);
  expect(audit[1]!.detail).toMatchObject({
    before: { name: 'Sở Y tế' },
    after: { name: 'Sở Y tế tỉnh', groups: ['các sở', 'ngành y'] },
  });
});
