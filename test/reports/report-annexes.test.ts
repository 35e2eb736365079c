/**
 * The consolidated report gathers what agencies sent: a cycle of 30 agencies, 20 of which uploaded a report (10 DOCX,
 * 8 PDF made by LibreOffice, a scan without a text layer and a password-protected PDF). Against real PostgreSQL, the
 * real web app over HTTP and LibreOffice: compile, read the DOCX back (Phụ lục I lists all 30 with state, date, days
 * late and file name and link; Phụ lục II the values and the province's figure; Phụ lục III each readable report's
 * text under its agency, in the plan's order, and the two unreadable files with the reason), follow a file link as a
 * signed-in reader, and render the draft to PDF.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';
import JSZip from 'jszip';
import { PlanSchema, type Plan } from '../../src/domain/plan-schema';
import { ANNEXES } from '../../src/reports/docx-annexes';
import { storePlanOnly } from '../../src/services/plan-service';
import { compileAndStore } from '../../src/services/report-service';
import { createUser } from '../../src/services/user-service';
import { SESSION_COOKIE } from '../../src/web/auth';
import { startLightWebApp, type LightWebApp } from '../support/light-web-app';

const ROOT = path.resolve(__dirname, '../..');
const CORPUS = path.join(ROOT, 'test/fixtures/import-corpus/files');
const AS_OF = new Date('2026-12-10T09:00:00+07:00');
const codes = Array.from({ length: 30 }, (_, i) => `DV${String(i + 1).padStart(2, '0')}`);
/** The plan lists the agencies in reverse code order: the annex must follow the plan, not the codes. */
const planOrder = [...codes].reverse();
const nameOf = (code: string) => `UBND xã Thử Nghiệm ${code.slice(2)}`;
/** A sentence only this agency's report contains. */
const marker = (code: string) =>
  `Kết quả riêng của đơn vị ${code}: đã tổ chức ${Number(code.slice(2)) * 3} hội nghị tuyên truyền.`;

const DOCX_AGENCIES = codes.slice(0, 10);
const PDF_AGENCIES = codes.slice(10, 18);
const SCANNED = codes[18] ?? '';
const ENCRYPTED = codes[19] ?? '';

let w: LightWebApp;
let dataDir: string;
let plan: Plan;
const submissionIds = new Map<string, string>();
const uploaded = new Map<string, Buffer>();

function makePlan(): Plan {
  return PlanSchema.parse({
    code: 'PHU-LUC-2026',
    title: 'Kế hoạch thử nghiệm phụ lục báo cáo năm 2026',
    document: { number: '15/KH-UBND' },
    years: { from: 2026, to: 2026 },
    coordinator: 'SNV',
    committee: 'UBND',
    agencies: [
      { code: 'UBND', name: 'Ủy ban nhân dân tỉnh', kind: 'committee' },
      { code: 'SNV', name: 'Sở Nội vụ', kind: 'department' },
      ...planOrder.map((code) => ({ code, name: nameOf(code), kind: 'commune' })),
    ],
    groups: { xa: planOrder },
    obligations: [
      {
        id: 'bc-nam',
        title: 'Báo cáo năm',
        kind: 'annual-report',
        from: 'xa',
        to: 'SNV',
        due: { type: 'yearly', date: '30/11' },
      },
    ],
    indicators: [
      { code: 'CT1', name: 'Số hội nghị tuyên truyền', unit: 'hội nghị', aggregate: 'sum', targets: { '2026': 500 } },
    ],
  });
}

/** An agency's report as a DOCX: a heading, two paragraphs (one its marker) and a small table. */
async function agencyDocx(code: string): Promise<Buffer> {
  const run = (text: string) => new Paragraph({ children: [new TextRun(text)] });
  const doc = new Document({
    sections: [
      {
        children: [
          run(`BÁO CÁO KẾT QUẢ THỰC HIỆN NĂM 2026 CỦA ${nameOf(code).toLocaleUpperCase('vi')}`),
          run(marker(code)),
          run('Khó khăn: kinh phí còn hạn chế.'),
          new Table({
            rows: [
              new TableRow({ children: ['Nội dung', 'Số lượng'].map((t) => new TableCell({ children: [run(t)] })) }),
              new TableRow({
                children: ['Hội nghị', String(Number(code.slice(2)) * 3)].map(
                  (t) => new TableCell({ children: [run(t)] }),
                ),
              }),
            ],
          }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

async function submit(code: string, content: Buffer, ext: 'docx' | 'pdf', fileName: string, at: string) {
  const a = await w.db.prisma.assignment.findFirstOrThrow({ where: { planCode: plan.code, agencyCode: code } });
  const relative = path.join(plan.code, '2026', 'bc-nam', code, `${randomUUID()}.${ext}`);
  const absolute = path.join(dataDir, 'uploads', relative);
  fs.mkdirSync(path.dirname(absolute), { recursive: true });
  fs.writeFileSync(absolute, content);
  const id = randomUUID();
  const late = at > '2026-12-01';
  await w.db.prisma.assignment.update({
    where: { id: a.id },
    data: { state: late ? 'late' : 'submitted', submittedAt: new Date(at) },
  });
  await w.db.prisma.submission.create({
    data: {
      id,
      assignmentId: a.id,
      receivedAt: new Date(at),
      channel: 'web',
      fileName,
      filePath: relative,
      contentType:
        ext === 'pdf' ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      fileSize: content.length,
      sha256: createHash('sha256').update(content).digest('hex'),
      recordedBy: 'link',
    },
  });
  await w.db.prisma.indicatorValue.create({
    data: {
      planCode: plan.code,
      year: 2026,
      indicatorCode: 'CT1',
      agencyCode: code,
      value: Number(code.slice(2)) * 3,
      submissionId: id,
    },
  });
  submissionIds.set(code, id);
  uploaded.set(code, content);
}

/** The document's paragraphs in order, and every table row as its cells' text. */
async function readDocx(bytes: Buffer) {
  const zip = await JSZip.loadAsync(bytes);
  const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
  const rels = (await zip.file('word/_rels/document.xml.rels')?.async('string')) ?? '';
  const unescape = (s: string) =>
    s
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&');
  const textOf = (fragment: string) =>
    unescape([...fragment.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1] ?? '').join(''));
  const paragraphs = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) => textOf(m[0]));
  const rows = [...xml.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((tr) => ({
    cells: [...tr[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((tc) => textOf(tc[0])),
    links: [...tr[0].matchAll(/<w:hyperlink [^>]*r:id="([^"]+)"/g)].map((m) => {
      const target = new RegExp(`Id="${m[1]}"[^>]*Target="([^"]+)"`).exec(rels)?.[1];
      return unescape(target ?? '');
    }),
  }));
  return { paragraphs, rows };
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nhac-han-annex-'));
  w = await startLightWebApp({ dataDir });
  plan = makePlan();
  await storePlanOnly(w.db.prisma, plan, new Date('2026-01-02T00:00:00+07:00'));

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'nhac-han-annex-src-'));
  for (const code of [...DOCX_AGENCIES, ...PDF_AGENCIES])
    fs.writeFileSync(path.join(work, `${code}.docx`), await agencyDocx(code));
  // Agencies' PDFs as a word processor writes them: LibreOffice, one run for all eight.
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'lo-profile-'));
  execFileSync(
    'soffice',
    [
      `-env:UserInstallation=file://${profile}`,
      '--headless',
      '--convert-to',
      'pdf',
      '--outdir',
      work,
      ...PDF_AGENCIES.map((c) => path.join(work, `${c}.docx`)),
    ],
    { stdio: 'ignore', timeout: 180_000 },
  );
  fs.rmSync(profile, { recursive: true, force: true });

  for (const [i, code] of DOCX_AGENCIES.entries())
    await submit(
      code,
      fs.readFileSync(path.join(work, `${code}.docx`)),
      'docx',
      `Báo cáo năm 2026 – ${code}.docx`,
      `2026-11-${String(20 + i).padStart(2, '0')}T10:00:00+07:00`,
    );
  for (const code of PDF_AGENCIES)
    await submit(
      code,
      fs.readFileSync(path.join(work, `${code}.pdf`)),
      'pdf',
      `bao-cao-${code}.pdf`,
      '2026-12-03T10:00:00+07:00',
    );
  await submit(
    SCANNED,
    fs.readFileSync(path.join(CORPUS, 'no-text-layer.pdf')),
    'pdf',
    'ban-scan.pdf',
    '2026-11-25T10:00:00+07:00',
  );
  await submit(
    ENCRYPTED,
    fs.readFileSync(path.join(CORPUS, 'encrypted.pdf')),
    'pdf',
    'co-mat-khau.pdf',
    '2026-11-26T10:00:00+07:00',
  );
  fs.rmSync(work, { recursive: true, force: true });
}, 300_000);

afterAll(async () => {
  await w?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('the consolidated report of 30 agencies, 20 with files', () => {
  let docx: Buffer;
  let doc: Awaited<ReturnType<typeof readDocx>>;

  beforeAll(async () => {
    const { buffers } = await compileAndStore(
      { prisma: w.db.prisma, dataDir, baseUrl: w.url },
      { planCode: plan.code, year: 2026, asOf: AS_OF },
      { trigger: 'manual', formats: ['docx'] },
    );
    docx = buffers.docx as Buffer;
    doc = await readDocx(docx);
  }, 180_000);

  it('lists every agency in Phụ lục I with state, submission date, days late and its file (name and link)', () => {
    const start = doc.paragraphs.indexOf(ANNEXES.status);
    expect(start).toBeGreaterThan(0);
    const annexRows = doc.rows.filter((r) => r.cells.length === 8 && /^\d+$/.test(r.cells[0] ?? ''));
    expect(annexRows.map((r) => r.cells[1])).toEqual(planOrder.map(nameOf));
    const row = (code: string) => annexRows.find((r) => r.cells[1] === nameOf(code));
    expect(row('DV01')?.cells.slice(2)).toEqual([
      'Báo cáo năm',
      '30/11/2026',
      'Đã nộp',
      '20/11/2026',
      '0',
      'Báo cáo năm 2026 – DV01.docx',
    ]);
    expect(row('DV01')?.links).toEqual([`${w.url}/submissions/${submissionIds.get('DV01')}/file`]);
    expect(row('DV11')?.cells.slice(4)).toEqual(['Nộp muộn', '3/12/2026', '3', 'bao-cao-DV11.pdf']);
    expect(row('DV30')?.cells.slice(4)).toEqual(['Quá hạn', '–', '10', '–']);
    expect(row('DV30')?.links).toEqual([]);
  });

  it('gives the indicator values by agency and the province’s figure in Phụ lục II', () => {
    expect(doc.paragraphs.indexOf(ANNEXES.values)).toBeGreaterThan(doc.paragraphs.indexOf(ANNEXES.status));
    const valueRows = doc.rows.filter((r) => r.cells.length === 3);
    expect(valueRows[0]?.cells[2]).toBe('CT1. Số hội nghị tuyên truyền (hội nghị)');
    // 20 agencies reported, in plan order (DV20 first), then the province: 3 × (1 + … + 20) = 630.
    expect(valueRows.slice(1, 21).map((r) => r.cells[1])).toEqual(planOrder.slice(10).map(nameOf));
    expect(valueRows.find((r) => r.cells[1] === nameOf('DV07'))?.cells[2]).toBe('21');
    expect(valueRows[21]?.cells.slice(1)).toEqual(['Toàn tỉnh', '630 (tổng)']);
  });

  it('gathers each readable report’s text under its agency in Phụ lục III, in the plan’s order', () => {
    const start = doc.paragraphs.indexOf(ANNEXES.texts);
    expect(start).toBeGreaterThan(doc.paragraphs.indexOf(ANNEXES.values));
    const annex = doc.paragraphs.slice(start);
    const readable = [...DOCX_AGENCIES, ...PDF_AGENCIES];
    const inPlanOrder = planOrder.filter((c) => readable.includes(c));
    const headings = annex.filter((t) => /^\d+\. UBND xã/.test(t));
    expect(headings).toEqual(inPlanOrder.map((c, i) => `${i + 1}. ${nameOf(c)}`));
    for (const [i, code] of inPlanOrder.entries()) {
      const from = annex.indexOf(`${i + 1}. ${nameOf(code)}`);
      const next =
        i + 1 < inPlanOrder.length ? annex.indexOf(`${i + 2}. ${nameOf(inPlanOrder[i + 1] ?? '')}`) : annex.length;
      const section = annex.slice(from, next);
      expect([code, section.some((t) => t.includes(marker(code)))]).toEqual([code, true]);
      // Only its own text: no other agency's marker in its section.
      expect(section.filter((t) => t.startsWith('Kết quả riêng của đơn vị'))).toHaveLength(1);
    }
    // A DOCX table row reads as one line.
    const firstDocx = inPlanOrder.find((c) => DOCX_AGENCIES.includes(c)) ?? '';
    const from = annex.indexOf(`${inPlanOrder.indexOf(firstDocx) + 1}. ${nameOf(firstDocx)}`);
    expect(annex.slice(from, from + 8)).toContain(`Hội nghị | ${Number(firstDocx.slice(2)) * 3}`);
  });

  it('lists the files it could not read, with the reason', () => {
    const annex = doc.paragraphs.slice(doc.paragraphs.indexOf(ANNEXES.texts));
    const at = annex.indexOf('Các tệp không đọc được nội dung');
    expect(at).toBeGreaterThan(0);
    expect(annex.slice(at + 1, at + 3)).toEqual([
      `- ${nameOf(ENCRYPTED)}, Báo cáo năm, tệp co-mat-khau.pdf: tệp được bảo vệ bằng mật khẩu`,
      `- ${nameOf(SCANNED)}, Báo cáo năm, tệp ban-scan.pdf: tệp PDF là bản quét, không có lớp chữ (cần nhận dạng chữ OCR)`,
    ]);
  });

  it('serves a file link to a signed-in reader, with the agency’s bytes, and not to anyone signed out', async () => {
    const url = `${w.url}/submissions/${submissionIds.get('DV11')}/file`;
    const anonymous = await fetch(url, { redirect: 'manual' });
    expect(anonymous.status === 401 || anonymous.status === 303).toBe(true);
    const viewer = await createUser(w.db.prisma, {
      email: 'xem@so.gov.vn',
      role: 'viewer',
      password: 'mat-khau-du-dai-123',
    });
    const token = randomBytes(32).toString('base64url');
    await w.db.prisma.session.create({
      data: {
        id: createHash('sha256').update(token).digest('hex'),
        userId: viewer.id,
        csrfToken: 'x',
        expiresAt: new Date(Date.now() + 3600_000),
      },
    });
    const res = await fetch(url, { headers: { cookie: `${SESSION_COOKIE}=${token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toContain('bao-cao-DV11.pdf');
    expect(Buffer.from(await res.arrayBuffer()).equals(uploaded.get('DV11') as Buffer)).toBe(true);
  });

  it('renders through LibreOffice to PDF with every annex', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'nhac-han-annex-pdf-'));
    fs.writeFileSync(path.join(out, 'bao-cao.docx'), docx);
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'lo-profile-'));
    execFileSync(
      'soffice',
      [
        `-env:UserInstallation=file://${profile}`,
        '--headless',
        '--convert-to',
        'pdf',
        '--outdir',
        out,
        path.join(out, 'bao-cao.docx'),
      ],
      { stdio: 'ignore', timeout: 180_000 },
    );
    fs.rmSync(profile, { recursive: true, force: true });
    const text = execFileSync('pdftotext', ['-layout', path.join(out, 'bao-cao.pdf'), '-']).toString();
    fs.copyFileSync(path.join(out, 'bao-cao.pdf'), '/tmp/report-annexes.pdf');
    fs.rmSync(out, { recursive: true, force: true });
    for (const s of [
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'I. TÌNH HÌNH TRIỂN KHAI',
      ANNEXES.status,
      ANNEXES.values,
      ANNEXES.texts,
    ])
      expect(text).toContain(s);
    expect(text).toContain(marker('DV05'));
  });
});
