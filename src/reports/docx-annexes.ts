/**
 * The annexes of the report draft, each a section of its own after the signature:
 * - Phụ lục I: every agency and obligation with its state, submission date, days late and the file it sent (name and
 *   link), on landscape pages;
 * - Phụ lục II: the indicator values by agency and the province's figure, six indicators a table, landscape;
 * - Phụ lục III: the text of every submitted DOCX and PDF, one section per agency in the plan's order, then the files
 *   that could not be read, with the reason.
 *
 * Written as WordprocessingML text and put into the package the `docx` library made for the main part. Why: the
 * annexes of a province run to tens of thousands of cells and paragraphs, and the library's object model took
 * about 20 s for 1,000 agencies × 24 indicators (bench/report.bench.ts), where strings take well under one.
 */
import JSZip from 'jszip';
import type { AgencyStatusRow, CompiledReportData, IndicatorRow } from '../domain/report-compile';
import { formatNumber } from '../domain/vietnamese-format';
import { SIZE } from './docx-parts';
import { dateText, figureText, stateText } from './report-text';

/** Annex titles, also checked by the tests that read the document back. */
export const ANNEXES = {
  status: 'Phụ lục I',
  values: 'Phụ lục II',
  texts: 'Phụ lục III',
} as const;

/** Indicators per table of Phụ lục II: what fits across a landscape A4 page in 11 pt. */
const INDICATORS_PER_TABLE = 6;
/** Width between the landscape margins, twips. */
const LANDSCAPE_WIDTH = 16838 - 2 * 1134;
const HYPERLINK = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink';

// Characters XML 1.0 cannot hold (a PDF's text layer sometimes carries them), then the five escapes.
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
const esc = (s: string) =>
  s
    .replace(NOT_XML, '')
    .replace(/\t+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

interface RunStyle {
  bold?: boolean;
  italic?: boolean;
  size?: number;
  link?: boolean;
}

/** A run; the font is the document default (Times New Roman, docx-export.ts), so only what differs is written. */
function run(text: string, o: RunStyle = {}): string {
  const size = o.size ?? SIZE;
  const props =
    (o.bold ? '<w:b/>' : '') +
    (o.italic ? '<w:i/>' : '') +
    (o.link ? '<w:color w:val="0563C1"/><w:u w:val="single"/>' : '') +
    (size === SIZE ? '' : `<w:sz w:val="${size}"/><w:szCs w:val="${size}"/>`);
  const t = esc(text);
  const space = t !== t.trim() ? ' xml:space="preserve"' : '';
  return `<w:r>${props === '' ? '' : `<w:rPr>${props}</w:rPr>`}<w:t${space}>${t}</w:t></w:r>`;
}

function para(text: string, o: RunStyle & { align?: 'center' | 'both' | 'left' | 'right'; indent?: boolean } = {}) {
  const align = o.align ?? 'both';
  const indent = (o.indent ?? align === 'both') ? '<w:ind w:firstLine="567"/>' : '';
  return (
    `<w:p><w:pPr><w:spacing w:before="60" w:after="60" w:line="300" w:lineRule="auto"/>${indent}` +
    `<w:jc w:val="${align}"/></w:pPr>${text === '' ? '' : run(text, o)}</w:p>`
  );
}

const heading = (text: string) => para(text, { bold: true, indent: true });

type Align = 'center' | 'left' | 'right';

/**
 * Paragraph styles of table cells (11 pt, no spacing), declared in docx-export.ts: a style per alignment keeps
 * each of the annexes' tens of thousands of cells to a few dozen bytes.
 */
export const CELL_STYLES: Record<Align, string> = {
  left: 'AnnexCell',
  center: 'AnnexCellCenter',
  right: 'AnnexCellRight',
};

function cellXml(inner: string, o: { shade?: boolean; align?: Align; width?: number } = {}) {
  const props =
    (o.width === undefined ? '' : `<w:tcW w:w="${o.width}" w:type="dxa"/>`) +
    (o.shade ? '<w:shd w:val="clear" w:color="auto" w:fill="E7EEF7"/><w:vAlign w:val="center"/>' : '');
  return (
    `<w:tc>${props === '' ? '' : `<w:tcPr>${props}</w:tcPr>`}` +
    `<w:p><w:pPr><w:pStyle w:val="${CELL_STYLES[o.align ?? 'left']}"/></w:pPr>${inner}</w:p></w:tc>`
  );
}

const textCell = (text: string, o: { bold?: boolean; shade?: boolean; align?: Align; width?: number } = {}) =>
  cellXml(text === '' ? '' : run(text, { size: SIZE, bold: o.bold }), o);

const BORDER = 'w:val="single" w:sz="4" w:space="0" w:color="000000"';

function table(widths: readonly number[], header: readonly string[], rows: readonly string[]): string {
  const head =
    '<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>' +
    header.map((t, i) => textCell(t, { bold: true, shade: true, align: 'center', width: widths[i] })).join('') +
    '</w:tr>';
  return (
    `<w:tbl><w:tblPr><w:tblW w:w="${widths.reduce((a, b) => a + b, 0)}" w:type="dxa"/>` +
    `<w:tblBorders><w:top ${BORDER}/><w:left ${BORDER}/><w:bottom ${BORDER}/><w:right ${BORDER}/>` +
    `<w:insideH ${BORDER}/><w:insideV ${BORDER}/></w:tblBorders><w:tblLayout w:type="fixed"/>` +
    '<w:tblCellMar><w:top w:w="40" w:type="dxa"/><w:left w:w="80" w:type="dxa"/><w:bottom w:w="40" w:type="dxa"/>' +
    '<w:right w:w="80" w:type="dxa"/></w:tblCellMar></w:tblPr>' +
    `<w:tblGrid>${widths.map((w) => `<w:gridCol w:w="${w}"/>`).join('')}</w:tblGrid>${head}${rows.join('')}</w:tbl>`
  );
}

const ROW_PROPS = '<w:trPr><w:cantSplit/></w:trPr>';
const row = (cells: string) => `<w:tr>${ROW_PROPS}${cells}</w:tr>`;

function annexTitle(report: CompiledReportData, number: string, title: string): string {
  return (
    para(number, { bold: true, align: 'center' }) +
    para(title.toLocaleUpperCase('vi'), { bold: true, align: 'center' }) +
    para(`(Kèm theo Báo cáo tổng hợp năm ${report.year} của ${report.plan.coordinatorName})`, {
      italic: true,
      align: 'center',
    }) +
    para('', { align: 'left' })
  );
}

/** Collects the external links the annexes make, as relationships of the main part. */
class Links {
  readonly rels: { id: string; target: string }[] = [];
  add(target: string): string {
    const id = `rIdAnnex${this.rels.length + 1}`;
    this.rels.push({ id, target });
    return id;
  }
}

function fileCell(r: AgencyStatusRow, links: Links): string {
  if (!r.file) return textCell('–');
  const name = run(r.file.name, { size: SIZE, link: r.file.url !== null });
  return cellXml(r.file.url ? `<w:hyperlink r:id="${links.add(r.file.url)}">${name}</w:hyperlink>` : name);
}

function statusAnnex(report: CompiledReportData, links: Links): string {
  const rows = report.agencies.map((r, i) =>
    row(
      textCell(String(i + 1), { align: 'center' }) +
        textCell(r.agencyName) +
        textCell(r.obligationTitle) +
        textCell(dateText(r.dueDate), { align: 'center' }) +
        textCell(stateText(r)) +
        textCell(r.submittedDate ? dateText(r.submittedDate) : '–', { align: 'center' }) +
        textCell(r.daysLate === null ? '–' : formatNumber(r.daysLate), { align: 'right' }) +
        fileCell(r, links),
    ),
  );
  return (
    annexTitle(report, ANNEXES.status, 'Tình hình gửi báo cáo của các cơ quan, đơn vị') +
    table(
      [500, 3200, 2400, 1300, 1500, 1300, 900, 3400],
      ['TT', 'Cơ quan, đơn vị', 'Báo cáo', 'Hạn gửi', 'Tình trạng', 'Ngày gửi', 'Số ngày muộn', 'Tệp đã gửi'],
      rows,
    )
  );
}

const AGGREGATE_LABELS: Record<IndicatorRow['aggregate'], string> = {
  sum: 'tổng',
  average: 'bình quân',
  rate: 'tỷ lệ',
  none: 'số của cơ quan chủ trì',
};

function valuesTable(report: CompiledReportData, indicators: readonly IndicatorRow[]): string {
  // Agencies that reported any of these values, in plan order (the report's rows are in plan order).
  const named = new Map(report.agencies.map((r) => [r.agencyCode, r.agencyName]));
  const reporting = new Set(indicators.flatMap((i) => i.values.map((v) => v.agencyCode)));
  const agencies = [...new Set([...named.keys(), ...reporting])].filter((c) => reporting.has(c));
  const byIndicator = indicators.map((i) => new Map(i.values.map((v) => [v.agencyCode, v.value])));
  const each = Math.floor((LANDSCAPE_WIDTH - 500 - 3600) / indicators.length);
  const w = [500, 3600, ...indicators.map(() => each)];
  const rows = agencies.map((code, n) =>
    row(
      textCell(String(n + 1), { align: 'center' }) +
        textCell(named.get(code) ?? code) +
        byIndicator.map((m) => textCell(figureText(m.get(code) ?? null), { align: 'right' })).join(''),
    ),
  );
  rows.push(
    row(
      textCell('') +
        textCell('Toàn tỉnh', { bold: true }) +
        indicators
          .map((i) =>
            textCell(`${figureText(i.result)} (${AGGREGATE_LABELS[i.aggregate]})`, { bold: true, align: 'right' }),
          )
          .join(''),
    ),
  );
  return table(w, ['TT', 'Cơ quan, đơn vị', ...indicators.map((i) => `${i.code}. ${i.name} (${i.unit})`)], rows);
}

function valuesAnnex(report: CompiledReportData): string {
  let out = annexTitle(report, ANNEXES.values, 'Số liệu chỉ tiêu theo cơ quan, đơn vị');
  if (report.indicators.length === 0) return out + para('Kế hoạch không đặt chỉ tiêu định lượng.');
  for (let i = 0; i < report.indicators.length; i += INDICATORS_PER_TABLE) {
    if (i > 0) out += para('', { align: 'left' });
    out += valuesTable(report, report.indicators.slice(i, i + INDICATORS_PER_TABLE));
  }
  return out;
}

function textsAnnex(report: CompiledReportData): string {
  const { sections, unreadable } = report.textAnnex;
  const out = [annexTitle(report, ANNEXES.texts, 'Nội dung báo cáo của các cơ quan, đơn vị')];
  if (sections.length === 0) out.push(para('Chưa có tệp báo cáo nào đọc được nội dung.'));
  sections.forEach((s, i) => {
    out.push(heading(`${i + 1}. ${s.agencyName}`));
    for (const d of s.documents) {
      out.push(para(`${d.obligationTitle} (tệp ${d.fileName}):`, { italic: true }));
      for (const text of d.paragraphs) if (text.trim() !== '') out.push(para(text.trim()));
    }
  });
  if (unreadable.length > 0) {
    out.push(heading('Các tệp không đọc được nội dung'));
    for (const u of unreadable)
      out.push(para(`- ${u.agencyName}, ${u.obligationTitle}, tệp ${u.fileName}: ${u.reason}`));
  }
  return out.join('');
}

const LANDSCAPE_BREAK =
  '<w:p><w:pPr><w:sectPr><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>' +
  '<w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" w:header="708" w:footer="708" w:gutter="0"/>' +
  '</w:sectPr></w:pPr></w:p>';

/**
 * Adds the three annexes to a document the `docx` library packed: the main part's section ends where they begin
 * (its page setup copied into a section break), Phụ lục I and II on landscape pages, Phụ lục III on the main
 * part's portrait setup, which stays the body's last section.
 */
export async function appendAnnexes(docx: Buffer, report: CompiledReportData): Promise<Buffer> {
  const zip = await JSZip.loadAsync(docx);
  const docFile = zip.file('word/document.xml');
  const relsFile = zip.file('word/_rels/document.xml.rels');
  if (!docFile || !relsFile) throw new Error('docx package without word/document.xml');
  const [xml, rels] = await Promise.all([docFile.async('string'), relsFile.async('string')]);
  const at = xml.lastIndexOf('<w:sectPr');
  if (at < 0) throw new Error('docx body without a section');
  const mainSection = xml.slice(at, xml.indexOf('</w:sectPr>', at) + '</w:sectPr>'.length);
  const links = new Links();
  const annexXml =
    `<w:p><w:pPr>${mainSection}</w:pPr></w:p>` +
    statusAnnex(report, links) +
    LANDSCAPE_BREAK +
    valuesAnnex(report) +
    LANDSCAPE_BREAK +
    textsAnnex(report);
  zip.file('word/document.xml', xml.slice(0, at) + annexXml + xml.slice(at));
  const relXml = links.rels
    .map((r) => `<Relationship Id="${r.id}" Type="${HYPERLINK}" Target="${esc(r.target)}" TargetMode="External"/>`)
    .join('');
  zip.file('word/_rels/document.xml.rels', rels.replace('</Relationships>', `${relXml}</Relationships>`));
  // Level 1: the XML is repetitive, so fast deflate is nearly as small and several times quicker.
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 1 } });
}
