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
    expect(r.missing.map((m) => m.path)).toEqual(['coordinator', 'document.issuer']);
    // Empty codes fail their pattern and then their reference: the schema reports both, per field.
    expect(r.problems.map((p) => p.path)).toEqual([
      'coordinator',
      'agencies',
      'obligations[0].to',
      'coordinator',
      'obligations[0].to',
    ]);
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
