import { Duration } from 'luxon';
import { formatDmy } from '../../domain/deadline-rules';
import { estimateRuleText } from '../../domain/holiday-calendar';
import { demoPlan } from '../../domain/demo-plan';
import { parsePlanData } from '../../domain/plan-file';
import { rebasePlan } from '../../domain/plan-rebase';
import { planCalendar } from '../../domain/plan-calendar';
import { AFTER_BREAK_STEP, mergedRemindersText } from '../../domain/reminder-schedule';
import { CliError } from '../cli-error';
import type { Plan } from '../../domain/plan-schema';
import { withDatabase, withStoredCalendar } from './stored-calendar';
import { firstLine, withDatabaseAndTemporal, type Endpoints } from '../../runtime/endpoints';
import {
  changePlanStatus,
  PlanNotFoundError,
  PlanStatusChangeError,
  type PlanStatusChange,
} from '../../services/plan-service';
import { loadPlanOrFail, planOrFail, readPlanFile, readPlanFileData } from './plan-input';
import {
  hasDirectoryReferences,
  parsePlanDataWithDirectory,
  resolveDirectoryReferences,
} from '../../domain/directory-references';
import { diffCounts, diffIsEmpty, diffSummaryLines, type PlanDirectoryDiff } from '../../domain/plan-directory-diff';
import { loadConfig } from '../../config';
import { directoryAfterApply, planDirectoryDiff } from '../../services/plan-directory';
import type { ApplyReport } from '../../services/plan-store';
import { loadDirectorySnapshot } from '../../services/directory-store';
import { applyProgressReporter } from '../apply-progress';
import { cliActor } from '../cli-actor';
import { applyPlanAs } from '../../services/plan-queries';

export function planValidate(file: string): void {
  const r = readPlanFile(file);
  if (r.ok) {
    const p = r.plan;
    console.log(
      `Hợp lệ / valid: ${p.code} — ${p.title} (${p.years.from}–${p.years.to}; ${p.agencies.length} cơ quan, ${p.obligations.length} nghĩa vụ, ${p.campaigns.length} đợt, ${p.activities.length} hoạt động, ${p.indicators.length} chỉ tiêu)`,
    );
    return;
  }
  for (const problem of r.problems) console.log(`${problem.path}: ${problem.message}`);
  process.exitCode = 1;
}

export async function planCalendarCommand(file: string, opts: { year?: number; json?: boolean }): Promise<void> {
  const plan = loadPlanOrFail(file);
  await withStoredCalendar(() => printPlanCalendar(plan, opts));
}

function printPlanCalendar(plan: Plan, opts: { year?: number; json?: boolean }): void {
  if (opts.year !== undefined && (opts.year < plan.years.from || opts.year > plan.years.to)) {
    throw new CliError(
      `--year ${opts.year}: ngoài thời gian kế hoạch ${plan.years.from}–${plan.years.to} / outside the plan's years`,
    );
  }
  const items = planCalendar(plan, { year: opts.year });
  if (opts.json) {
    console.log(
      JSON.stringify(
        {
          plan: plan.code,
          items: items.map((i) => ({
            id: i.id,
            obligation: i.obligation,
            title: i.obligationTitle,
            agency: i.agency,
            to: i.to,
            year: i.year,
            statedDate: i.statedDate,
            dueDate: i.dueDate,
            dueAt: i.dueAt,
            rolled: i.rolled,
            rolledBecause: i.rolledBecause,
            skippedDays: i.skippedDays,
            dueExplanation: i.dueExplanation,
            windowOpens: i.windowOpens,
            period: i.period,
            reminders: i.reminders,
            reminderSteps: i.reminderSteps,
            mergedReminders: i.mergedReminders.map((m) => ({ ...m, text: mergedRemindersText(m) })),
            escalations: i.escalations.map((e) => ({ at: e.at, notify: e.notify })),
            estimate: i.estimate,
          })),
        },
        null,
        2,
      ),
    );
    return;
  }
  const names = new Map(plan.agencies.map((a) => [a.code, a.name]));
  console.log(`${plan.code} — ${plan.title}`);
  let last = '';
  for (const i of items) {
    const head = `${formatDmy(i.dueDate)}  ${i.obligationTitle}`;
    if (head !== last) {
      const window = i.windowOpens ? ` (tuần cuối tháng: từ ${formatDmy(i.windowOpens)})` : '';
      console.log(`\n${head}${i.estimate ? ` ${ESTIMATE_MARK}` : ''}${window}`);
      if (i.dueExplanation) console.log(`  Hạn: ${i.dueExplanation}`);
      for (const m of i.mergedReminders) console.log(`  Nhắc: ${mergedRemindersText(m)}`);
      for (const r of i.reminderSteps.filter((r) => r.step.startsWith(`${AFTER_BREAK_STEP}:`))) {
        console.log(
          `  Nhắc: ${r.at.slice(11, 16)} ${formatDmy(r.at.slice(0, 10))}, ngày làm việc đầu tiên sau kỳ nghỉ dài.`,
        );
      }
      last = head;
    }
    console.log(`  - ${names.get(i.agency) ?? i.agency} [${i.agency}]`);
  }
  console.log(`\n${items.length} hạn / deadlines`);
  for (const line of estimateLines(items)) console.log(line);
}

const ESTIMATE_MARK = '(ước tính)';

/** One line per distinct rule behind the estimated dates shown: the years it covers and how they were guessed. */
function estimateLines(items: ReadonlyArray<{ year: number; estimate: boolean }>): string[] {
  const years = [...new Set(items.filter((i) => i.estimate).map((i) => i.year))].sort((a, b) => a - b);
  const byRule = new Map<string, number[]>();
  for (const year of years) {
    const rule = estimateRuleText(year);
    byRule.set(rule, [...(byRule.get(rule) ?? []), year]);
  }
  return [...byRule].map(([rule, ruleYears]) => `${ESTIMATE_MARK} Năm ${ruleYears.join(', ')}: ${rule}`);
}

export async function planApply(
  file: string,
  opts: { by?: string; updateDirectory?: boolean; json?: boolean } = {},
): Promise<void> {
  const read = readPlanFileData(file);
  if (!read.ok) planOrFail(read);
  const data = read.ok ? read.data : null;
  // A plan with no directory reference is checked before anything is reached; one with some, against the directory.
  const offline = hasDirectoryReferences(data) ? null : planOrFail(parsePlanData(data));
  await withDatabaseAndTemporal(async ({ prisma, client, ep }) => {
    const snapshot = offline ? null : await loadDirectorySnapshot(prisma);
    const plan = offline ?? planOrFail(parsePlanDataWithDirectory(data, snapshot));
    const fromDirectory = snapshot ? resolveDirectoryReferences(data, snapshot).fromDirectory : [];
    const actor = cliActor(opts.by).actor;
    const progress = applyProgressReporter();
    const r = await applyPlanAs(
      {
        prisma,
        temporal: client,
        taskQueue: ep.taskQueue,
        startsPerSecond: ep.startsPerSecond,
        onProgress: (p) => progress.report(p),
      },
      plan,
      actor,
    ).finally(() => progress.end());
    if (!opts.json) printApplyReport(r, plan, ep);
    // The plan is applied with its own copy of its agencies; the directory is a second step that never undoes it.
    const { diff, outcome } = await directoryAfterApply(
      prisma,
      actor,
      plan,
      fromDirectory,
      opts.updateDirectory === true,
    ).catch((err: unknown) => {
      throw new CliError(
        `directory: kế hoạch ${plan.code} đã được áp dụng, nhưng không ${opts.updateDirectory ? 'ghi' : 'đọc'} được danh bạ (${firstLine(err)}); chạy lại lệnh là an toàn / the plan was applied, the directory was not updated`,
      );
    });
    if (opts.json) {
      console.log(JSON.stringify({ ...r, directory: outcome }, null, 2));
      return;
    }
    for (const line of directoryLines(diff, outcome.written, file)) console.log(line);
  });
}

function printApplyReport(r: ApplyReport, plan: Plan, ep: Endpoints): void {
  console.log(
    `${r.created ? 'Đã tạo' : r.unchanged ? 'Không thay đổi' : 'Đã cập nhật'} kế hoạch ${r.plan}: ` +
      `${r.assignments.total} nghĩa vụ (${r.assignments.added} mới, ${r.assignments.moved} đổi hạn), ` +
      `${r.workflows.started} workflow mới, ${r.workflows.existing} đang chạy (${r.workflows.rescheduled} đổi lịch), ${r.workflows.historic} đã qua.`,
  );
  const later = r.cycles.scheduled.map((c) => `${c.year} (từ ${formatDmy(c.at.slice(0, 10))})`).join(', ');
  console.log(
    `Chu kỳ đang chạy / running cycles: ${r.cycles.running.join(', ') || '—'}; lịch chạy các năm sau / scheduled: ${later || '—'}`,
  );
  if (r.agencies.added.length + r.agencies.removed.length + r.agencies.updated.length > 0 && !r.created) {
    console.log(
      `Cơ quan: thêm ${r.agencies.added.join(', ') || '—'}; bỏ ${r.agencies.removed.join(', ') || '—'}; sửa ${r.agencies.updated.join(', ') || '—'}`,
    );
  }
  if (ep.temporalUiUrl) {
    console.log(
      `Temporal Web UI: ${ep.temporalUiUrl}/namespaces/${ep.namespace}/workflows?query=${encodeURIComponent(`NhacHanPlan="${plan.code}"`)}`,
    );
  }
}

/** A file name as the shell takes it back. */
const shellWord = (s: string) => (/^[\w./@%+=:,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/**
 * What the plan's inline agencies change in the directory, after an apply: the summary and, when something is new or
 * different and was not written, the command that writes it. Nothing when every agency came from the directory.
 */
function directoryLines(diff: PlanDirectoryDiff, written: boolean, file: string): string[] {
  const { added, changed, unchanged } = diffCounts(diff);
  if (added + changed + unchanged === 0) return [];
  const [head = '', ...rest] = diffSummaryLines(diff);
  if (written)
    return [`Đã cập nhật danh bạ / directory updated: ${added} cơ quan thêm mới, ${changed} cơ quan sửa.`, ...rest];
  if (diffIsEmpty(diff)) return [head];
  return [
    head,
    ...rest,
    `Danh bạ chưa thay đổi. Để ghi các cơ quan này vào danh bạ / to write them into the directory: nhac-han plan apply ${shellWord(file)} --update-directory`,
  ];
}

/** `plan directory-diff FILE [--json]`: what applying the plan with --update-directory would write; applies nothing. */
export async function planDirectoryDiffCommand(file: string, opts: { json?: boolean } = {}): Promise<void> {
  const read = readPlanFileData(file);
  const data = read.ok ? read.data : planOrFail(read);
  await withDatabase(async (prisma) => {
    const snapshot = await loadDirectorySnapshot(prisma);
    const plan = planOrFail(parsePlanDataWithDirectory(data, snapshot));
    const diff = await planDirectoryDiff(prisma, plan, resolveDirectoryReferences(data, snapshot).fromDirectory);
    if (opts.json) {
      console.log(JSON.stringify({ plan: plan.code, ...diffCounts(diff), difference: diff }, null, 2));
      return;
    }
    const lines = directoryLines(diff, false, file);
    console.log(lines.length > 0 ? lines.join('\n') : 'Mọi cơ quan của kế hoạch lấy từ danh bạ: không có gì để ghi.');
  }, loadConfig());
}

export function planDemo(opts: {
  agencies: number;
  dueIn: string;
  reminders: string;
  escalateAfter: string;
  code?: string;
}): void {
  const dur = (flag: string, s: string) => {
    const d = Duration.fromISO(s.trim());
    if (!d.isValid || d.toMillis() <= 0)
      throw new CliError(
        `${flag}: "${s}" không phải khoảng thời gian ISO-8601 dương (ví dụ PT3M) / not a positive ISO-8601 duration`,
      );
    return s.trim();
  };
  const list = (flag: string, s: string) => (s.trim() === '' ? [] : s.split(',').map((x) => dur(flag, x)));
  const plan = demoPlan({
    agencies: opts.agencies,
    dueIn: dur('--due-in', opts.dueIn),
    reminders: list('--reminders', opts.reminders),
    escalateAfter: list('--escalate-after', opts.escalateAfter),
    now: new Date(),
    code: opts.code,
  });
  console.log(JSON.stringify(plan, null, 2));
}

export function planRebase(file: string, opts: { fromYear: number; code?: string }): void {
  const plan = loadPlanOrFail(file);
  const moved = rebasePlan(plan, opts.fromYear, opts.code);
  // Validated again: a shifted plan must be as valid as any plan file.
  const check = parsePlanData(moved);
  if (!check.ok) throw new CliError(check.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  console.log(JSON.stringify(moved, null, 2));
}

const STATUS_DONE = {
  pause: 'Đã tạm dừng kế hoạch',
  resume: 'Đã tiếp tục kế hoạch',
  remove: 'Đã gỡ kế hoạch',
} as const satisfies Record<PlanStatusChange, string>;

/** `plan pause|resume|remove CODE`: the plan's Schedule follows (see changePlanStatus). */
export async function planStatusCommand(
  change: PlanStatusChange,
  code: string,
  opts: { by?: string } = {},
): Promise<void> {
  await withDatabaseAndTemporal(async ({ prisma, client }) => {
    const r = await changePlanStatus({ prisma, temporal: client }, code, change, cliActor(opts.by).actor).catch(
      (err: unknown) => {
        if (err instanceof PlanNotFoundError || err instanceof PlanStatusChangeError) throw new CliError(err.message);
        throw err;
      },
    );
    const schedule = { paused: 'tạm dừng', running: 'đang chạy', deleted: 'đã xóa', none: 'không có' }[r.schedule];
    console.log(
      `${STATUS_DONE[change]} ${r.plan}: lịch chạy / schedule ${schedule}` +
        (change === 'remove' ? `; đã dừng ${r.workflowsStopped} workflow` : ''),
    );
  });
}
