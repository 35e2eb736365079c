/** `nhac-han user add`: creates a coordinator account; prints a generated password when none is given. */
import { z } from 'zod';
import { loadConfig } from '../../config';
import { createUser, NewUser, setCoordinatorPlans, UserExistsError } from '../../services/user-service';
import { CliError } from '../cli-error';
import { connectPrisma, resolveEndpoints } from '../../runtime/endpoints';

export async function userAdd(opts: {
  email?: string;
  role?: string;
  password?: string;
  plans?: string;
}): Promise<void> {
  const parsed = NewUser.safeParse({ email: opts.email, role: opts.role, password: opts.password });
  if (!parsed.success) {
    // Every wrong option at once, each named as it is typed: one round trip for the user.
    const lines = parsed.error.issues.map((i) => `--${String(i.path[0] ?? '?')}: ${i.message}`);
    throw new CliError(lines.length > 0 ? lines.join('\n') : z.prettifyError(parsed.error));
  }
  const config = loadConfig();
  const ep = resolveEndpoints(config, { database: true });
  const prisma = await connectPrisma(ep.databaseUrl);
  try {
    const u = await createUser(prisma, parsed.data);
    const plans = (opts.plans ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p !== '');
    if (plans.length > 0) await setCoordinatorPlans(prisma, u.id, plans);
    console.log(
      `Đã tạo tài khoản / created: ${u.email} (${u.role})${plans.length > 0 ? `, kế hoạch / plans: ${plans.join(', ')}` : ''}`,
    );
    if (u.generatedPassword) console.log(`Mật khẩu / password: ${u.generatedPassword}`);
  } catch (err) {
    if (err instanceof UserExistsError) throw new CliError(err.message);
    throw err;
  } finally {
    await prisma.$disconnect();
  }
}
