/**
 * The rules of a plan in words (src/domain/rule-in-words.ts), pinned for every obligation of the five seed plans in
 * plans/ and for each rule kind and offset form the plan schema allows.
 */
import { parsePlanData } from '../../src/domain/plan-file';
import type { Plan } from '../../src/domain/plan-schema';
import {
  deadlineInWords,
  durationInWords,
  escalationInWords,
  listInWords,
  remindersInWords,
  ruleInWords,
} from '../../src/domain/rule-in-words';
import { listPresets, loadPreset } from '../../src/services/plan-presets';

const DEFAULT_REMINDERS = 'nhắc trước 7, 3 và 1 ngày';

function preset(id: string): Plan {
  const r = parsePlanData(loadPreset(id));
  if (!r.ok) throw new Error(r.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  return r.plan;
}

const words = (plan: Plan) => Object.fromEntries(plan.obligations.map((o) => [o.id, ruleInWords(o.due, plan.policy)]));

test('the five seed plans: every obligation rule in words', () => {
  expect(listPresets().map((p) => p.id)).toEqual([
    'lang-son-bdg-2017-2020',
    'nghe-an-bdg-2017',
    'thua-thien-hue-binh-dang-gioi-2020',
    'thua-thien-hue-cedaw-2017-2020',
    'vinh-long-bdg-2014',
  ]);
  expect(words(preset('thua-thien-hue-binh-dang-gioi-2020'))).toEqual({
    'ke-hoach-2020': `trước ngày 25/3 hằng năm; ${DEFAULT_REMINDERS}`,
    'bao-cao-6-thang': `trước ngày 10/6 hằng năm; ${DEFAULT_REMINDERS}`,
    'bao-cao-nam': `trước ngày 10/12 hằng năm; ${DEFAULT_REMINDERS}`,
    'bao-cao-tong-hop': `trước ngày 15/12 hằng năm; ${DEFAULT_REMINDERS}`,
  });
  expect(words(preset('lang-son-bdg-2017-2020'))).toEqual({
    'ke-hoach-nam': `chậm nhất ngày 31/3 hằng năm; ${DEFAULT_REMINDERS}`,
    'ke-hoach-5-nam': `chậm nhất ngày 15/12/2017; ${DEFAULT_REMINDERS}`,
    'bao-cao-nam': `chậm nhất ngày 10/12 hằng năm; ${DEFAULT_REMINDERS}`,
    'bao-cao-tong-hop-nam': `chậm nhất ngày 15/12 hằng năm; ${DEFAULT_REMINDERS}`,
    'bao-cao-so-ket': `chậm nhất ngày 31/10 năm 2018; ${DEFAULT_REMINDERS}`,
    'bao-cao-tong-ket': `chậm nhất ngày 31/10 năm 2020; ${DEFAULT_REMINDERS}`,
  });
  const lastWeek = (m: number) =>
    `trong tuần cuối tháng ${m} hằng năm (hạn là ngày làm việc cuối cùng của tháng); ${DEFAULT_REMINDERS}`;
  expect(words(preset('nghe-an-bdg-2017'))).toEqual({ 'bao-cao-6-thang': lastWeek(6), 'bao-cao-nam': lastWeek(11) });
  expect(words(preset('thua-thien-hue-cedaw-2017-2020'))).toEqual({
    'bao-cao-ket-qua-2017': `trước ngày 1/10/2017; ${DEFAULT_REMINDERS}`,
  });
  expect(words(preset('vinh-long-bdg-2014'))).toEqual({
    'bdg-bao-cao-6-thang': `trước ngày 30/5 hằng năm; ${DEFAULT_REMINDERS}`,
    'bdg-bao-cao-nam': `trước ngày 30/11 hằng năm; ${DEFAULT_REMINDERS}`,
    'vstbpn-so-ket-6-thang': `trước ngày 30/5 hằng năm; ${DEFAULT_REMINDERS}`,
    'vstbpn-tong-ket-nam': `trước ngày 30/11 hằng năm; ${DEFAULT_REMINDERS}`,
  });
  // The seed plans keep the default ladder: working days after the due date, who is told at each step.
  for (const p of listPresets())
    expect([p.id, escalationInWords(preset(p.id).policy)]).toEqual([
      p.id,
      'quá hạn 1 ngày làm việc báo cán bộ đầu mối và lãnh đạo cơ quan; 3 ngày làm việc báo cơ quan điều phối; ' +
        '7 ngày làm việc báo UBND tỉnh',
    ]);
});

test('each rule kind, with its defaults and without leading zeros', () => {
  expect(deadlineInWords({ type: 'yearly', date: '05/06' })).toBe('chậm nhất ngày 5/6 hằng năm');
  expect(deadlineInWords({ type: 'yearly', date: '10/6', inclusive: true })).toBe('chậm nhất ngày 10/6 hằng năm');
  expect(deadlineInWords({ type: 'every-year' })).toBe('chậm nhất ngày 31/12 hằng năm');
  expect(deadlineInWords({ type: 'every-year', date: '15/11', inclusive: false })).toBe('trước ngày 15/11 hằng năm');
  expect(deadlineInWords({ type: 'in-years', years: [2018, 2020] })).toBe('chậm nhất ngày 31/12 năm 2018 và 2020');
  expect(deadlineInWords({ type: 'in-years', years: [2017, 2018, 2019], date: '1/7', inclusive: false })).toBe(
    'trước ngày 1/7 năm 2017, 2018 và 2019',
  );
  expect(deadlineInWords({ type: 'once', date: '2026-01-05' })).toBe('chậm nhất ngày 5/1/2026');
  expect(deadlineInWords({ type: 'instant', at: '2026-12-02T09:30:00+07:00' })).toBe(
    'lúc 9 giờ 30 phút, thứ Tư, ngày 2/12/2026',
  );
});

test('offsets in words: one unit said once, mixed units each, none at all', () => {
  expect(listInWords([])).toBe('');
  expect(listInWords(['7'])).toBe('7');
  expect(listInWords(['7', '3'])).toBe('7 và 3');
  expect(durationInWords('PT1H30M')).toBe('1 giờ 30 phút');
  expect(durationInWords('P2W')).toBe('2 tuần');
  expect(remindersInWords({ reminders: ['P7D', 'P3D'] })).toBe('nhắc trước 7 và 3 ngày');
  expect(remindersInWords({ reminders: ['PT9M', 'PT5M'] })).toBe('nhắc trước 9 và 5 phút');
  expect(remindersInWords({ reminders: ['P1D', 'PT2H'] })).toBe('nhắc trước 1 ngày và 2 giờ');
  expect(remindersInWords({ reminders: [] })).toBe('không nhắc trước hạn');
  expect(escalationInWords({ escalation: [{ after: 'PT2M', notify: ['coordinator'] }] })).toBe(
    'quá hạn 2 phút báo cơ quan điều phối',
  );
  expect(escalationInWords({ escalation: [] })).toBe('không đôn đốc sau hạn');
});
