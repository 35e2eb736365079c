/**
 * Appendix tables. An activity table has a "cơ quan chủ trì" column and a deadline column ("thời hạn hoàn thành");
 * an indicator table has "đơn vị tính" and a target column. Columns are found by their header's words, so their
 * order does not matter; group rows ("I", "Mục tiêu 1: …") name the section of the rows under them; an empty
 * "agency in charge" cell of an indicator belongs to the row above it (the documents merge those cells).
 *
 * Pure: no I/O.
 */
import { fold, type Table, type TableCell } from './document-text';
import { findDeadlinePhrases, parseDeadlineCell, type DatePhrase } from './date-phrases';

export interface ActivityRow {
  id: string;
  title: string;
  result?: string;
  lead?: string;
  cooperating?: string;
  deadline?: DatePhrase;
  /** A deadline phrase inside the activity's own text ("… trước tháng 7 năm 2019"). */
  innerDeadlines: DatePhrase[];
  deadlineText?: string;
  line: number;
  cells: Record<'title' | 'lead' | 'cooperating' | 'deadline', number | undefined>;
}

export interface IndicatorRow {
  code: string;
  goal?: string;
  name: string;
  unit?: string;
  baseline?: { year: number; value: string };
  target?: { year: number; value: string };
  responsible?: string;
  responsibleLine?: number;
  line: number;
}

type Columns = Partial<Record<string, number>>;

function findColumns(header: readonly TableCell[], rules: Record<string, RegExp>): Columns {
  const cols: Columns = {};
  header.forEach((cell, i) => {
    const f = fold(cell.text);
    for (const [name, re] of Object.entries(rules)) {
      if (cols[name] === undefined && re.test(f)) {
        cols[name] = i;
        break;
      }
    }
  });
  return cols;
}

const ACTIVITY_HEADER = {
  tt: /^(?:s?tt|so\s*tt)$/,
  lead: /chu\s*tri/,
  cooperating: /phoi\s*hop/,
  deadline: /thoi\s*han|thoi\s*gian|tien\s*do|hoan\s*thanh/,
  result: /ket\s*qua|san\s*pham/,
  title: /noi\s*dung|hoat\s*dong|nhiem\s*vu/,
};

const INDICATOR_HEADER = {
  tt: /^(?:s?tt|so\s*tt)$/,
  unit: /don\s*vi\s*tinh/,
  baseline: /(?:kq|ket\s*qua|thuc\s*hien)\s*(?:nam\s*)?\d{4}|(?:kq|ket\s*qua)\s*nam\s*\d{4}/,
  target: /(?:kh|ke\s*hoach|muc\s*tieu)\s*(?:nam\s*)?\d{4}/,
  responsible: /chu\s*tri|don\s*vi\s*(?:phu\s*trach|thuc\s*hien)|co\s*quan/,
  name: /chi\s*tieu|muc\s*tieu|noi\s*dung/,
};

const ROMAN = /^(?:[IVXL]+)\.?$/;
const cellText = (row: readonly TableCell[], i: number | undefined) => (i === undefined ? '' : (row[i]?.text ?? ''));

export function activityTables(tables: readonly Table[]): ActivityRow[] {
  const out: ActivityRow[] = [];
  for (const table of tables) {
    const headerAt = table.findIndex((r) => {
      const c = findColumns(r, ACTIVITY_HEADER);
      return c.lead !== undefined && c.deadline !== undefined;
    });
    if (headerAt < 0) continue;
    const header = table[headerAt] ?? [];
    const cols = findColumns(header, ACTIVITY_HEADER);
    const titleCol = cols.title ?? (cols.tt !== undefined ? cols.tt + 1 : 0);
    let section = '';
    for (const row of table.slice(headerAt + 1)) {
      const tt = cellText(row, cols.tt).trim();
      const title = cellText(row, titleCol).trim();
      if (ROMAN.test(tt)) {
        section = tt.replace('.', '');
        continue;
      }
      if (title === '' || cellText(row, cols.lead).trim() === '') continue;
      const deadlineText = cellText(row, cols.deadline).trim();
      const a: ActivityRow = {
        id: section !== '' ? `${section}-${tt || out.length + 1}` : tt || String(out.length + 1),
        title: oneLine(title),
        line: row[titleCol]?.line ?? row[0]?.line ?? 0,
        innerDeadlines: findDeadlinePhrases(title),
        cells: {
          title: row[titleCol]?.line,
          lead: lineOf(row, cols.lead),
          cooperating: lineOf(row, cols.cooperating),
          deadline: lineOf(row, cols.deadline),
        },
      };
      const result = cellText(row, cols.result).trim();
      if (result !== '') a.result = oneLine(result);
      a.lead = oneLine(cellText(row, cols.lead));
      const coop = cellText(row, cols.cooperating).trim();
      if (coop !== '') a.cooperating = oneLine(coop);
      if (deadlineText !== '') {
        a.deadlineText = deadlineText;
        const d = parseDeadlineCell(deadlineText);
        if (d) a.deadline = d;
      }
      out.push(a);
    }
  }
  return out;
}

export function indicatorTables(tables: readonly Table[]): IndicatorRow[] {
  const out: IndicatorRow[] = [];
  for (const table of tables) {
    const headerAt = table.findIndex((r) => {
      const c = findColumns(r, INDICATOR_HEADER);
      return c.unit !== undefined && c.name !== undefined;
    });
    if (headerAt < 0) continue;
    const header = table[headerAt] ?? [];
    const cols = findColumns(header, INDICATOR_HEADER);
    const yearOf = (i: number | undefined) => Number(/\d{4}/.exec(cellText(header, i))?.[0] ?? NaN);
    let goal: string | undefined;
    let goalNo = 0;
    let lastAgency: { text: string; line: number } | undefined;
    for (const row of table.slice(headerAt + 1)) {
      const tt = cellText(row, cols.tt).trim();
      const name = oneLine(cellText(row, cols.name));
      if (ROMAN.test(tt)) {
        goal = name;
        goalNo++;
        lastAgency = undefined;
        continue;
      }
      // A heading indicator ("Hằng năm, … ít nhất 40% cho mỗi giới") has no unit of its own but names its agency.
      if (name === '' || (cellText(row, cols.unit).trim() === '' && cellText(row, cols.responsible).trim() === ''))
        continue;
      const ind: IndicatorRow = {
        code: `MT${goalNo}-${tt || out.length + 1}`,
        name,
        line: row[cols.name ?? 0]?.line ?? 0,
      };
      if (goal !== undefined) ind.goal = goal;
      const unit = oneLine(cellText(row, cols.unit)).replace(/^\((.*)\)$/, '$1');
      if (unit !== '') ind.unit = unit;
      const by = yearOf(cols.baseline);
      const base = cellText(row, cols.baseline).trim();
      if (base !== '' && Number.isFinite(by)) ind.baseline = { year: by, value: oneLine(base) };
      const ty = yearOf(cols.target);
      const target = cellText(row, cols.target).trim();
      if (target !== '' && Number.isFinite(ty)) ind.target = { year: ty, value: oneLine(target) };
      const agency = cellText(row, cols.responsible).trim();
      if (agency !== '') lastAgency = { text: oneLine(agency), line: lineOf(row, cols.responsible) ?? ind.line };
      if (lastAgency) {
        ind.responsible = lastAgency.text;
        ind.responsibleLine = lastAgency.line;
      }
      out.push(ind);
    }
  }
  return out;
}

function lineOf(row: readonly TableCell[], i: number | undefined): number | undefined {
  return i === undefined ? undefined : row[i]?.line;
}

function oneLine(text: string): string {
  return text
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/[;.]\s*$/, '')
    .trim();
}
