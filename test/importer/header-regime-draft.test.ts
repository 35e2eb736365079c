import { fromPlainText, tablesOf } from '../../src/importer/document-text';
import { extractHeader } from '../../src/importer/document-header';
import { extractRegime, undatedReports } from '../../src/importer/reporting-regime';
import { scanAgencies } from '../../src/importer/agency-names';
import { activityTables, indicatorTables } from '../../src/importer/appendix-tables';
import { toDeadlineRule } from '../../src/importer/draft-plan';
import { importPlan } from '../../src/importer/import-plan';

const value = <T>(f: { value: T } | undefined) => f?.value;

describe('document header', () => {
  it('a plan: title, province, horizon; the number and date from its appendix caption', () => {
    const h = extractHeader(
      fromPlainText(
        [
          ' KẾ HOẠCH',
          'TRUYỀN THÔNG VỀ BÌNH ĐẲNG GIỚI TỈNH HÀ TĨNH GIAI ĐOẠN 2016 - 2018',
          'Căn cứ Quyết định số 2351/QĐ-TTg ngày 24/12/2010 của Thủ tướng Chính phủ;',
          '(Kèm theo Kế hoạch số 136 /KH-UBND ngày 21 /8/ 2017 của UBND tỉnh)',
        ].join('\n'),
      ).lines,
    );
    expect(value(h.title)).toBe('Kế hoạch truyền thông về bình đẳng giới tỉnh Hà Tĩnh giai đoạn 2016 - 2018');
    expect(value(h.province)).toBe('Hà Tĩnh');
    expect(value(h.issuer)).toBe('UBND tỉnh Hà Tĩnh');
    expect(value(h.years)).toEqual({ from: 2016, to: 2018 });
    expect(value(h.number)).toBe('136/KH-UBND');
    expect(value(h.issuedOn)).toBe('2017-08-21');
  });

  it('a cited strategy’s period is not the plan’s horizon; the title’s year is', () => {
    const h = extractHeader(
      fromPlainText(
        ' KẾ HOẠCH\nTHỰC HIỆN CÔNG TÁC BÌNH ĐẲNG GIỚI NĂM 2020\nThực hiện Chiến lược quốc gia giai đoạn 2011-2020, ...',
      ).lines,
    );
    expect(value(h.years)).toEqual({ from: 2020, to: 2020 });
  });
});

describe('reporting regime', () => {
  const regime = (text: string) => {
    const lines = fromPlainText(text).lines;
    const agencies = scanAgencies(lines).agencies;
    return extractRegime(lines, agencies, { committee: 'UBND-TINH' }).map((d) => [
      d.kind,
      d.text,
      d.sender,
      d.recipient,
    ]);
  };

  it('the kind from the words next to each phrase; the recipient after "qua / về / gửi"', () => {
    expect(
      regime(
        'Các đơn vị xây dựng Kế hoạch trước ngày 25/3/2020; định kỳ 06 tháng (trước ngày 10/6/2020) và 01 năm (trước ngày 10/12/2020) báo cáo UBND tỉnh thông qua Sở Lao động-Thương binh và Xã hội để tổng hợp.',
      ),
    ).toEqual([
      ['plan', 'trước ngày 25/3/2020', undefined, 'SLDTBXH'],
      ['semi-annual-report', 'trước ngày 10/6/2020', undefined, 'SLDTBXH'],
      ['annual-report', 'trước ngày 10/12/2020', undefined, 'SLDTBXH'],
    ]);
  });

  it('"đối với báo cáo …" after the phrase names its kind', () => {
    expect(
      regime(
        '- Nộp các báo cáo định kỳ trước ngày 30 tháng 5 đối với báo cáo sơ kết 6 tháng và trước ngày 30 tháng 11 đối với báo cáo tổng kết năm.',
      ).map((d) => d[0]),
    ).toEqual(['semi-annual-report', 'annual-report']);
  });

  it('the coordinator’s own deadline to the People’s Committee is a consolidated report', () => {
    expect(
      regime(
        '2. Sở Lao động – Thương binh và Xã hội báo cáo UBND tỉnh kết quả thực hiện Kế hoạch trước ngày 15/12/2020.',
      ),
    ).toEqual([['consolidated-report', 'trước ngày 15/12/2020', 'SLDTBXH', 'UBND-TINH']]);
  });

  it('a report without a date is listed, not dated', () => {
    expect(
      undatedReports(
        fromPlainText('Thực hiện chế độ báo cáo năm, sơ kết, tổng kết gửi Sở Lao động - Thương binh và Xã hội.').lines,
      ),
    ).toEqual([{ text: 'chế độ báo cáo năm, sơ kết, tổng kết gửi Sở', line: 1 }]);
    expect(undatedReports(fromPlainText('Đồn Biên phòng báo cáo hằng quý cho Công an tỉnh.').lines)).toEqual([
      { text: 'báo cáo hằng quý', line: 1 },
    ]);
  });

  it('a review dated by its year only: a report due that year, named after the review', () => {
    const lines = fromPlainText(
      '- Tổ chức hội nghị sơ kết giữa kỳ vào năm 2018 và tổng kết Chiến lược trên địa bàn tỉnh vào năm 2020.',
    ).lines;
    expect(extractRegime(lines, []).map((d) => [d.kind, d.review, d.text, d.rule])).toEqual([
      ['report', 'so-ket', 'vào năm 2018', { type: 'in-years', years: [2018] }],
      ['report', 'tong-ket', 'vào năm 2020', { type: 'in-years', years: [2020] }],
    ]);
    // A span of years is a horizon, not a review's year.
    expect(extractRegime(fromPlainText('Tổng kết giai đoạn vào năm 2016 - 2020.').lines, [])).toEqual([]);
  });
});

describe('appendix tables', () => {
  const doc = fromPlainText(
    [
      '\tTT',
      '\tNội dung hoạt động',
      '\tCơ quan chủ trì',
      '\tThời hạn hoàn thành',
      '',
      '\tI',
      '\tTruyền thông',
      '\tTruyền thông',
      '\tTruyền thông',
      '',
      '\t1',
      '\tTập huấn cán bộ',
      '\tSở Tư pháp',
      '\t2018 và 2020',
      '',
      '',
      '\tTT',
      '\tMỤC TIÊU, CHỈ TIÊU',
      '\tĐơn vị tính',
      '\tKQ năm 2016',
      '\tKH năm 2017',
      '\tĐơn vị chủ trì',
      '',
      '\tI',
      '\tMục tiêu 1',
      '\tMục tiêu 1',
      '\tMục tiêu 1',
      '\tMục tiêu 1',
      '\tMục tiêu 1',
      '',
      '\t1',
      '\tTỷ lệ nữ đại biểu',
      '\t(%)',
      '\t16,21',
      '\t18',
      '\tSở Nội vụ',
      '',
      '\t1.1',
      '\tCấp tỉnh',
      '\t(%)',
      '\t11,3',
      '\t12',
      '\t ',
      '',
    ].join('\n'),
  );

  it('activities: id from the section, lead, deadline cell', () => {
    expect(activityTables(tablesOf(doc)).map((a) => [a.id, a.title, a.lead, a.deadline?.rule])).toEqual([
      ['I-1', 'Tập huấn cán bộ', 'Sở Tư pháp', { type: 'in-years', years: [2018, 2020] }],
    ]);
  });

  it('indicators: unit, baseline, target; an empty agency cell belongs to the row above', () => {
    expect(indicatorTables(tablesOf(doc)).map((i) => [i.code, i.unit, i.baseline, i.target, i.responsible])).toEqual([
      ['MT1-1', '%', { year: 2016, value: '16,21' }, { year: 2017, value: '18' }, 'Sở Nội vụ'],
      ['MT1-1.1', '%', { year: 2016, value: '11,3' }, { year: 2017, value: '12' }, 'Sở Nội vụ'],
    ]);
  });
});

describe('draft rules', () => {
  it('a dated phrase repeats yearly in a one-year plan, happens once in a longer one', () => {
    expect(toDeadlineRule({ type: 'date', day: 25, month: 3, year: 2020 }, { from: 2020, to: 2020 })).toEqual({
      type: 'yearly',
      date: '25/3',
    });
    expect(toDeadlineRule({ type: 'date', day: 1, month: 10, year: 2017 }, { from: 2017, to: 2020 })).toEqual({
      type: 'once',
      date: '2017-10-01',
    });
    expect(toDeadlineRule({ type: 'before-month', month: 7, year: 2019 }, { from: 2017, to: 2020 })).toEqual({
      type: 'once',
      date: '2019-06-30',
    });
    expect(toDeadlineRule({ type: 'before-month', month: 1, year: 2019 }, { from: 2017, to: 2020 })).toEqual({
      type: 'once',
      date: '2018-12-31',
    });
  });

  it('what the document lacks is listed; an unknown coordinator leaves a draft that says why it does not validate', () => {
    const r = importPlan(fromPlainText(' KẾ HOẠCH\nCÔNG TÁC NĂM 2021\nCác đơn vị báo cáo trước ngày 10/6.'));
    expect(r.valid).toBe(false);
    expect(r.missing.map((m) => m.path)).toEqual(['coordinator', 'obligations.bao-cao.from', 'document.issuer']);
    // Empty codes fail their pattern and then their reference: the schema reports both, per field.
    expect(r.problems.map((p) => p.path)).toEqual([
      'coordinator',
      'agencies',
      'obligations[0].to',
      'coordinator',
      'obligations[0].to',
    ]);
  });

  it('a quarterly deadline is four yearly obligations, each with its quarter as the period', () => {
    const r = importPlan(
      fromPlainText(
        ' KẾ HOẠCH\nCÔNG TÁC NĂM 2022\nCông an tỉnh là cơ quan thường trực.\nCác đơn vị báo cáo về Công an tỉnh trước ngày 20 của tháng cuối quý; Công an tỉnh báo cáo UBND tỉnh chậm nhất ngày 10 tháng đầu quý sau.',
      ),
    );
    expect(r.draft.obligations?.map((o) => [o.id, o.to, o.due, o.period?.label])).toEqual([
      ['bao-cao-quy-1', 'CAT', { type: 'yearly', date: '20/3' }, 'Quý I'],
      ['bao-cao-quy-2', 'CAT', { type: 'yearly', date: '20/6' }, 'Quý II'],
      ['bao-cao-quy-3', 'CAT', { type: 'yearly', date: '20/9' }, 'Quý III'],
      ['bao-cao-quy-4', 'CAT', { type: 'yearly', date: '20/12' }, 'Quý IV'],
      ['bao-cao-tong-hop-quy-1', 'UBND-TINH', { type: 'yearly', date: '10/4' }, 'Quý I'],
      ['bao-cao-tong-hop-quy-2', 'UBND-TINH', { type: 'yearly', date: '10/7' }, 'Quý II'],
      ['bao-cao-tong-hop-quy-3', 'UBND-TINH', { type: 'yearly', date: '10/10' }, 'Quý III'],
      ['bao-cao-tong-hop-quy-4', 'UBND-TINH', { type: 'yearly', date: '10/1' }, 'Quý IV'],
    ]);
    expect(r.draft.obligations?.[0]?.period).toEqual({ from: '1/1', to: '31/3', label: 'Quý I' });
    expect(r.problems).toEqual([]);
  });

  it('groups resolve to the province’s own agencies; the sentence’s groups are its audience', () => {
    const text =
      ' KẾ HOẠCH\nCÔNG TÁC NĂM 2021\nSở Nội vụ là cơ quan thường trực.\nCác sở, ban, ngành, UBND các huyện, thị xã, thành phố báo cáo 6 tháng về Sở Nội vụ trước ngày 10/6.\nUBND các huyện, thị xã, thành phố báo cáo năm về Sở Nội vụ trước ngày 10/12.';
    const known = [
      { code: 'SNV', name: 'Sở Nội vụ', kind: 'department' as const },
      { code: 'STC', name: 'Sở Tài chính', kind: 'department' as const },
      { code: 'H1', name: 'UBND huyện Một', kind: 'district' as const },
      { code: 'H2', name: 'UBND huyện Hai', kind: 'district' as const },
      { code: 'X1', name: 'UBND xã Một', kind: 'commune' as const },
    ];
    const r = importPlan(fromPlainText(text), { known });
    expect(r.draft.groups).toEqual({
      'so-ban-nganh': ['STC'],
      'huyen-thi-xa-thanh-pho': ['H1', 'H2'],
      'don-vi-bao-cao': ['STC', 'H1', 'H2'],
    });
    expect(r.draft.obligations?.map((o) => [o.id, o.from])).toEqual([
      ['bao-cao-6-thang', 'don-vi-bao-cao'],
      ['bao-cao-nam', 'huyen-thi-xa-thanh-pho'],
    ]);
    expect(r.missing.filter((m) => m.path.startsWith('groups') || m.path.endsWith('.from'))).toEqual([]);
    expect(r.problems).toEqual([]);
    // Without the province's agencies the groups have no members: "all", and the draft says so.
    const bare = importPlan(fromPlainText(text));
    expect(bare.draft.groups).toBeUndefined();
    expect(bare.draft.obligations?.map((o) => o.from)).toEqual(['all', 'all']);
    expect(bare.missing.map((m) => m.path)).toEqual(
      expect.arrayContaining(['groups.departments', 'groups.districts', 'obligations.bao-cao-6-thang.from']),
    );
  });

  it('nothing after a truncation is taken', () => {
    const r = importPlan(
      fromPlainText(
        ' KẾ HOẠCH\nCÔNG TÁC NĂM 2021\nBáo cáo 6 tháng gửi Sở Nội vụ trước ngày 10/6.\n[...]\nBáo cáo năm trước ngày 10/12.',
      ),
    );
    expect(r.items.filter((i) => i.kind === 'deadline').map((i) => i.value)).toEqual(['10/6']);
    expect(r.missing.find((m) => m.path === '(document)')?.line).toBe(4);
  });
});
