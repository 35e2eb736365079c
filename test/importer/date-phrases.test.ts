import { fold, fromPlainText, tablesOf } from '../../src/importer/document-text';
import { findDateMentions, findDeadlinePhrases, parseDeadlineCell } from '../../src/importer/date-phrases';

const rules = (line: string) => findDeadlinePhrases(line).map((p) => [p.text, p.rule]);

describe('fold', () => {
  it('drops diacritics and case, one character per character', () => {
    expect(fold('Trước ngày Đến ƯỚC')).toBe('truoc ngay den uoc');
    const s = 'Sở LĐ-TB&XH trước ngày 25/3';
    expect(fold(s)).toHaveLength(s.length);
  });
});

describe('deadline phrases', () => {
  it('quarterly: the day of the quarter’s last month, or of the next quarter’s first', () => {
    expect(rules('định kỳ hằng quý báo cáo trước ngày 20 của tháng cuối quý')).toEqual([
      ['trước ngày 20 của tháng cuối quý', { type: 'quarterly', day: 20, month: 'last' }],
    ]);
    expect(rules('báo cáo quý chậm nhất ngày 10 tháng đầu quý sau')).toEqual([
      ['chậm nhất ngày 10 tháng đầu quý sau', { type: 'quarterly', day: 10, month: 'next-first' }],
    ]);
    expect(rules('Báo cáo quý gửi trướcngày 15 của tháng cuối của quý.')).toEqual([
      ['trướcngày 15 của tháng cuối của quý', { type: 'quarterly', day: 15, month: 'last' }],
    ]);
    // "hằng quý" alone gives no day: no phrase (the regime lists it as undated).
    expect(rules('Các đơn vị báo cáo hằng quý cho Công an tỉnh.')).toEqual([]);
  });

  it('the forms of the documents', () => {
    expect(rules('chủ động xây dựng Kế hoạch trước ngày 25/3/2020;')).toEqual([
      ['trước ngày 25/3/2020', { type: 'date', day: 25, month: 3, year: 2020, inclusive: false }],
    ]);
    expect(rules('định kỳ 06 tháng (trước ngày 10/6) và 01 năm (trước ngày 10/12)')).toEqual([
      ['trước ngày 10/6', { type: 'date', day: 10, month: 6, inclusive: false }],
      ['trước ngày 10/12', { type: 'date', day: 10, month: 12, inclusive: false }],
    ]);
    expect(rules('Báo cáo 6 tháng trước ngày 30 tháng 5, báo cáo năm trước ngày 30 tháng 11 năm 2014')).toEqual([
      ['trước ngày 30 tháng 5', { type: 'date', day: 30, month: 5, inclusive: false }],
      ['trước ngày 30 tháng 11 năm 2014', { type: 'date', day: 30, month: 11, year: 2014, inclusive: false }],
    ]);
    expect(rules('định kỳ 6 tháng (vào tuần cuối tháng 6)')).toEqual([
      ['vào tuần cuối tháng 6', { type: 'last-week-of-month', month: 6 }],
    ]);
    expect(rules('Báo cáo định kỳ lần thứ 9 trước tháng 7 năm 2019')).toEqual([
      ['trước tháng 7 năm 2019', { type: 'before-month', month: 7, year: 2019 }],
    ]);
    expect(rules('gửi chậm nhất ngày 13-10 hằng năm')).toEqual([
      ['chậm nhất ngày 13-10', { type: 'date', day: 13, month: 10 }],
    ]);
    expect(rules('hạn chót là ngày 20.10.2021')).toEqual([
      ['hạn chót là ngày 20.10.2021', { type: 'date', day: 20, month: 10, year: 2021 }],
    ]);
  });

  it('typos and glued words', () => {
    expect(rules('gửi truớc ngày 31/3/2021')[0]?.[1]).toEqual({
      type: 'date',
      day: 31,
      month: 3,
      year: 2021,
      inclusive: false,
    });
    expect(rules('gửi trướcngày 15/6')[0]?.[1]).toEqual({ type: 'date', day: 15, month: 6, inclusive: false });
    expect(rules('gửi trươc  ngày 15 tháng 11')[0]?.[1]).toEqual({
      type: 'date',
      day: 15,
      month: 11,
      inclusive: false,
    });
    expect(rules('Kèm theo Kế hoạch số 136 /KH-UBND ngày 21 /8/ 2017')).toEqual([]);
  });

  it('no cue, no deadline; impossible dates are no dates', () => {
    expect(rules('Quyết định số 1696/QĐ-TTg ngày 02/10/2015')).toEqual([]);
    expect(rules('trước ngày 31/2')).toEqual([]);
    expect(rules('trước ngày 29/2/2019')).toEqual([]);
    expect(rules('trước ngày 29/2/2020')[0]?.[1]).toEqual({
      type: 'date',
      day: 29,
      month: 2,
      year: 2020,
      inclusive: false,
    });
    expect(rules('giai đoạn 2016-2020')).toEqual([]);
  });
});

describe('deadline cells of appendix tables', () => {
  const cell = (t: string) => parseDeadlineCell(t)?.rule ?? null;
  it('years, lists of years, every year, dates', () => {
    expect(cell('2018')).toEqual({ type: 'in-years', years: [2018] });
    expect(cell('2018 và 2020')).toEqual({ type: 'in-years', years: [2018, 2020] });
    expect(cell('2017, 2019')).toEqual({ type: 'in-years', years: [2017, 2019] });
    expect(cell('Hàng năm')).toEqual({ type: 'every-year' });
    expect(cell('hằng năm')).toEqual({ type: 'every-year' });
    expect(cell('30/6/2019')).toEqual({ type: 'date', day: 30, month: 6, year: 2019 });
    expect(cell('trước tháng 7 năm 2019')).toEqual({ type: 'before-month', month: 7, year: 2019 });
    expect(cell('Quý IV')).toBeNull();
    expect(cell('Thường xuyên')).toBeNull();
  });
});

describe('date mentions', () => {
  it('numbers that are not dates are left alone', () => {
    expect(findDateMentions('Mục 2.1, tỷ lệ 52/100.000, 113/100, 16,21').map((m) => m.text)).toEqual([]);
    expect(findDateMentions('ngày 13-10 và ngày 22 tháng 7 năm 2016').map((m) => m.text)).toEqual([
      '13-10',
      '22 tháng 7 năm 2016',
    ]);
  });
});

describe('plain text with the seeds’ tables', () => {
  it('cells keep their row and column; a continued cell keeps its first line', () => {
    const doc = fromPlainText(
      [
        'Tiêu đề',
        '\tTT',
        '\tNội dung',
        '',
        '\t1',
        '\tDòng một',
        'tiếp theo',
        '',
        '',
        'Văn xuôi',
        '\t KT. CHỦ TỊCH',
      ].join('\n'),
    );
    expect(tablesOf(doc)).toEqual([
      [
        [
          { text: 'TT', line: 2 },
          { text: 'Nội dung', line: 3 },
        ],
        [
          { text: '1', line: 5 },
          { text: 'Dòng một\ntiếp theo', line: 6 },
        ],
      ],
    ]);
    expect(doc.lines.filter((l) => !l.cell).map((l) => [l.line, l.text])).toEqual([
      [1, 'Tiêu đề'],
      [10, 'Văn xuôi'],
      [11, 'KT. CHỦ TỊCH'],
    ]);
  });
});
