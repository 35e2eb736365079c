import { buildCalendarData } from '../../src/domain/calendar-data';
import { OFFICIAL_SCHEDULES } from '../../src/domain/holiday-official';
import {
  composeWeeklyDigest,
  isoWeekOf,
  type DigestAssignment,
  type WeeklyDigestInput,
} from '../../src/domain/weekly-digest';

/** Monday 30/11/2026, 07:00 in Việt Nam: the Schedule's instant (00:00 UTC). */
const MONDAY = '2026-11-30T00:00:00Z';
const BASE = 'https://nhac-han.snv.gov.vn';
const PLANS = [
  { code: 'KH-01', title: 'Báo cáo công tác cải cách hành chính' },
  { code: 'KH-02', title: 'Báo cáo phòng, chống tham nhũng' },
];

/** An assignment of KH-01, year 2026, due at 17:00 local on `dueDate`. */
function a(agency: string, obligation: string, dueDate: string, o: Partial<DigestAssignment> = {}): DigestAssignment {
  return {
    planCode: 'KH-01',
    year: 2026,
    agencyCode: agency,
    agencyName: `Sở ${agency}`,
    obligationId: obligation,
    obligationTitle: `Báo cáo ${obligation}`,
    state: 'pending',
    dueDate,
    dueAt: `${dueDate}T17:00:00+07:00`,
    submittedAt: null,
    ...o,
  };
}

const compose = (assignments: DigestAssignment[], o: Partial<WeeklyDigestInput> = {}) =>
  composeWeeklyDigest({ at: MONDAY, plans: PLANS, assignments, calendar: {}, baseUrl: BASE, ...o });

describe('the weekly digest: late agencies', () => {
  it('lists past-due, unsent assignments per agency, worst first, with the days late counted to the digest date', () => {
    const d = compose([
      a('YT', 'quy-3', '2026-11-20', { state: 'escalated' }),
      a('YT', 'thang-11', '2026-11-27', { state: 'overdue' }),
      a('GD', 'thang-11', '2026-11-27', { state: 'overdue' }),
      a('TC', 'quy-3', '2026-11-20', { state: 'overdue', agencyName: 'Sở Tài chính' }),
    ]);
    expect(d.plans).toHaveLength(1);
    const late = d.plans[0]!.late;
    expect(late.map((l) => [l.agencyCode, l.daysLate])).toEqual([
      ['TC', 10],
      ['YT', 10],
      ['GD', 3],
    ]);
    expect(late[1]!.obligations.map((o) => [o.obligationTitle, o.daysLate])).toEqual([
      ['Báo cáo quy-3', 10],
      ['Báo cáo thang-11', 3],
    ]);
    expect(d.text).toContain('  Cơ quan trễ hạn (3):');
    expect(d.text).toContain('  - Sở YT: trễ 10 ngày');
    expect(d.text).toContain('      Báo cáo quy-3, hạn 20/11/2026, trễ 10 ngày (Quá hạn – đã đôn đốc)');
    expect(d.text).toContain('      Báo cáo thang-11, hạn 27/11/2026, trễ 3 ngày (Quá hạn)');
  });

  it('a pending assignment whose deadline passed is late too (the workflow has not recorded it yet)', () => {
    const d = compose([a('YT', 'thang-11', '2026-11-27')]);
    expect(d.plans[0]!.late).toEqual([
      {
        agencyCode: 'YT',
        agencyName: 'Sở YT',
        daysLate: 3,
        obligations: [{ obligationTitle: 'Báo cáo thang-11', dueDate: '2026-11-27', daysLate: 3, state: 'pending' }],
      },
    ]);
  });

  it('a deadline that passed earlier on the digest day counts one day, not zero', () => {
    const d = compose([a('YT', 'x', '2026-11-30', { dueAt: '2026-11-30T06:00:00+07:00' })]);
    expect(d.plans[0]!.late[0]!.daysLate).toBe(1);
    expect(d.plans[0]!.dueNext).toEqual([]);
  });

  it('submitted (on time or late), excused and received-but-unrecorded assignments are never late', () => {
    const d = compose([
      a('YT', 'x', '2026-11-20', { state: 'submitted', submittedAt: '2026-11-19T10:00:00+07:00' }),
      a('GD', 'x', '2026-11-20', { state: 'late', submittedAt: '2026-11-25T10:00:00+07:00' }),
      a('TC', 'x', '2026-11-20', { state: 'excused' }),
      a('XD', 'x', '2026-11-20', { state: 'overdue', submittedAt: '2026-11-29T10:00:00+07:00' }),
    ]);
    expect(d.plans).toEqual([]);
  });

  it('agencies equally late are sorted by their Vietnamese names', () => {
    const d = compose([
      a('B', 'x', '2026-11-27', { agencyName: 'Sở Y tế' }),
      a('A', 'x', '2026-11-27', { agencyName: 'Sở Giáo dục và Đào tạo' }),
      a('C', 'x', '2026-11-27', { agencyName: 'Ủy ban nhân dân huyện Đông Anh' }),
    ]);
    expect(d.plans[0]!.late.map((l) => l.agencyName)).toEqual([
      'Sở Giáo dục và Đào tạo',
      'Sở Y tế',
      'Ủy ban nhân dân huyện Đông Anh',
    ]);
  });
});

describe('the weekly digest: what is due in the coming seven days', () => {
  it('groups by date and obligation, with the agencies not yet submitted, from the digest day to Sunday', () => {
    const d = compose([
      a('YT', 'thang-12', '2026-12-04'),
      a('GD', 'thang-12', '2026-12-04'),
      a('TC', 'thang-12', '2026-12-04', { state: 'submitted', submittedAt: '2026-12-01T09:00:00+07:00' }),
      a('YT', 'tuan', '2026-11-30'),
      a('YT', 'cuoi-tuan', '2026-12-06'),
      a('YT', 'tuan-sau', '2026-12-07'),
    ]);
    expect(d.from).toBe('2026-11-30');
    expect(d.to).toBe('2026-12-06');
    expect(d.plans[0]!.late).toEqual([]);
    expect(d.plans[0]!.dueNext).toEqual([
      { dueDate: '2026-11-30', obligationId: 'tuan', obligationTitle: 'Báo cáo tuan', agencies: ['Sở YT'] },
      {
        dueDate: '2026-12-04',
        obligationId: 'thang-12',
        obligationTitle: 'Báo cáo thang-12',
        agencies: ['Sở GD', 'Sở YT'],
      },
      { dueDate: '2026-12-06', obligationId: 'cuoi-tuan', obligationTitle: 'Báo cáo cuoi-tuan', agencies: ['Sở YT'] },
    ]);
    expect(d.text).toContain('  Không có cơ quan trễ hạn.');
    expect(d.text).toContain('  Hạn trong tuần tới (3):');
    expect(d.text).toContain('  - thứ Sáu 4/12/2026: Báo cáo thang-12; 2 cơ quan chưa nộp: Sở GD, Sở YT');
    expect(d.text).toContain('  - Chủ nhật 6/12/2026: Báo cáo cuoi-tuan; 1 cơ quan chưa nộp: Sở YT');
  });

  it('an obligation every agency already sent is not listed', () => {
    const sent = { state: 'submitted' as const, submittedAt: '2026-11-28T09:00:00+07:00' };
    expect(compose([a('YT', 'x', '2026-12-02', sent), a('GD', 'x', '2026-12-02', sent)]).plans).toEqual([]);
  });

  it('a merged agency listed twice under its successor is named once', () => {
    const d = compose([
      a('YT', 'x', '2026-12-02', { agencyName: 'Sở Y tế' }),
      a('DS', 'x', '2026-12-02', { agencyName: 'Sở Y tế' }),
    ]);
    expect(d.plans[0]!.dueNext[0]!.agencies).toEqual(['Sở Y tế']);
  });
});

describe('the weekly digest: plans, subject, links and the calendar', () => {
  it('keeps the given plan order, shows only plans with something to say, and ignores plans not given', () => {
    const d = compose([
      a('YT', 'x', '2026-12-01', { planCode: 'KH-02' }),
      a('YT', 'y', '2026-11-27'),
      a('YT', 'z', '2026-11-27', { planCode: 'KH-99' }),
    ]);
    expect(d.plans.map((p) => p.code)).toEqual(['KH-01', 'KH-02']);
    expect(d.text.indexOf('Kế hoạch KH-01: Báo cáo công tác cải cách hành chính')).toBeLessThan(
      d.text.indexOf('Kế hoạch KH-02: Báo cáo phòng, chống tham nhũng'),
    );
    expect(d.text).not.toContain('KH-99');
    expect(d.subject).toBe(
      '[Nhắc Hạn] Bản tin tuần 2026-W49 (30/11/2026 – 6/12/2026): 1 cơ quan trễ hạn, 1 hạn trong tuần tới',
    );
  });

  it('links each plan to the dashboard of the year its items belong to, and the account page to unsubscribe', () => {
    const d = compose([a('YT', 'x', '2026-12-01', { year: 2027, planCode: 'KH 02/ĐB' })], {
      plans: [{ code: 'KH 02/ĐB', title: 'Kế hoạch đặc biệt' }],
    });
    expect(d.plans[0]!.dashboardUrl).toBe(`${BASE}/plans/KH%2002%2F%C4%90B/years/2027`);
    expect(d.text).toContain(`  Bảng theo dõi: ${BASE}/plans/KH%2002%2F%C4%90B/years/2027`);
    expect(d.text).toContain(`Ngừng nhận bản tin này: ${BASE}/account#digest`);
  });

  it('an empty week is one line, and still a mail', () => {
    const d = compose([]);
    expect(d.plans).toEqual([]);
    expect(d.subject).toBe(
      '[Nhắc Hạn] Bản tin tuần 2026-W49 (30/11/2026 – 6/12/2026): không có cơ quan trễ hạn, không có hạn trong tuần tới',
    );
    expect(d.text.split('\n')).toEqual([
      'Bản tin hằng tuần của Nhắc Hạn, tuần 2026-W49, từ thứ Hai 30/11/2026 đến Chủ nhật 6/12/2026.',
      '',
      'Tuần này không có cơ quan trễ hạn, không có hạn trong tuần tới.',
      '',
      `Xem tất cả kế hoạch: ${BASE}/plans`,
      `Ngừng nhận bản tin này: ${BASE}/account#digest`,
    ]);
  });

  it("names the week's days off from the calendar it is given (Quốc khánh 2026), weekends left out", () => {
    const d = compose([], { at: '2026-08-31T00:00:00Z' });
    expect(d.daysOff.map((o) => o.date)).toEqual(['2026-08-31', '2026-09-01', '2026-09-02']);
    expect(d.text).toContain('Ngày nghỉ trong tuần:\n  - thứ Hai 31/8/2026: Nghỉ hoán đổi dịp Quốc khánh');
    expect(d.text).toContain('  - thứ Tư 2/9/2026: Quốc khánh (2/9)');
    // Another calendar (an admin withdrew the bridge day): the digest follows the data it is given.
    const calendar = buildCalendarData(OFFICIAL_SCHEDULES.values(), {
      years: [],
      days: [
        {
          date: '2026-08-31',
          kind: 'working-day',
          reason: null,
          name: 'Đi làm',
          source: 'test',
          imported: false,
          year: 2026,
        },
      ],
      revision: 'test',
    });
    expect(compose([], { at: '2026-08-31T00:00:00Z', calendar: { calendar } }).daysOff.map((o) => o.date)).toEqual([
      '2026-09-01',
      '2026-09-02',
    ]);
  });

  it('the local date decides the week: Sunday 23:30 UTC is already Monday in Việt Nam', () => {
    expect(compose([], { at: '2026-11-29T17:30:00Z' }).week).toBe('2026-W49');
    expect(compose([], { at: '2026-11-29T16:59:00Z' }).week).toBe('2026-W48');
  });

  it('ISO weeks across the new year: 28/12/2026 and 3/1/2027 are both 2026-W53, 4/1/2027 is 2027-W01', () => {
    expect(isoWeekOf('2026-12-28')).toBe('2026-W53');
    expect(isoWeekOf('2027-01-03')).toBe('2026-W53');
    expect(isoWeekOf('2027-01-04')).toBe('2027-W01');
  });
});
