/** `nhac-han user add`: creates a coordinator account; prints a generated password when none is given. */
import { z } from 'zod';
import { loadConfig } from '../../config';
import { createUser, NewUser, UserExistsError } from '../../services/user-service';
import { CliError } from '../cli-error';
import { connectPrisma, resolveEndpoints } from '../endpoints';

export async function userAdd(opts: { email?: string; role?: string; password?: string }): Promise<void> {
  const parsed = NewUser.safeParse({ email: opts.email, role: opts.role, password: opts.password });
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const flag = first ? `--${String(first.path[0] ?? '')}` : '';
    throw new CliError(`${flag}: ${first?.message ?? z.prettifyError(parsed.error)}`);
  }
  const config = loadConfig();
  const ep = resolveEndpoints(config, { database: true });
  const prisma = await connectPrisma(ep.databaseUrl);
  try {
    const u = await createUser(prisma, parsed.data);
    console.log(`Đã tạo tài khoản / created: ${u.email} (${u.role})`);
    if (u.generatedPassword) console.log(`Mật khẩu / password: ${u.generatedPassword}`);
  } catch (err) {
    if (err instanceof UserExistsError) throw new CliError(err.message);
    throw err;
  } finally {
    await prisma.$disconnect();
  }
}
