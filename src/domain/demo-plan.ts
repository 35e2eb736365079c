/**
 * `nhac-han plan demo`: a ready-to-apply plan whose deadline is a given duration from `now`, for trying the
 * product at any hour and for tests. Working-hours limits are off so reminders go out at the exact offsets.
 */
import { Duration } from 'luxon';
import type { PlanInput } from './plan-schema';
import { isoOf, parseInstant } from './business-time';

export interface DemoOptions {
  agencies: number;
  dueIn: string;
  reminders: string[];
  escalateAfter: string[];
  /** The instant the deadline counts from (the caller reads the clock). */
  now: Date;
  code?: string;
}

export function demoPlan(o: DemoOptions): PlanInput {
  const due = parseInstant(o.now.toISOString()).plus(Duration.fromISO(o.dueIn)).set({ millisecond: 0 });
  const code = o.code ?? `DEMO-${due.toFormat('yyyyMMdd-HHmmss')}`;
  const agencies = Array.from({ length: o.agencies }, (_, i) => {
    const n = String(i + 1).padStart(2, '0');
    return {
      code: `DV${n}`,
      name: `Đơn vị thử nghiệm ${n}`,
      kind: 'department' as const,
      contacts: [
        {
          role: 'focal' as const,
          name: `Cán bộ đầu mối ${n}`,
          email: `dau-moi-${n}@demo.nhac-han.test`,
          // Ten digits for any number of agencies (0912000001 … 0912010000).
          phone: `0912${String(i + 1).padStart(6, '0')}`,
        },
        { role: 'head' as const, name: `Thủ trưởng ${n}`, email: `thu-truong-${n}@demo.nhac-han.test` },
      ],
    };
  });
  return {
    code,
    title: `Kế hoạch thử nghiệm Nhắc Hạn (hạn ${due.toFormat('HH:mm dd/MM/yyyy')})`,
    document: { number: 'DEMO/KH', issuer: 'Nhắc Hạn' },
    years: { from: due.year, to: due.year },
    coordinator: 'DPT',
    committee: 'UBND',
    agencies: [
      {
        code: 'UBND',
        name: 'Ủy ban nhân dân tỉnh (thử nghiệm)',
        kind: 'committee',
        contacts: [{ role: 'head', email: 'ubnd@demo.nhac-han.test' }],
      },
      {
        code: 'DPT',
        name: 'Sở Nội vụ (điều phối, thử nghiệm)',
        kind: 'department',
        contacts: [{ role: 'coordinator', name: 'Chuyên viên điều phối', email: 'dieu-phoi@demo.nhac-han.test' }],
      },
      ...agencies,
    ],
    obligations: [
      {
        id: 'bao-cao-thu',
        title: 'Báo cáo thử nghiệm',
        kind: 'report',
        stated: `trước ${due.toFormat('HH:mm')} ngày ${due.toFormat('d/M/yyyy')}`,
        from: 'all',
        to: 'DPT',
        due: { type: 'instant', at: isoOf(due) },
      },
    ],
    policy: {
      reminders: o.reminders,
      escalation: o.escalateAfter
        .map((after, i) => ({
          after,
          notify:
            i === 0 ? (['focal', 'head'] as const) : i === 1 ? (['coordinator'] as const) : (['committee'] as const),
        }))
        .map((s) => ({ after: s.after, notify: [...s.notify] })),
      workingHours: false,
    },
  };
}
