/**
 * `nhac-han user add|passwd|disable`: creates an account (prints a generated password when none is given), sets a
 * new password, disables an account. passwd and disable end the account's sessions; each is audited as `cli:<os
 * user>`, naming the account by its row id (src/services/account-service.ts, the same functions as the web app).
 */
import { z } from 'zod';
import {
  changePassword,
  createAccount,
  disableAccount,
  AccountRef,
  NewAccount,
  PasswordChange,
} from '../../services/account-service';
import { NotFoundError, RejectedError } from '../../services/service-errors';
import { loadConfig } from '../../config';
import { CliError } from '../cli-error';
import { cliActor } from '../cli-actor';
import { connectPrisma, resolveEndpoints } from '../../runtime/endpoints';

/** Creates the account, its plans and its audit row (`user.add`, `cli:<os user>`) in one transaction. */
export async function userAdd(opts: {
  email?: string;
  role?: string;
  password?: string;
  plans?: string;
  by?: string;
}): Promise<void> {
  const plans = (opts.plans ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const parsed = NewAccount.safeParse({ email: opts.email, role: opts.role, password: opts.password, plans });
  // Every wrong option at once, each named as it is typed: one round trip for the user.
  if (!parsed.success) throw optionErrors(parsed.error);
  const u = await withDatabase((prisma) => createAccount(prisma, parsed.data, cliActor(opts.by)));
  console.log(
    `Đã tạo tài khoản / created: ${u.email} (${u.role})${u.plans.length > 0 ? `, kế hoạch / plans: ${u.plans.join(', ')}` : ''}`,
  );
  if (u.generatedPassword) console.log(`Mật khẩu / password: ${u.generatedPassword}`);
}

/** Every wrong option at once, each named as it is typed. */
function optionErrors(error: z.ZodError): CliError {
  const lines = error.issues.map((i) => `--${String(i.path[0] ?? '?')}: ${i.message}`);
  return new CliError(lines.length > 0 ? lines.join('\n') : z.prettifyError(error));
}

async function withDatabase<T>(fn: (prisma: Awaited<ReturnType<typeof connectPrisma>>) => Promise<T>): Promise<T> {
  const ep = resolveEndpoints(loadConfig(), { database: true });
  const prisma = await connectPrisma(ep.databaseUrl);
  try {
    return await fn(prisma);
  } catch (err) {
    if (err instanceof NotFoundError) throw new CliError(`--email: không có tài khoản này / no such account`);
    if (err instanceof RejectedError) throw new CliError(`--${err.field ?? 'email'}: ${err.message}`);
    throw err;
  } finally {
    await prisma.$disconnect();
  }
}

export async function userPasswd(opts: { email?: string; password?: string; by?: string }): Promise<void> {
  const parsed = PasswordChange.safeParse({ email: opts.email, password: opts.password });
  if (!parsed.success) throw optionErrors(parsed.error);
  const r = await withDatabase((prisma) => changePassword(prisma, parsed.data, cliActor(opts.by)));
  console.log(
    `Đã đổi mật khẩu / password changed: tài khoản / account #${r.userId}, ${r.sessionsEnded} phiên đã kết thúc / sessions ended`,
  );
  if (r.generatedPassword) console.log(`Mật khẩu / password: ${r.generatedPassword}`);
}

export async function userDisable(opts: { email?: string; by?: string }): Promise<void> {
  const parsed = AccountRef.safeParse({ email: opts.email });
  if (!parsed.success) throw optionErrors(parsed.error);
  const r = await withDatabase((prisma) => disableAccount(prisma, parsed.data, cliActor(opts.by)));
  console.log(
    `Đã khóa tài khoản / account disabled: #${r.userId}, ${r.sessionsEnded} phiên đã kết thúc / sessions ended`,
  );
}
