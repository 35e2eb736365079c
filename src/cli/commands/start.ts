import { maskPersonalData } from '../../security/personal-data';
import { loadConfig } from '../../config';
import { demoPlan } from '../../domain/demo-plan';
import { PlanSchema } from '../../domain/plan-schema';
import { AlreadyRunningError } from '../../embedded/run-state';
import { PortInUseError } from '../../embedded/ports';
import { startStack } from '../../embedded/stack';
import { StartupError } from '../../runtime/startup-error';
import { applyPlan } from '../../services/plan-service';
import { consoleLogger } from '../../runtime/logger';
import { untilStopSignal } from '../../runtime/stop-signal';
import { CliError } from '../cli-error';

export const DEMO_PLAN_CODE = 'DEMO';

export async function startCommand(): Promise<void> {
  const config = loadConfig();
  const t0 = Date.now();
  const progress = (m: string) => console.log(`[nhac-han] ${m}`);
  let stack;
  try {
    stack = await startStack(config, consoleLogger, progress);
  } catch (err) {
    if (err instanceof AlreadyRunningError || err instanceof PortInUseError || err instanceof StartupError)
      throw new CliError(err.message);
    throw err;
  }
  // Taken before the demo plan loads, so a Ctrl-C during it still stops everything in order.
  const stopSignal = untilStopSignal();
  const existing = await stack.prisma.plan.findUnique({ where: { code: DEMO_PLAN_CODE }, select: { code: true } });
  if (!existing) {
    progress('Nạp kế hoạch thử nghiệm DEMO (hạn sau 10 phút) …');
    const plan = PlanSchema.parse(
      demoPlan({
        agencies: 2,
        dueIn: 'PT10M',
        reminders: ['PT9M', 'PT5M'],
        escalateAfter: ['PT2M', 'PT4M'],
        now: new Date(),
        code: DEMO_PLAN_CODE,
      }),
    );
    await applyPlan({ prisma: stack.prisma, temporal: stack.temporal, taskQueue: config.temporal.taskQueue }, plan);
  }
  const s = stack.state;
  console.log(`
Nhắc Hạn đã sẵn sàng sau ${((Date.now() - t0) / 1000).toFixed(1)} s / ready
  Ứng dụng web      ${s.webUrl}
  Tình trạng        ${s.webUrl}/healthz
  Hộp thư thử       ${stack.mailbox ? `${s.webUrl}/mailbox  (SMTP ${maskPersonalData(s.smtpUrl)})` : `(SMTP_URL=${maskPersonalData(s.smtpUrl)})`}
  Temporal Web UI   ${s.temporalUiUrl ?? '(TEMPORAL_UI_URL chưa đặt)'}
  Temporal          ${s.temporalAddress}  namespace ${s.temporalNamespace}, task queue ${s.taskQueue}
  PostgreSQL        ${s.databaseUrl.replace(/:[^:@/]+@/, ':***@')}
  Dữ liệu           ${config.dataDir}
Nhấn Ctrl-C để dừng / press Ctrl-C to stop.`);
  if (stack.firstAdmin) {
    console.log(`
Tài khoản quản trị đầu tiên / first admin account (mật khẩu chỉ hiện một lần / shown once):
  Đăng nhập tại     ${s.webUrl}/sign-in
  Email             ${stack.firstAdmin.email}
  Mật khẩu          ${stack.firstAdmin.password}`);
  }
  const signal = await stopSignal;
  console.log(`\n[nhac-han] ${signal}: đang dừng / stopping …`);
  await stack.stop();
  console.log('[nhac-han] đã dừng / stopped');
}
