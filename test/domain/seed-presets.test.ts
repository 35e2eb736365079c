/**
 * The five seed documents as plan presets under plans/: every file parses, and the dates the calendar computes are
 * the ones the documents state (with the legal roll-forward where the stated day is off).
 */
import fs from 'node:fs';
import path from 'node:path';

import { parsePlanText } from '../../src/domain/plan-file';
import { planCalendar, type CalendarItem } from '../../src/domain/plan-calendar';
import { resolveAudience, type Plan } from '../../src/domain/plan-schema';

const PLANS_DIR = path.join(__dirname, '..', '..', 'plans');
const planFiles = fs
  .readdirSync(PLANS_DIR)
  .filter((f) => /\.(ya?ml|json)$/.test(f))
  .sort();

function load(file: string): Plan {
  const result = parsePlanText(fs.readFileSync(path.join(PLANS_DIR, file), 'utf8'));
  if (!result.ok) throw new Error(`${file}:\n${result.problems.map((p) => `${p.path}: ${p.message}`).join('\n')}`);
  return result.plan;
}

/** The single date triple of an obligation in a year: every agency of an obligation shares it. */
function datesOf(plan: Plan, obligation: string, year: number) {
  const items = planCalendar(plan, { year }).filter((i) => i.obligation === obligation);
  if (items.length === 0) throw new Error(`no instance of ${obligation} in ${year}`);
  const shapes = new Set(items.map((i) => JSON.stringify(pick(i))));
  expect(shapes.size).toBe(1);
  return pick(items[0] as CalendarItem);
}

function pick(i: CalendarItem) {
  return {
    statedDate: i.statedDate,
    dueDate: i.dueDate,
    rolled: i.rolled,
    rolledBecause: i.rolledBecause,
    windowOpens: i.windowOpens,
  };
}

describe('plans/ presets', () => {
  it('holds the five seed presets', () => {
    expect(planFiles).toEqual([
      'lang-son-bdg-2017-2020.yaml',
      'nghe-an-bdg-2017.yaml',
      'thua-thien-hue-binh-dang-gioi-2020.yaml',
      'thua-thien-hue-cedaw-2017-2020.yaml',
      'vinh-long-bdg-2014.yaml',
    ]);
  });

  it.each(planFiles)('%s parses and validates', (file) => {
    const result = parsePlanText(fs.readFileSync(path.join(PLANS_DIR, file), 'utf8'));
    expect(result.ok ? [] : result.problems).toEqual([]);
  });

  it.each(planFiles)('%s: committee is UBND tỉnh, coordinator is Sở LĐ-TB&XH, contacts are placeholders', (file) => {
    const plan = load(file);
    expect(plan.committee).toBe('UBND-TINH');
    expect(plan.agencies.find((a) => a.code === 'UBND-TINH')?.kind).toBe('committee');
    expect(plan.coordinator).toBe('SLDTBXH');
    for (const agency of plan.agencies) {
      expect(agency.contacts).toHaveLength(1);
      expect(agency.contacts[0]?.email).toMatch(/^dau-moi@[a-z0-9.-]+\.example\.vn$/);
    }
  });

  // The flag follows the document's words, kept in `stated`: "trước ngày X" excludes X; "chậm nhất", "đến", "vào
  // ngày X" include it; a rule the document gives no day for keeps the default.
  it.each(planFiles)('%s: every dated rule is inclusive exactly unless its wording says "trước ngày"', (file) => {
    const plan = load(file);
    const rules = [
      ...plan.obligations.map((o) => ({ id: o.id, stated: o.stated ?? '', due: o.due })),
      ...plan.activities.flatMap((a) => (a.due ? [{ id: a.id, stated: a.stated ?? '', due: a.due }] : [])),
    ];
    for (const r of rules) {
      const inclusive = 'inclusive' in r.due ? r.due.inclusive : undefined;
      const before = /trước ngày/i.test(r.stated);
      expect([r.id, inclusive === false]).toEqual([r.id, before]);
      if (/(chậm nhất|đến|vào) ngày/i.test(r.stated)) expect([r.id, inclusive]).toEqual([r.id, true]);
    }
  });

  it.each(planFiles)('%s: every obligation has somebody to report and a stated wording', (file) => {
    const plan = load(file);
    for (const o of plan.obligations) {
      expect(resolveAudience(plan, o.from).length).toBeGreaterThan(0);
      expect(o.stated).toEqual(expect.any(String));
    }
  });
});

describe('Thừa Thiên Huế, KH 136/KH-UBND (CEDAW 2017–2020)', () => {
  const plan = load('thua-thien-hue-cedaw-2017-2020.yaml');

  it('has the document metadata and years', () => {
    expect(plan.document).toMatchObject({ number: '136/KH-UBND', issuedOn: '2017-08-21' });
    expect(plan.years).toEqual({ from: 2017, to: 2020 });
  });

  it('"trước ngày 01/10/2017" ends on Saturday 30/9, a day off, so it is due on Monday 2/10/2017, from every implementing agency', () => {
    expect(datesOf(plan, 'bao-cao-ket-qua-2017', 2017)).toEqual({
      statedDate: '2017-10-01',
      dueDate: '2017-10-02',
      rolled: 'weekend',
      rolledBecause: '30/9/2017 là Thứ Bảy',
      windowOpens: null,
    });
    const item = planCalendar(plan).find((i) => i.obligation === 'bao-cao-ket-qua-2017');
    expect(item?.skippedDays).toEqual([
      { date: '2017-09-30', name: 'Thứ Bảy' },
      { date: '2017-10-01', name: 'Chủ nhật' },
    ]);
    expect(item?.dueExplanation).toBe(
      '“Trước ngày 1/10/2017” không gồm ngày 1/10/2017: ngày cuối cùng của hạn, 30/9/2017, là Thứ Bảy; theo Bộ luật ' +
        'Dân sự 2015, Điều 148 khoản 5, hạn kết thúc vào cuối ngày làm việc tiếp theo: thứ Hai, ngày 2/10/2017. Bỏ ' +
        'qua 2 ngày nghỉ: Thứ Bảy 30/9/2017, Chủ nhật 1/10/2017.',
    );
    const agencies = planCalendar(plan)
      .filter((i) => i.obligation === 'bao-cao-ket-qua-2017')
      .map((i) => i.agency);
    expect(agencies).toHaveLength(19);
    expect(agencies).toEqual(expect.arrayContaining(['STP', 'CAT', 'CTK', 'UBND-TPHUE', 'UBND-ALUOI']));
    expect(agencies).not.toContain('SLDTBXH');
    expect(planCalendar(plan).find((i) => i.obligation === 'bao-cao-ket-qua-2017')?.to).toBe('SLDTBXH');
  });

  it('has every appendix activity (IV.3 split in two) with its lead and stated deadline', () => {
    expect(plan.activities.map((a) => a.id)).toEqual([
      'I-1',
      'I-2',
      'I-3',
      'I-4',
      'I-5',
      'I-6',
      'II-1',
      'II-2',
      'II-3',
      'III-1',
      'III-2',
      'III-3',
      'III-4',
      'IV-1',
      'IV-2',
      'IV-3a',
      'IV-3b',
    ]);
    const byId = new Map(plan.activities.map((a) => [a.id, a]));
    expect(byId.get('I-1')).toMatchObject({ lead: 'STP', cooperating: ['SVHTTDL'], stated: '2018' });
    expect(byId.get('I-1')?.due).toEqual({ type: 'in-years', years: [2018] });
    expect(byId.get('I-3')).toMatchObject({ lead: 'SLDTBXH', stated: 'Hàng năm', due: { type: 'every-year' } });
    expect(byId.get('II-2')).toMatchObject({ lead: 'SYT', cooperating: ['STTTT', 'SGDDT', 'CDYT'] });
    expect(byId.get('II-3')).toMatchObject({ lead: 'SGDDT', stated: '2018 và 2020' });
    expect(byId.get('II-3')?.due).toEqual({ type: 'in-years', years: [2018, 2020] });
    expect(byId.get('I-6')).toMatchObject({
      lead: 'CTK',
      expectedResult: 'Phát hành ấn phẩm, số liệu thống kê giới của tỉnh',
    });
    expect(byId.get('III-3')).toMatchObject({ lead: 'CAT', due: { type: 'in-years', years: [2019] } });
    expect(byId.get('IV-2')).toMatchObject({ lead: 'STNMT' });
    expect(byId.get('IV-3b')?.due).toEqual({ type: 'once', date: '2019-06-30', inclusive: true });
  });

  it.each([
    // [obligation, year, stated, due, rolled]
    ['activity-I-1', 2018, '2018-12-31', '2019-01-02', 'holiday'],
    ['activity-I-2', 2019, '2019-12-31', '2019-12-31', null],
    ['activity-I-3', 2017, '2017-12-31', '2018-01-02', 'weekend'],
    ['activity-I-3', 2018, '2018-12-31', '2019-01-02', 'holiday'],
    ['activity-I-3', 2019, '2019-12-31', '2019-12-31', null],
    ['activity-I-3', 2020, '2020-12-31', '2020-12-31', null],
    ['activity-II-3', 2018, '2018-12-31', '2019-01-02', 'holiday'],
    ['activity-II-3', 2020, '2020-12-31', '2020-12-31', null],
    ['activity-IV-3a', 2017, '2017-12-31', '2018-01-02', 'weekend'],
    ['activity-IV-3b', 2019, '2019-06-30', '2019-07-01', 'weekend'],
  ] as const)('%s in %d: stated %s, due %s (%s)', (obligation, year, stated, due, rolled) => {
    const d = datesOf(plan, obligation, year);
    expect([d.statedDate, d.dueDate, d.rolled]).toEqual([stated, due, rolled]);
  });

  it('"Hàng năm" 2017 is due Tuesday 2/1/2018, after 30/12–1/1: one more reminder the morning offices reopen', () => {
    const item = planCalendar(plan, { year: 2017 }).find((i) => i.obligation === 'activity-I-3');
    expect(item?.reminderSteps.map((r) => [r.step, r.at, r.kind])).toEqual([
      ['reminder:P7D', '2017-12-26T08:00:00+07:00', 'upcoming'],
      ['reminder:P3D', '2017-12-29T08:00:00+07:00', 'upcoming'],
      ['reminder:after-break:2018-01-02', '2018-01-02T08:00:00+07:00', 'due-today'],
    ]);
  });

  it('"trước tháng 7 năm 2019" keeps 30/6/2019 as its (inclusive) last day: a Sunday, so due Monday 1/7', () => {
    expect(plan.activities.find((a) => a.id === 'IV-3b')?.due).toEqual({
      type: 'once',
      date: '2019-06-30',
      inclusive: true,
    });
  });

  it('the in-years activities fall only in their years and every-year ones in all four', () => {
    const years = (o: string) => [
      ...new Set(
        planCalendar(plan)
          .filter((i) => i.obligation === o)
          .map((i) => i.year),
      ),
    ];
    expect(years('activity-II-3')).toEqual([2018, 2020]);
    expect(years('activity-I-3')).toEqual([2017, 2018, 2019, 2020]);
    expect(years('activity-IV-3b')).toEqual([2019]);
  });
});

describe('Thừa Thiên Huế, bình đẳng giới năm 2020', () => {
  const plan = load('thua-thien-hue-binh-dang-gioi-2020.yaml');

  // Each says "trước ngày X": X itself is not in time, the day before (a working day each time) is the last day.
  it.each([
    ['ke-hoach-2020', '2020-03-25', '2020-03-24'],
    ['bao-cao-6-thang', '2020-06-10', '2020-06-09'],
    ['bao-cao-nam', '2020-12-10', '2020-12-09'],
    ['bao-cao-tong-hop', '2020-12-15', '2020-12-14'],
  ])('%s "trước ngày %s" is due on %s (the day before, no roll)', (obligation, stated, due) => {
    expect(datesOf(plan, obligation, 2020)).toEqual({
      statedDate: stated,
      dueDate: due,
      rolled: null,
      rolledBecause: null,
      windowOpens: null,
    });
  });

  it('explains the exclusive reading with the law', () => {
    expect(planCalendar(plan).find((i) => i.obligation === 'ke-hoach-2020')?.dueExplanation).toBe(
      '“Trước ngày 25/3/2020” không gồm ngày 25/3/2020: ngày cuối cùng của hạn là thứ Ba, ngày 24/3/2020; hạn kết ' +
        'thúc vào cuối ngày đó (Bộ luật Dân sự 2015, Điều 148 khoản 1).',
    );
  });

  it('units report to Sở LĐ-TB&XH; Sở LĐ-TB&XH consolidates to UBND tỉnh, gathering the annual reports', () => {
    const items = planCalendar(plan);
    const units = items.filter((i) => i.obligation === 'bao-cao-nam');
    expect(units).toHaveLength(22);
    expect(new Set(units.map((i) => i.to))).toEqual(new Set(['SLDTBXH']));
    const consolidated = items.filter((i) => i.obligation === 'bao-cao-tong-hop');
    expect(consolidated.map((i) => [i.agency, i.to])).toEqual([['SLDTBXH', 'UBND-TINH']]);
    expect(plan.obligations.find((o) => o.id === 'bao-cao-tong-hop')?.gathers).toEqual(['bao-cao-nam']);
  });

  it('carries the Nghị định 09/2019 reporting periods', () => {
    expect(planCalendar(plan).find((i) => i.obligation === 'bao-cao-6-thang')?.period).toEqual({
      from: '15/12/2019',
      to: '14/6/2020',
      label: 'Kỳ báo cáo 6 tháng (Nghị định 09/2019/NĐ-CP)',
    });
    expect(planCalendar(plan).find((i) => i.obligation === 'bao-cao-nam')?.period).toMatchObject({
      from: '15/12/2019',
      to: '14/12/2020',
    });
  });

  it('runs the Tháng hành động from 15/11 to 15/12', () => {
    expect(plan.campaigns.map((c) => [c.id, c.window])).toEqual([['thang-hanh-dong', { from: '15/11', to: '15/12' }]]);
  });
});

describe('Lạng Sơn, bình đẳng giới 2017–2020', () => {
  const plan = load('lang-son-bdg-2017-2020.yaml');

  it.each([
    // Defaults chosen where the document states no day (see the comments in the preset).
    ['bao-cao-nam', 2017, '2017-12-10', '2017-12-11', 'weekend'],
    ['bao-cao-nam', 2018, '2018-12-10', '2018-12-10', null],
    ['bao-cao-nam', 2019, '2019-12-10', '2019-12-10', null],
    ['bao-cao-nam', 2020, '2020-12-10', '2020-12-10', null],
    ['ke-hoach-nam', 2017, '2017-03-31', '2017-03-31', null],
    ['ke-hoach-nam', 2018, '2018-03-31', '2018-04-02', 'weekend'],
    ['ke-hoach-nam', 2019, '2019-03-31', '2019-04-01', 'weekend'],
    ['ke-hoach-nam', 2020, '2020-03-31', '2020-03-31', null],
    ['bao-cao-tong-hop-nam', 2018, '2018-12-15', '2018-12-17', 'weekend'],
    ['bao-cao-tong-hop-nam', 2019, '2019-12-15', '2019-12-16', 'weekend'],
    ['bao-cao-so-ket', 2018, '2018-10-31', '2018-10-31', null],
    ['bao-cao-tong-ket', 2020, '2020-10-31', '2020-11-02', 'weekend'],
    ['activity-IV-5-so-ket', 2018, '2018-12-31', '2019-01-02', 'holiday'],
    ['activity-IV-5-tong-ket', 2020, '2020-12-31', '2020-12-31', null],
  ] as const)('%s in %d: stated %s, due %s (%s)', (obligation, year, stated, due, rolled) => {
    const d = datesOf(plan, obligation, year);
    expect([d.statedDate, d.dueDate, d.rolled]).toEqual([stated, due, rolled]);
  });

  it('mid-term review only in 2018, final review only in 2020', () => {
    const years = (o: string) => [
      ...new Set(
        planCalendar(plan)
          .filter((i) => i.obligation === o)
          .map((i) => i.year),
      ),
    ];
    expect(years('bao-cao-so-ket')).toEqual([2018]);
    expect(years('bao-cao-tong-ket')).toEqual([2020]);
    expect(years('bao-cao-nam')).toEqual([2017, 2018, 2019, 2020]);
  });

  it('every department and district reports (12 + 11)', () => {
    expect(planCalendar(plan, { year: 2019 }).filter((i) => i.obligation === 'bao-cao-nam')).toHaveLength(23);
  });

  it('has the 7 goals with their targets and responsible agencies', () => {
    const goals = new Set(plan.indicators.map((i) => i.code.split('-')[0]));
    expect([...goals]).toEqual(['MT1', 'MT2', 'MT3', 'MT4', 'MT5', 'MT6', 'MT7']);
    const byCode = new Map(plan.indicators.map((i) => [i.code, i]));
    expect(byCode.get('MT1-CT1')).toMatchObject({ unit: '%', targets: { '2020': 25 }, responsible: 'SNV' });
    expect(byCode.get('MT2-CT2')).toMatchObject({ targets: { '2020': 35 }, responsible: 'SKHDT' });
    expect(byCode.get('MT2-CT3')).toMatchObject({ targets: { '2020': 40 }, responsible: 'HLHPN' });
    expect(byCode.get('MT4-CT1')).toMatchObject({ unit: 'bé trai/100 bé gái', targets: { '2020': 115 } });
    expect(byCode.get('MT6-CT3')).toMatchObject({ responsible: 'CAT' });
    expect(byCode.get('MT3-CT2-thac-sy')?.responsible).toBeUndefined();
  });

  it('has the budget table by year (triệu đồng): 500, 500, 500, 650; 2.150 in all', () => {
    const byYear = (y: number) => plan.budgets.filter((b) => b.year === y).reduce((s, b) => s + b.amount, 0);
    expect([2017, 2018, 2019, 2020].map(byYear)).toEqual([500, 500, 500, 650]);
    expect(plan.budgets.reduce((s, b) => s + b.amount, 0)).toBe(2150);
    expect(new Set(plan.budgets.map((b) => b.unit))).toEqual(new Set(['triệu đồng']));
  });

  it('runs the Tháng hành động every year', () => {
    expect(plan.campaigns).toHaveLength(1);
    expect(plan.campaigns[0]?.window).toEqual({ from: '15/11', to: '15/12' });
  });
});

describe('Vĩnh Long, QĐ 288/QĐ-UBND (2014)', () => {
  const plan = load('vinh-long-bdg-2014.yaml');

  it.each(['bdg-bao-cao-6-thang', 'vstbpn-so-ket-6-thang'])(
    '%s "trước ngày 30 tháng 5" is due Thursday 29/5/2014, the day before',
    (o) => {
      expect(datesOf(plan, o, 2014)).toEqual({
        statedDate: '2014-05-30',
        dueDate: '2014-05-29',
        rolled: null,
        rolledBecause: null,
        windowOpens: null,
      });
    },
  );

  it.each(['bdg-bao-cao-nam', 'vstbpn-tong-ket-nam'])(
    '%s "trước ngày 30 tháng 11 năm 2014" ends on Saturday 29/11, a day off: due Monday 1/12/2014',
    (o) => {
      expect(datesOf(plan, o, 2014)).toEqual({
        statedDate: '2014-11-30',
        dueDate: '2014-12-01',
        rolled: 'weekend',
        rolledBecause: '29/11/2014 là Thứ Bảy',
        windowOpens: null,
      });
    },
  );

  it('the legal end is 23:59:59 local time on 1/12/2014, reminded on working days before', () => {
    const item = planCalendar(plan).find((i) => i.obligation === 'bdg-bao-cao-nam');
    expect(item?.dueAt).toBe('2014-12-01T23:59:59+07:00');
    // P7D → Monday 24/11; P3D → Friday 28/11; P1D → Sunday 30/11, moved back to Friday 28/11 (one reminder).
    expect(item?.reminders).toEqual(['2014-11-24T08:00:00+07:00', '2014-11-28T08:00:00+07:00']);
    // The two days off before 1/12 are a plain weekend, not a long break: no reminder after it; the merge is reported.
    expect(item?.mergedReminders).toEqual([
      { at: '2014-11-28T08:00:00+07:00', steps: ['reminder:P3D', 'reminder:P1D'] },
    ]);
  });

  it('has the 2014 budgets: 220 central + 135 local usable = 355 triệu đồng', () => {
    const sum = (pred: (s: string) => boolean) =>
      plan.budgets.filter((b) => pred(b.source ?? '')).reduce((s, b) => s + b.amount, 0);
    expect(sum((s) => s === 'Ngân sách trung ương')).toBe(220);
    expect(sum((s) => s.startsWith('Ngân sách địa phương'))).toBe(135);
    expect(plan.budgets.every((b) => b.year === 2014)).toBe(true);
  });
});

describe('Nghệ An, QĐ 1046/QĐ-UBND (2017)', () => {
  const plan = load('nghe-an-bdg-2017.yaml');

  it('6-month report "vào tuần cuối tháng 6": due Friday 30/6/2017, window opens Monday 26/6/2017', () => {
    expect(datesOf(plan, 'bao-cao-6-thang', 2017)).toEqual({
      statedDate: '2017-06-30',
      dueDate: '2017-06-30',
      rolled: null,
      rolledBecause: null,
      windowOpens: '2017-06-26',
    });
  });

  it('annual report "vào tuần cuối tháng 11": due Thursday 30/11/2017, window opens Monday 27/11/2017', () => {
    expect(datesOf(plan, 'bao-cao-nam', 2017)).toEqual({
      statedDate: '2017-11-30',
      dueDate: '2017-11-30',
      rolled: null,
      rolledBecause: null,
      windowOpens: '2017-11-27',
    });
  });

  it('reports go to Sở LĐ-TB&XH from the 15 departments/units and 21 districts', () => {
    const items = planCalendar(plan).filter((i) => i.obligation === 'bao-cao-6-thang');
    expect(items).toHaveLength(36);
    expect(new Set(items.map((i) => i.to))).toEqual(new Set(['SLDTBXH']));
  });

  it('runs the Tháng hành động (15/11–15/12) and the June month against domestic violence', () => {
    expect(plan.campaigns.map((c) => [c.id, c.window.from, c.window.to])).toEqual([
      ['thang-hanh-dong', '15/11', '15/12'],
      ['thang-phong-chong-bao-luc-gia-dinh', '1/6', '30/6'],
    ]);
  });

  it('has every row of the appendix: 7 goals, 29 numbered rows and 14 breakdown rows', () => {
    expect(plan.indicators).toHaveLength(43);
    const perGoal = (g: number) => plan.indicators.filter((i) => i.code.startsWith(`MT${g}-`)).length;
    expect([1, 2, 3, 4, 5, 6, 7].map(perGoal)).toEqual([17, 6, 4, 5, 2, 4, 5]);
    expect(new Set(plan.indicators.map((i) => i.code)).size).toBe(43);
  });

  // Rows pinned against the appendix text: unit, "KQ năm 2016", "KH năm 2017", "Đơn vị chủ trì tham mưu thực hiện".
  it.each([
    ['MT1-1', 'Tỷ lệ nữ tham gia các cấp ủy Đảng', '%', 16.21, 16.21, 'BTCTU'],
    ['MT1-3.1', 'Tỷ lệ nữ đại biểu Hội đồng nhân dân cấp tỉnh', '%', 27.5, 30, 'SNV'],
    [
      'MT1-5.2',
      'Tỷ lệ cơ quan Đảng, tổ chức chính trị - xã hội cấp huyện có lãnh đạo chủ chốt là nữ',
      '%',
      37.1,
      92,
      'BTCTU',
    ],
    ['MT2-4', 'Tỷ lệ nữ vùng nông thôn nghèo, DTTS được vay vốn ưu đãi', '%', 47.97, 81.1, 'NHCSXH'],
    ['MT3-2', 'Tỷ lệ phổ cập biết chữ của nữ trong độ tuổi 15-40 ở vùng sâu, vùng DTTS', '%', 99.22, 99.4, 'SGDDT'],
    ['MT4-1', 'Tỷ số giới tính khi sinh: trẻ sơ sinh trai/trẻ sơ sinh gái.', '%', '113/100', '115/100', 'SYT'],
    [
      'MT4-2',
      'Giảm tỷ lệ tử vong bà mẹ liên quan đến thai sản xuống dưới (%o)',
      '%o',
      '16/ 100.000',
      '<52/ 100.000',
      'SYT',
    ],
    [
      'MT5-1',
      'Giảm được bao nhiêu sản phẩm văn hóa mang tính định kiến giới',
      '%',
      'Giảm thiếu tối đa',
      'Giảm thiếu tối đa',
      'STTTT',
    ],
    [
      'MT6-1',
      'Rút ngắn khoảng cách về thời gian tham gia công việc gia đình của nam so với nữ (Lần)',
      'lần',
      1.8,
      1.8,
      'SVHTT',
    ],
    [
      'MT6-2.1',
      'Tỷ lệ nạn nhân bạo lực gia đình được phát hiện,được tư vấn về pháp lý, sức khỏe',
      '%',
      57.3,
      48.2,
      'SVHTT',
    ],
    [
      'MT6-3',
      'Tỷ lệ nạn nhân bị buôn bán trở về được phát hiện được hưởng các dịch vụ hỗ trợ tái hòa nhập cộng đồng',
      '%',
      90,
      90,
      'CAT',
    ],
    [
      'MT7-4',
      'Hình thành đội ngũ cộng tác viên, tình nguyện viên tham gia công tác bình đẳng giới và VSTBPN các cấp',
      '%',
      80,
      80,
      'SLDTBXH',
    ],
  ] as const)('%s: %s', (code, name, unit, baseline, target, responsible) => {
    const ind = plan.indicators.find((i) => i.code === code);
    expect(ind).toMatchObject({
      name,
      unit,
      baseline: { year: 2016, value: baseline },
      targets: { '2017': target },
      responsible,
    });
    expect(ind?.goal).toMatch(new RegExp(`^Mục tiêu ${code.charAt(2)}: `));
  });

  it('the MT2 heading row has no figures of its own', () => {
    const ind = plan.indicators.find((i) => i.code === 'MT2-1');
    expect(ind).toMatchObject({ responsible: 'SLDTBXH', targets: {} });
    expect(ind?.baseline).toBeUndefined();
  });
});
