/**
 * The yearly cycles and campaign messages of the seed plans, computed by hand from the documents and the calendar.
 */
import fs from 'node:fs';
import path from 'node:path';
import { campaignRuns, cycleStarts, cycleYearAt, splitCycles } from '../../src/domain/cycle-schedule';
import { parsePlanText } from '../../src/domain/plan-file';
import { planCalendar } from '../../src/domain/plan-calendar';
import type { Plan } from '../../src/domain/plan-schema';

function load(file: string): Plan {
  const r = parsePlanText(fs.readFileSync(path.join(__dirname, '..', '..', 'plans', file), 'utf8'));
  if (!r.ok) throw new Error(r.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  return r.plan;
}

const tth = load('thua-thien-hue-binh-dang-gioi-2020.yaml');
const langSon = load('lang-son-bdg-2017-2020.yaml');
const ngheAn = load('nghe-an-bdg-2017.yaml');

describe('campaign messages', () => {
  test('Tháng hành động 15/11–15/12/2020 (Thừa Thiên Huế): notice, kick-off and mid reminder on working days', () => {
    const [run] = campaignRuns(tth, 2020);
    expect(run).toMatchObject({
      id: `${tth.code}/2020/campaign/thang-hanh-dong`,
      start: '2020-11-15',
      end: '2020-12-15',
    });
    expect(run!.steps).toEqual([
      // 14 days before Sunday 15/11 is Sunday 1/11: the notice goes on Friday 30/10, not late.
      { step: 'notice', kind: 'campaign-notice', at: '2020-10-30T08:00:00+07:00' },
      // The window opens on a Sunday: the kick-off is on Monday 16/11.
      { step: 'kickoff', kind: 'campaign-kickoff', at: '2020-11-16T08:00:00+07:00' },
      // Mid-window, 15 days in: Monday 30/11.
      { step: 'mid', kind: 'campaign-reminder', at: '2020-11-30T08:00:00+07:00' },
    ]);
    expect(run!.participants.length).toBeGreaterThan(5);
    expect(new Set(run!.participants).size).toBe(run!.participants.length);
  });

  test('each year of a multi-year plan has its own window; a June campaign (Nghệ An) too', () => {
    expect(langSon.years).toEqual({ from: 2017, to: 2020 });
    expect([2017, 2018, 2019, 2020].map((y) => campaignRuns(langSon, y)[0]!.steps[1]!.at)).toEqual([
      '2017-11-15T08:00:00+07:00', // Wednesday
      '2018-11-15T08:00:00+07:00', // Thursday
      '2019-11-15T08:00:00+07:00', // Friday
      '2020-11-16T08:00:00+07:00', // Sunday 15/11 → Monday
    ]);
    const june = campaignRuns(ngheAn, 2017).find((r) => r.campaignId === 'thang-phong-chong-bao-luc-gia-dinh')!;
    expect(june).toMatchObject({ start: '2017-06-01', end: '2017-06-30', participants: ['SVHTT'] });
    expect(june.steps.map((s) => s.at)).toEqual([
      '2017-05-18T08:00:00+07:00', // 14 days before Thursday 1/6
      '2017-06-01T08:00:00+07:00',
      '2017-06-15T08:00:00+07:00',
    ]);
  });

  test('a window across New Year ends in the next year', () => {
    const plan: Plan = { ...tth, campaigns: [{ ...tth.campaigns[0]!, window: { from: '15/12', to: '15/1' } }] };
    expect(campaignRuns(plan, 2020)[0]).toMatchObject({ start: '2020-12-15', end: '2021-01-15' });
  });
});

describe('cycle starts', () => {
  test('each year starts before its first message, and never after 1 January', () => {
    const starts = cycleStarts(langSon);
    expect(starts.map((s) => s.year)).toEqual([2017, 2018, 2019, 2020]);
    const items = planCalendar(langSon);
    for (const s of starts) {
      expect(Date.parse(s.at)).toBeLessThanOrEqual(Date.parse(`${s.year}-01-01T00:00:00+07:00`));
      for (const i of items.filter((x) => x.year === s.year)) {
        for (const r of i.reminderSteps) expect(Date.parse(s.at)).toBeLessThan(Date.parse(r.at));
      }
      for (const c of campaignRuns(langSon, s.year)) expect(Date.parse(s.at)).toBeLessThan(Date.parse(c.steps[0]!.at));
    }
  });

  test("a reminder in December of the year before pulls that year's start back", () => {
    const plan: Plan = {
      ...tth,
      campaigns: [],
      activities: [],
      obligations: [{ ...tth.obligations[0]!, due: { type: 'once', date: '2021-01-05' } }],
      years: { from: 2021, to: 2021 },
    };
    const first = Math.min(...planCalendar(plan).flatMap((i) => i.reminderSteps.map((r) => Date.parse(r.at))));
    expect(new Date(first).getUTCFullYear()).toBe(2020);
    const [start] = cycleStarts(plan);
    expect(Date.parse(start!.at)).toBe(first - 6 * 3600 * 1000);
  });

  test('the year a start belongs to, and what runs now versus later', () => {
    const starts = cycleStarts(langSon);
    expect(cycleYearAt(starts, '2016-06-01T00:00:00Z')).toBeNull();
    expect(cycleYearAt(starts, starts[1]!.at)).toBe(2018);
    expect(cycleYearAt(starts, '2018-07-01T00:00:00Z')).toBe(2018);
    expect(cycleYearAt(starts, '2030-01-01T00:00:00Z')).toBe(2020);

    const split = splitCycles(starts, new Date('2018-07-01T00:00:00Z'), new Set([2017, 2018, 2019, 2020]));
    expect(split.now).toEqual([2017, 2018]);
    expect(split.scheduled.map((s) => s.year)).toEqual([2019, 2020]);
    // A past year with nothing live left is history: no cycle for it.
    expect(splitCycles(starts, new Date('2018-07-01T00:00:00Z'), new Set([2018, 2019, 2020])).now).toEqual([2018]);
  });
});
