/**
 * The consolidated report (báo cáo tổng hợp) as data: who reported, who is late, what the indicators add up to.
 *
 * Pure: no I/O and no clock. The caller loads the rows and passes `asOf`, the instant the report speaks for, so the
 * same input always compiles to the same report (tests fix it; the service passes "now"). Exporters in
 * `src/reports/` turn the result into XLSX, DOCX and CSV.
 */
import type { AssignmentState } from './assignment-state';
import { localDateOf } from './business-time';
import { calendarObligations } from './plan-calendar';
import { resolveAudience, type Indicator, type Plan } from './plan-schema';
import {
  buildTextAnnex,
  submissionFileUrl,
  type SubmissionText,
  type SubmittedFile,
  type TextAnnex,
} from './report-annex';

/** An assignment row as stored (dates as ISO strings, so the input is plain JSON). */
export interface ReportAssignment {
  obligationId: string;
  agencyCode: string;
  state: AssignmentState;
  /** Legal due date, `YYYY-MM-DD` (Asia/Ho_Chi_Minh). */
  dueDate: string;
  /** The instant the deadline ends, ISO-8601. */
  dueAt: string;
  /** When the report was received, ISO-8601, or null. */
  submittedAt: string | null;
  /** The successor's name when the agency was merged while this obligation was open; it answers for it now. */
  successorName?: string | null;
}

export interface ReportSubmission {
  obligationId: string;
  agencyCode: string;
  receivedAt: string;
  channel: string;
  fileName?: string | null;
  /** The submission's id, for the link to its file. (Default: none, no link.) */
  id?: string;
  /** Whether a file is stored for it (a paper submission may name a file it does not carry). (Default: false.) */
  hasFile?: boolean;
}

export interface ReportIndicatorValue {
  indicatorCode: string;
  agencyCode: string;
  value: number;
}

export interface CompileInput {
  plan: Plan;
  year: number;
  /** The instant the report speaks for: "overdue" and "days late" are counted up to its local date. */
  asOf: string;
  /**
   * One obligation's report; a `consolidated-report` obligation stands for the obligations it `gathers`.
   * (Default: every obligation of the year except the consolidated ones, which are the coordinator's own.)
   */
  obligationId?: string;
  assignments: readonly ReportAssignment[];
  submissions: readonly ReportSubmission[];
  values: readonly ReportIndicatorValue[];
  /** Values of `year - 1`, for the "previous year's result" column. (Default: none; the baseline is used.) */
  previousValues?: readonly ReportIndicatorValue[];
  /** The text read from submitted files, for the text annex. (Default: none, an empty annex.) */
  texts?: readonly SubmissionText[];
  /** `APP_BASE_URL`, for links to submitted files. (Default: none; files are named without a link.) */
  baseUrl?: string;
}

export interface AgencyStatusRow {
  agencyCode: string;
  agencyName: string;
  obligationId: string;
  obligationTitle: string;
  /** The stored state, except that a `pending` row whose deadline has passed at `asOf` reads `overdue`. */
  state: AssignmentState;
  dueDate: string;
  /** Local date the report was received (`YYYY-MM-DD`), or null. */
  submittedDate: string | null;
  /** Submissions received for this row (a resubmission counts). */
  submissions: number;
  /**
   * Calendar days after the due date: until the submission for a late one, until `asOf` for one still missing;
   * 0 for on time; null when not yet due or excused.
   */
  daysLate: number | null;
  /** The file of the newest submission that carried one, or null. */
  file: SubmittedFile | null;
}

export type IndicatorFigure = number | string | null;

export interface IndicatorRow {
  code: string;
  goal: string | null;
  name: string;
  unit: string;
  aggregate: Indicator['aggregate'];
  responsibleCode: string | null;
  responsibleName: string | null;
  /** Previous year's result: the aggregate of `previousValues`, else the plan's baseline of `year - 1`. */
  previous: IndicatorFigure;
  /** The year's target (kế hoạch năm) from the plan; text targets ("<52/100.000") are kept as written. */
  target: IndicatorFigure;
  /** What each agency reported, in plan order. */
  values: { agencyCode: string; value: number }[];
  /** The province's figure by the indicator's aggregate; null when nothing usable was reported. */
  result: number | null;
  /** result ÷ target × 100 when both are numbers and the target is not 0; else null. */
  achievementPercent: number | null;
}

export interface CampaignRow {
  id: string;
  name: string;
  /** The window in the report's year, `YYYY-MM-DD`. */
  from: string;
  to: string;
  participants: number;
  /** With a results report: how many sent it, and who has not (names, plan order). */
  resultsReport: { title: string; expected: number; submitted: number; missing: string[] } | null;
}

export interface ReportTotals {
  /** Assignments in the report. */
  expected: number;
  onTime: number;
  late: number;
  /** Past due and not received (overdue or escalated). */
  overdue: number;
  /** Not yet due. */
  pending: number;
  excused: number;
}

export interface CompiledReportData {
  plan: {
    code: string;
    title: string;
    documentNumber: string | null;
    issuer: string | null;
    coordinatorName: string;
    committeeName: string | null;
  };
  year: number;
  asOf: string;
  /** Local date of `asOf`. */
  asOfDate: string;
  /** The obligations the report covers, in plan order. */
  obligations: { id: string; title: string; dueDate: string | null }[];
  agencies: AgencyStatusRow[];
  indicators: IndicatorRow[];
  campaigns: CampaignRow[];
  /** Rows past due and not received, most days late first: the list for the People's Committee. */
  overdue: AgencyStatusRow[];
  totals: ReportTotals;
  /** The text of every submitted file, one section per agency in plan order, and the files that could not be read. */
  textAnnex: TextAnnex;
}

const DAY_MS = 86_400_000;

function daysBetween(fromDate: string, toDate: string): number {
  return Math.round((Date.parse(`${toDate}T00:00:00Z`) - Date.parse(`${fromDate}T00:00:00Z`)) / DAY_MS);
}

function dayMonthIn(year: number, dm: string): string {
  const [d, m] = dm.split('/').map(Number);
  return `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The indicator's figure from agencies' values (see `aggregate` and `rateOf` in the plan schema). */
export function aggregateIndicator(
  indicator: Pick<Indicator, 'aggregate' | 'rateOf' | 'responsible'>,
  values: readonly { agencyCode: string; value: number }[],
  valuesOf: (code: string) => readonly { agencyCode: string; value: number }[] = () => [],
): number | null {
  const finite = values.filter((v) => Number.isFinite(v.value));
  switch (indicator.aggregate) {
    case 'sum':
      return finite.length === 0 ? null : finite.reduce((s, v) => s + v.value, 0);
    case 'average':
      return finite.length === 0 ? null : finite.reduce((s, v) => s + v.value, 0) / finite.length;
    case 'rate': {
      if (indicator.rateOf) {
        const sum = (code: string) => valuesOf(code).reduce((s, v) => s + (Number.isFinite(v.value) ? v.value : 0), 0);
        const denominator = sum(indicator.rateOf.denominator);
        return denominator === 0 ? null : (100 * sum(indicator.rateOf.numerator)) / denominator;
      }
      return finite.length === 0 ? null : (100 * finite.filter((v) => v.value !== 0).length) / finite.length;
    }
    case 'none': {
      // One provincial figure: the responsible agency's, or the only one reported.
      const own = finite.find((v) => v.agencyCode === indicator.responsible);
      if (own) return own.value;
      return finite.length === 1 ? (finite[0]?.value ?? null) : null;
    }
  }
}

function groupValues(rows: readonly ReportIndicatorValue[]): Map<string, { agencyCode: string; value: number }[]> {
  const out = new Map<string, { agencyCode: string; value: number }[]>();
  for (const r of rows) {
    let list = out.get(r.indicatorCode);
    if (!list) out.set(r.indicatorCode, (list = []));
    list.push({ agencyCode: r.agencyCode, value: r.value });
  }
  return out;
}

/** Compiles the consolidated report of a plan-year (or of one obligation) at `asOf`. */
export function compileReport(input: CompileInput): CompiledReportData {
  const { plan, year } = input;
  const asOfDate = localDateOf(input.asOf);
  const asOfMs = Date.parse(input.asOf);
  if (!Number.isFinite(asOfMs) || asOfDate === '') throw new RangeError(`asOf is not an ISO instant: ${input.asOf}`);

  const agencyOrder = new Map(plan.agencies.map((a, i) => [a.code, i]));
  const names = new Map(plan.agencies.map((a) => [a.code, a.name]));
  const nameOf = (code: string) => names.get(code) ?? code;

  // Which obligations the report covers.
  const all = calendarObligations(plan);
  const consolidated = new Set(plan.obligations.filter((o) => o.kind === 'consolidated-report').map((o) => o.id));
  let scope: string[];
  if (input.obligationId !== undefined) {
    const o = plan.obligations.find((x) => x.id === input.obligationId);
    if (o?.kind === 'consolidated-report' && (o.gathers ?? []).length > 0) scope = [...(o.gathers ?? [])];
    else if (all.some((x) => x.id === input.obligationId)) scope = [input.obligationId];
    else throw new RangeError(`Không có nghĩa vụ "${input.obligationId}" / unknown obligation "${input.obligationId}"`);
  } else {
    scope = all.map((o) => o.id).filter((id) => !consolidated.has(id));
  }
  const inScope = new Set(scope);
  const obligationOrder = new Map(scope.map((id, i) => [id, i]));
  const titleOf = (id: string) => all.find((o) => o.id === id)?.title ?? id;

  const submissionCount = new Map<string, number>();
  const newestFile = new Map<string, ReportSubmission>();
  for (const s of input.submissions) {
    const k = `${s.obligationId}\u0000${s.agencyCode}`;
    submissionCount.set(k, (submissionCount.get(k) ?? 0) + 1);
    const seen = newestFile.get(k);
    if (s.fileName && (!seen || Date.parse(s.receivedAt) > Date.parse(seen.receivedAt))) newestFile.set(k, s);
  }
  const fileOf = (k: string): SubmittedFile | null => {
    const s = newestFile.get(k);
    if (!s?.fileName) return null;
    const url = input.baseUrl && s.id && s.hasFile ? submissionFileUrl(input.baseUrl, s.id) : null;
    return { name: s.fileName, url };
  };

  const agencies: AgencyStatusRow[] = [];
  for (const a of input.assignments) {
    if (!inScope.has(a.obligationId)) continue;
    const pastDue = Date.parse(a.dueAt) < asOfMs;
    const state: AssignmentState = a.state === 'pending' && pastDue ? 'overdue' : a.state;
    const submittedDate = a.submittedAt ? localDateOf(a.submittedAt) : null;
    let daysLate: number | null = null;
    if (state === 'excused') daysLate = null;
    else if (submittedDate !== null) daysLate = Math.max(0, daysBetween(a.dueDate, submittedDate));
    else if (pastDue) daysLate = Math.max(0, daysBetween(a.dueDate, asOfDate));
    agencies.push({
      agencyCode: a.agencyCode,
      agencyName: a.successorName ? `${a.successorName} (trước đây: ${nameOf(a.agencyCode)})` : nameOf(a.agencyCode),
      obligationId: a.obligationId,
      obligationTitle: titleOf(a.obligationId),
      state,
      dueDate: a.dueDate,
      submittedDate,
      submissions: submissionCount.get(`${a.obligationId}\u0000${a.agencyCode}`) ?? 0,
      daysLate,
      file: fileOf(`${a.obligationId}\u0000${a.agencyCode}`),
    });
  }
  const rank = (m: Map<string, number>, k: string) => m.get(k) ?? Number.MAX_SAFE_INTEGER;
  agencies.sort(
    (x, y) =>
      rank(obligationOrder, x.obligationId) - rank(obligationOrder, y.obligationId) ||
      rank(agencyOrder, x.agencyCode) - rank(agencyOrder, y.agencyCode) ||
      x.agencyCode.localeCompare(y.agencyCode),
  );

  const obligations = scope.map((id) => {
    const dates = agencies.filter((r) => r.obligationId === id).map((r) => r.dueDate);
    return { id, title: titleOf(id), dueDate: dates.length > 0 ? dates.reduce((a, b) => (a > b ? a : b)) : null };
  });

  const totals: ReportTotals = { expected: agencies.length, onTime: 0, late: 0, overdue: 0, pending: 0, excused: 0 };
  for (const r of agencies) {
    if (r.state === 'excused') totals.excused++;
    else if (r.submittedDate !== null) {
      if ((r.daysLate ?? 0) > 0 || r.state === 'late') totals.late++;
      else totals.onTime++;
    } else if (r.state === 'overdue' || r.state === 'escalated') totals.overdue++;
    else totals.pending++;
  }
  const overdue = agencies
    .filter((r) => r.submittedDate === null && (r.state === 'overdue' || r.state === 'escalated'))
    .sort((x, y) => (y.daysLate ?? 0) - (x.daysLate ?? 0));

  // Indicators.
  const current = groupValues(input.values);
  const previous = groupValues(input.previousValues ?? []);
  const inPlanOrder = (list: { agencyCode: string; value: number }[] | undefined) =>
    [...(list ?? [])].sort((x, y) => rank(agencyOrder, x.agencyCode) - rank(agencyOrder, y.agencyCode));
  const indicators: IndicatorRow[] = plan.indicators.map((ind) => {
    const values = inPlanOrder(current.get(ind.code));
    const result = aggregateIndicator(ind, values, (c) => current.get(c) ?? []);
    const prevValues = previous.get(ind.code) ?? [];
    let prev: IndicatorFigure = null;
    if (prevValues.length > 0 || (ind.rateOf && (previous.get(ind.rateOf.denominator) ?? []).length > 0)) {
      prev = aggregateIndicator(ind, prevValues, (c) => previous.get(c) ?? []);
    }
    if (prev === null && ind.baseline && ind.baseline.year === year - 1) prev = ind.baseline.value;
    const target = ind.targets[String(year)] ?? null;
    const achievementPercent =
      result !== null && typeof target === 'number' && target !== 0 ? (result / target) * 100 : null;
    return {
      code: ind.code,
      goal: ind.goal ?? null,
      name: ind.name,
      unit: ind.unit,
      aggregate: ind.aggregate,
      responsibleCode: ind.responsible ?? null,
      responsibleName: ind.responsible ? nameOf(ind.responsible) : null,
      previous: prev,
      target,
      values,
      result,
      achievementPercent,
    };
  });

  // Campaigns.
  const campaigns: CampaignRow[] = plan.campaigns.map((c) => {
    const participants = resolveAudience(plan, c.participants);
    let resultsReport: CampaignRow['resultsReport'] = null;
    if (c.resultsReport) {
      const id = `${c.id}-results`;
      const rows = input.assignments.filter((a) => a.obligationId === id);
      const sent = new Set(rows.filter((a) => a.submittedAt !== null).map((a) => a.agencyCode));
      const expected = rows.filter((a) => a.state !== 'excused').map((a) => a.agencyCode);
      resultsReport = {
        title: c.resultsReport.title,
        expected: expected.length,
        submitted: expected.filter((code) => sent.has(code)).length,
        missing: expected
          .filter((code) => !sent.has(code))
          .sort((x, y) => rank(agencyOrder, x) - rank(agencyOrder, y))
          .map(nameOf),
      };
    }
    return {
      id: c.id,
      name: c.name,
      from: dayMonthIn(year, c.window.from),
      to: dayMonthIn(year, c.window.to),
      participants: participants.length,
      resultsReport,
    };
  });

  return {
    plan: {
      code: plan.code,
      title: plan.title,
      documentNumber: plan.document.number ?? null,
      issuer: plan.document.issuer ?? null,
      coordinatorName: nameOf(plan.coordinator),
      committeeName: plan.committee ? nameOf(plan.committee) : null,
    },
    year,
    asOf: input.asOf,
    asOfDate,
    obligations,
    agencies,
    indicators,
    campaigns,
    overdue,
    totals,
    textAnnex: buildTextAnnex(input.texts ?? [], scope, agencyOrder, nameOf, titleOf),
  };
}
