/**
 * How a CLI command computes dates with the stored calendar: with a running Nhắc Hạn (or DATABASE_URL), the admin's
 * entries are read and installed first; without one, the shipped files are used and a note on stderr says so.
 */
import { loadConfig, type Config } from '../../config';
import type { PrismaClient } from '../../db/prisma';
import { installCalendarData } from '../../domain/calendar-data';
import { connectPrisma, resolveEndpoints } from '../../runtime/endpoints';
import { loadCalendarData } from '../../services/holiday-store';

export async function withDatabase<T>(fn: (prisma: PrismaClient) => Promise<T>, config: Config): Promise<T> {
  const ep = resolveEndpoints(config, { database: true });
  const prisma = await connectPrisma(ep.databaseUrl, 2);
  try {
    return await fn(prisma);
  } finally {
    await prisma.$disconnect();
  }
}

export async function withStoredCalendar<T>(fn: () => T, config: Config = loadConfig()): Promise<T> {
  const ep = resolveEndpoints(config, {});
  if (!ep.databaseUrl) {
    console.error(
      'Ghi chú: không thấy Nhắc Hạn đang chạy, dùng lịch nghỉ đi kèm phần mềm (không có mục do quản trị viên nhập). / ' +
        'note: no database, using the shipped calendar',
    );
    return fn();
  }
  installCalendarData(await withDatabase((prisma) => loadCalendarData(prisma), config));
  return fn();
}
