/**
 * A plan's life after apply: pause, resume and remove, each followed by its Schedule and (remove) its workflows.
 */
import { ScheduleNotFoundError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { PrismaClient } from '../db/prisma';
import { PLAN_KEY } from '../domain/search-attributes';
import { recordAudit } from './audit-log';
import { planScheduleId } from './plan-schedule';

export type PlanStatusChange = 'pause' | 'resume' | 'remove';

export interface PlanStatusReport {
  plan: string;
  status: 'active' | 'paused' | 'removed';
  schedule: 'paused' | 'running' | 'deleted' | 'none';
  workflowsStopped: number;
}

/**
 * Pausing a plan pauses its Schedule (no new year starts; running workflows go on, a coordinator can still act on
 * them). Resuming undoes that. Removing deletes the Schedule and ends every running workflow of the plan; its rows
 * stay for the record.
 */
/**
 * Pauses, resumes or removes a plan: its database status, its Schedule and (on remove) its running workflows.
 *
 * Never leaves a half state behind. Pause and resume write the status first and put it back if the Schedule
 * cannot follow. Remove cannot be undone halfway (a terminated workflow stays terminated), so it records
 * `removed` first, which already stops every cycle and schedule firing from starting anything, and then finishes
 * the Temporal side; if that fails, running the same command again completes it.
 */
export async function changePlanStatus(
  deps: { prisma: PrismaClient; temporal: Client },
  code: string,
  change: PlanStatusChange,
  /** Who, for the audit row `plan.<change>` written once the change is made (`cli:<os user>`, an account). */
  by?: string,
): Promise<PlanStatusReport> {
  const row = await deps.prisma.plan.findUnique({ where: { code }, select: { status: true } });
  if (!row) throw new PlanNotFoundError(code);
  const status = change === 'pause' ? 'paused' : change === 'resume' ? 'active' : 'removed';
  await deps.prisma.plan.update({ where: { code }, data: { status } });
  try {
    const schedule = await followSchedule(deps.temporal, code, change);
    const workflowsStopped = change === 'remove' ? await stopPlanWorkflows(deps.temporal, code) : 0;
    if (by !== undefined)
      await recordAudit(deps.prisma, {
        actor: by,
        action: `plan.${change}`,
        target: code,
        detail: { status, schedule, workflowsStopped },
      });
    return { plan: code, status, schedule, workflowsStopped };
  } catch (err) {
    if (change !== 'remove') {
      await deps.prisma.plan.update({ where: { code }, data: { status: row.status } });
      throw new PlanStatusChangeError(code, change, false, err);
    }
    // Recorded as removed (it starts nothing more): that much happened, and the audit says so.
    if (by !== undefined)
      await recordAudit(deps.prisma, {
        actor: by,
        action: 'plan.remove',
        target: code,
        detail: { status, finished: false },
      }).catch(() => undefined);
    throw new PlanStatusChangeError(code, change, true, err);
  }
}

async function followSchedule(
  temporal: Client,
  code: string,
  change: PlanStatusChange,
): Promise<PlanStatusReport['schedule']> {
  const handle = temporal.schedule.getHandle(planScheduleId(code));
  try {
    if (change === 'pause') {
      await handle.pause(`Nhắc Hạn: tạm dừng kế hoạch ${code}`);
      return 'paused';
    }
    if (change === 'resume') {
      await handle.unpause(`Nhắc Hạn: tiếp tục kế hoạch ${code}`);
      return 'running';
    }
    await handle.delete();
    return 'deleted';
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) return 'none';
    throw err;
  }
}

async function stopPlanWorkflows(temporal: Client, code: string): Promise<number> {
  let stopped = 0;
  const query = `${PLAN_KEY.name} = '${code.replace(/'/g, '')}' AND ExecutionStatus = 'Running'`;
  for await (const wf of temporal.workflow.list({ query })) {
    try {
      await temporal.workflow.getHandle(wf.workflowId, wf.runId).terminate(`Nhắc Hạn: kế hoạch ${code} đã bị gỡ`);
      stopped++;
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
  }
  return stopped;
}

/** Temporal could not follow a status change; `recorded` says whether the new status stays (remove) or not. */
export class PlanStatusChangeError extends Error {
  constructor(
    readonly code: string,
    readonly change: PlanStatusChange,
    readonly recorded: boolean,
    cause: unknown,
  ) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super(
      recorded
        ? `Kế hoạch ${code} đã được ghi là đã gỡ và không khởi chạy thêm gì, nhưng Temporal chưa xóa xong lịch chạy ` +
            `hoặc các workflow (${why}). Chạy lại \`nhac-han plan remove ${code}\` khi Temporal sẵn sàng để hoàn tất. / ` +
            `Plan ${code} is recorded as removed; re-run the command to finish on the Temporal side.`
        : `Không đổi được trạng thái kế hoạch ${code}: Temporal không phản hồi (${why}); kế hoạch giữ nguyên trạng ` +
            `thái cũ. / Plan ${code} unchanged: Temporal could not follow.`,
      { cause },
    );
  }
}

export class PlanNotFoundError extends Error {
  constructor(readonly code: string) {
    super(`không có kế hoạch ${code} / no plan ${code}`);
  }
}
