import { PlanSchema, type PlanInput } from '../../src/domain/plan-schema';
import {
  aggregateIndicator,
  compileReport,
  type CompileInput,
  type ReportAssignment,
} from '../../src/domain/report-compile';

const planInput: PlanInput = {
  code: 'T-RPT',
  title: 'Kế hoạch thử nghiệm báo cáo',
  document: { number: '12/KH-UBND', issuer: 'UBND tỉnh Thử' },
  years: { from: 2025, to: 2026 },
  coordinator: 'SNV',
  committee: 'UBND',
  agencies: [
    { code: 'UBND', name: 'Ủy ban nhân dân tỉnh', kind: 'committee' },
    { code: 'SNV', name: 'Sở Nội vụ', kind: 'department' },
    { code: 'SYT', name: 'Sở Y tế', kind: 'department' },
    { code: 'SGD', name: 'Sở Giáo dục và Đào tạo', kind: 'department' },
    { code: 'XA1', name: 'UBND xã Một', kind: 'commune' },
  ],
  obligations: [
    {
      id: 'bc-nam',
      title: 'Báo cáo năm',
      kind: 'annual-report',
      from: 'all',
      to: 'SNV',
      due: { type: 'yearly', date: '10/12' },
    },
    {
      id: 'bc-6t',
      title: 'Báo cáo 6 tháng',
      kind: 'semi-annual-report',
      from: 'all',
      to: 'SNV',
      due: { type: 'yearly', date: '10/6' },
    },
    {
      id: 'tong-hop',
      title: 'Báo cáo tổng hợp',
      kind: 'consolidated-report',
      from: ['SNV'],
      to: 'UBND',
      due: { type: 'yearly', date: '15/12' },
      gathers: ['bc-nam'],
    },
  ],
  campaigns: [
    {
      id: 'thd',
      name: 'Tháng hành động vì bình đẳng giới',
      window: { from: '15/11', to: '15/12' },
      participants: 'all',
      resultsReport: { title: 'Báo cáo kết quả Tháng hành động', due: { type: 'yearly', date: '20/12' }, to: 'SNV' },
    },
  ],
  indicators: [
    { code: 'CT1', name: 'Số lớp tập huấn', unit: 'lớp', targets: { '2026': 20 }, baseline: { year: 2025, value: 12 } },
    { code: 'CT2', name: 'Tỷ lệ nữ lãnh đạo', unit: '%', aggregate: 'average', targets: { '2026': 40 } },
    { code: 'CT3', name: 'Đơn vị có cán bộ chuyên trách', unit: '%', aggregate: 'rate', targets: { '2026': 100 } },
    { code: 'NU', name: 'Số nữ được đào tạo', unit: 'người' },
    { code: 'TONG', name: 'Số người được đào tạo', unit: 'người' },
    {
      code: 'CT4',
      name: 'Tỷ lệ nữ được đào tạo',
      unit: '%',
      aggregate: 'rate',
      rateOf: { numerator: 'NU', denominator: 'TONG' },
      targets: { '2026': 50 },
    },
    {
      code: 'CT5',
      name: 'Tỷ số giới tính khi sinh',
      unit: 'bé trai/100 bé gái',
      aggregate: 'none',
      responsible: 'SYT',
      targets: { '2026': '<115/100' },
      baseline: { year: 2025, value: '113/100' },
    },
  ],
};
const plan = PlanSchema.parse(planInput);

const due = (date: string) => ({ dueDate: date, dueAt: `${date}T23:59:00+07:00` });
const assignment = (
  obligationId: string,
  agencyCode: string,
  state: ReportAssignment['state'],
  dueDate: string,
  submittedAt: string | null = null,
): ReportAssignment => ({ obligationId, agencyCode, state, ...due(dueDate), submittedAt });

function baseInput(overrides: Partial<CompileInput> = {}): CompileInput {
  return {
    plan,
    year: 2026,
    asOf: '2026-12-15T09:00:00+07:00',
    assignments: [
      assignment('bc-nam', 'SYT', 'submitted', '2026-12-10', '2026-12-08T10:00:00+07:00'),
      assignment('bc-nam', 'SGD', 'late', '2026-12-10', '2026-12-12T16:00:00+07:00'),
      assignment('bc-nam', 'XA1', 'escalated', '2026-12-10'),
      assignment('bc-6t', 'SYT', 'submitted', '2026-06-10', '2026-06-09T10:00:00+07:00'),
      assignment('bc-6t', 'SGD', 'pending', '2026-06-10'),
      assignment('bc-6t', 'XA1', 'excused', '2026-06-10'),
      assignment('tong-hop', 'SNV', 'pending', '2026-12-15'),
      assignment('thd-results', 'SYT', 'submitted', '2026-12-21', '2026-12-14T10:00:00+07:00'),
      assignment('thd-results', 'SGD', 'pending', '2026-12-21'),
      assignment('thd-results', 'XA1', 'pending', '2026-12-21'),
    ],
    submissions: [
      { obligationId: 'bc-nam', agencyCode: 'SYT', receivedAt: '2026-12-08T10:00:00+07:00', channel: 'web' },
      { obligationId: 'bc-nam', agencyCode: 'SYT', receivedAt: '2026-12-09T10:00:00+07:00', channel: 'web' },
      { obligationId: 'bc-nam', agencyCode: 'SGD', receivedAt: '2026-12-12T16:00:00+07:00', channel: 'paper' },
    ],
    values: [
      { indicatorCode: 'CT1', agencyCode: 'SGD', value: 5 },
      { indicatorCode: 'CT1', agencyCode: 'SYT', value: 7.5 },
      { indicatorCode: 'CT2', agencyCode: 'SYT', value: 30 },
      { indicatorCode: 'CT2', agencyCode: 'SGD', value: 50 },
      { indicatorCode: 'CT3', agencyCode: 'SYT', value: 1 },
      { indicatorCode: 'CT3', agencyCode: 'SGD', value: 0 },
      { indicatorCode: 'CT3', agencyCode: 'XA1', value: 1 },
      { indicatorCode: 'NU', agencyCode: 'SYT', value: 30 },
      { indicatorCode: 'NU', agencyCode: 'SGD', value: 10 },
      { indicatorCode: 'TONG', agencyCode: 'SYT', value: 50 },
      { indicatorCode: 'TONG', agencyCode: 'SGD', value: 50 },
      { indicatorCode: 'CT5', agencyCode: 'SYT', value: 112 },
      { indicatorCode: 'CT5', agencyCode: 'SGD', value: 999 },
    ],
    previousValues: [{ indicatorCode: 'CT2', agencyCode: 'SYT', value: 25 }],
    ...overrides,
  };
}

describe('compileReport: agencies', () => {
  const report = compileReport(baseInput());

  it('covers every obligation of the year except the consolidated ones, in plan order', () => {
    expect(report.obligations.map((o) => o.id)).toEqual(['bc-nam', 'bc-6t', 'thd-results']);
    expect(report.agencies.some((r) => r.obligationId === 'tong-hop')).toBe(false);
    expect(report.agencies.slice(0, 3).map((r) => r.agencyCode)).toEqual(['SYT', 'SGD', 'XA1']);
  });

  it('gives each agency its state, submission date, submissions and days late', () => {
    const row = (o: string, a: string) => report.agencies.find((r) => r.obligationId === o && r.agencyCode === a);
    expect(row('bc-nam', 'SYT')).toMatchObject({
      agencyName: 'Sở Y tế',
      obligationTitle: 'Báo cáo năm',
      state: 'submitted',
      submittedDate: '2026-12-08',
      submissions: 2,
      daysLate: 0,
    });
    expect(row('bc-nam', 'SGD')).toMatchObject({ state: 'late', submittedDate: '2026-12-12', daysLate: 2 });
    expect(row('bc-nam', 'XA1')).toMatchObject({ state: 'escalated', submittedDate: null, daysLate: 5 });
    // pending past its deadline reads overdue, counted to asOf's local date
    expect(row('bc-6t', 'SGD')).toMatchObject({ state: 'overdue', daysLate: 188 });
    expect(row('bc-6t', 'XA1')).toMatchObject({ state: 'excused', daysLate: null });
    // not yet due
    expect(row('thd-results', 'SGD')).toMatchObject({ state: 'pending', daysLate: null });
  });

  it('counts the totals', () => {
    expect(report.totals).toEqual({ expected: 9, onTime: 3, late: 1, overdue: 2, pending: 2, excused: 1 });
  });

  it('lists the overdue agencies, most days late first', () => {
    expect(report.overdue.map((r) => [r.obligationId, r.agencyCode, r.daysLate])).toEqual([
      ['bc-6t', 'SGD', 188],
      ['bc-nam', 'XA1', 5],
    ]);
  });

  it('counts days late on local dates: a submission at 00:30 in Hà Nội is the next day', () => {
    const r = compileReport(
      baseInput({
        assignments: [assignment('bc-nam', 'SYT', 'late', '2026-12-10', '2026-12-10T17:30:00Z')],
        submissions: [],
      }),
    );
    expect(r.agencies[0]).toMatchObject({ submittedDate: '2026-12-11', daysLate: 1 });
  });

  it('uses the gathered obligations for a consolidated obligation, and one obligation when asked', () => {
    expect(compileReport(baseInput({ obligationId: 'tong-hop' })).obligations.map((o) => o.id)).toEqual(['bc-nam']);
    const six = compileReport(baseInput({ obligationId: 'bc-6t' }));
    expect(six.agencies.map((r) => r.agencyCode)).toEqual(['SYT', 'SGD', 'XA1']);
    expect(six.obligations).toEqual([{ id: 'bc-6t', title: 'Báo cáo 6 tháng', dueDate: '2026-06-10' }]);
  });

  it('refuses an unknown obligation', () => {
    expect(() => compileReport(baseInput({ obligationId: 'nope' }))).toThrow(
      'Không có nghĩa vụ "nope" / unknown obligation "nope"',
    );
  });

  it('refuses an asOf that is not an instant', () => {
    expect(() => compileReport(baseInput({ asOf: 'hôm nay' }))).toThrow('asOf is not an ISO instant');
  });

  it('states the plan and the people it goes to', () => {
    expect(report.plan).toEqual({
      code: 'T-RPT',
      title: 'Kế hoạch thử nghiệm báo cáo',
      documentNumber: '12/KH-UBND',
      issuer: 'UBND tỉnh Thử',
      coordinatorName: 'Sở Nội vụ',
      committeeName: 'Ủy ban nhân dân tỉnh',
    });
    expect(report.asOfDate).toBe('2026-12-15');
  });
});

describe('compileReport: indicators', () => {
  const report = compileReport(baseInput());
  const ind = (code: string) => {
    const found = report.indicators.find((i) => i.code === code);
    if (!found) throw new Error(`no indicator ${code}`);
    return found;
  };

  it('sums by default, with previous result from the baseline and achievement against the target', () => {
    expect(ind('CT1')).toMatchObject({
      unit: 'lớp',
      aggregate: 'sum',
      previous: 12,
      target: 20,
      result: 12.5,
      achievementPercent: 62.5,
      values: [
        { agencyCode: 'SYT', value: 7.5 },
        { agencyCode: 'SGD', value: 5 },
      ],
    });
  });

  it("averages, with the previous year from last year's values", () => {
    expect(ind('CT2')).toMatchObject({ previous: 25, target: 40, result: 40, achievementPercent: 100 });
  });

  it('rates without rateOf as the share of agencies reporting non-zero', () => {
    expect(ind('CT3').result).toBeCloseTo(66.667, 3);
  });

  it('rates with rateOf as 100 × Σ numerator ÷ Σ denominator', () => {
    expect(ind('CT4')).toMatchObject({ result: 40, achievementPercent: 80 });
  });

  it("takes the responsible agency's figure for aggregate none, and keeps text targets", () => {
    expect(ind('CT5')).toMatchObject({
      result: 112,
      target: '<115/100',
      previous: '113/100',
      achievementPercent: null,
      responsibleName: 'Sở Y tế',
    });
  });

  it('leaves result null when nothing was reported, and previous null without a baseline of last year', () => {
    const empty = compileReport(baseInput({ values: [], previousValues: [] }));
    const ct1 = empty.indicators.find((i) => i.code === 'CT1');
    expect(ct1).toMatchObject({ result: null, achievementPercent: null, previous: 12 });
    expect(empty.indicators.find((i) => i.code === 'CT2')).toMatchObject({ previous: null, result: null });
    const next = compileReport(baseInput({ year: 2025 }));
    expect(next.indicators.find((i) => i.code === 'CT1')).toMatchObject({ previous: null, target: null });
  });
});

describe('aggregateIndicator', () => {
  const v = (...values: number[]) => values.map((value, i) => ({ agencyCode: `A${i}`, value }));

  it.each([
    ['sum', v(1, 2, 3.5), 6.5],
    ['sum', v(), null],
    ['average', v(1, 2, 3), 2],
    ['average', v(), null],
    ['rate', v(1, 0, 0, 1), 50],
    ['rate', v(), null],
    ['none', v(7), 7],
    ['none', v(7, 8), null],
  ] as const)('%s of %j is %p', (aggregate, values, expected) => {
    expect(aggregateIndicator({ aggregate }, values)).toBe(expected);
  });

  it('none prefers the responsible agency', () => {
    expect(aggregateIndicator({ aggregate: 'none', responsible: 'A1' }, v(7, 8))).toBe(8);
  });

  it('a rate over a zero denominator is null', () => {
    expect(
      aggregateIndicator({ aggregate: 'rate', rateOf: { numerator: 'N', denominator: 'D' } }, [], (c) =>
        c === 'N' ? v(3) : v(0),
      ),
    ).toBeNull();
  });

  it('ignores non-finite values', () => {
    expect(aggregateIndicator({ aggregate: 'sum' }, v(1, Number.NaN, 2))).toBe(3);
  });
});

describe('plan schema: rateOf', () => {
  it('must name known indicators and go with aggregate rate', () => {
    const bad = PlanSchema.safeParse({
      ...planInput,
      indicators: [{ code: 'X', name: 'x', unit: '%', aggregate: 'sum', rateOf: { numerator: 'Y', denominator: 'X' } }],
    });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      'indicators.0.rateOf: rateOf chỉ dùng với aggregate: rate / rateOf needs aggregate: rate',
      'indicators.0.rateOf.numerator: không có chỉ tiêu mã "Y" / unknown indicator "Y"',
    ]);
  });
});
