/**
 * 1,000 reminder emails through the whole path (the `sendReminder` activity: assignment and plan from PostgreSQL,
 * template rendering, the outbox's claim and record, a pooled nodemailer transport) to a local SMTP server, next to
 * the limit: a bare nodemailer loop sending 1,000 plain messages over the same pooled transport settings to the same
 * server in the same run (`limitPerSec`, `ratio`), and the same loop sending a rendered reminder's content (subject,
 * text and HTML as stored, quoted-printable Vietnamese: `sameContentLimitPerSec`, `sameContentRatio`). Goals: ratio
 * ≥ 0.7 of the plain loop, ≥ 0.5 of the same-content loop (issue 16), no duplicates, nothing lost (counted
 * by Message-ID at the server).
 *
 * Starts its own embedded PostgreSQL (free port, temporary directory) and SMTP server, and removes both. Activities
 * run `CONCURRENCY` at a time, as a worker runs concurrent activity tasks; the bare loop hands all its messages to
 * the pool at once, which is the most it can do.
 */
import fs from 'node:fs';
import inspector from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { createActivities, type SendReminderInput } from '../src/activities';
import { storePlanOnly } from '../src/services/plan-service';
import { createPrisma } from '../src/db/prisma';
import { planCalendar } from '../src/domain/plan-calendar';
import { PlanSchema, type PlanInput } from '../src/domain/plan-schema';
import { applyMigrations } from '../src/embedded/migrate';
import { freePort } from '../src/embedded/ports';
import { startEmbeddedPostgres } from '../src/embedded/postgres';
import { createMailer } from '../src/notify/mailer';
import { createSmsProvider } from '../src/notify/sms/create-sms-provider';
import { loadTemplates } from '../src/notify/template-renderer';
import { startCountingServer } from './counting-smtp';
import { printFigures } from './report-line';

const MESSAGES = 1000;
/** Reporting agencies; the coordinator is one more, which reports to nobody. */
const AGENCIES = 100;
const POOL = 5;
/** Activities in flight at once: enough to keep every pooled connection busy while others wait on the database. */
const CONCURRENCY = 4 * POOL;
const WARM_UP = 50;

function plan(): PlanInput {
  const obligations = MESSAGES / AGENCIES;
  return {
    code: 'BENCH',
    title: 'Kế hoạch đo hiệu năng gửi thông báo',
    document: { number: '1/KH-UBND' },
    years: { from: 2027, to: 2027 },
    coordinator: 'SNV',
    agencies: [
      {
        code: 'SNV',
        name: 'Sở Nội vụ',
        kind: 'department' as const,
        contacts: [{ role: 'coordinator' as const, email: 'dieu-phoi@bench.test.vn' }],
      },
      ...Array.from({ length: AGENCIES }, (_, i) => ({
        code: `A${i}`,
        name: `Sở số ${i}`,
        kind: 'department' as const,
        contacts: [{ role: 'focal' as const, email: `dau-moi-${i}@bench.test.vn` }],
      })),
    ],
    obligations: Array.from({ length: obligations }, (_, k) => ({
      id: `bao-cao-${k}`,
      title: `Báo cáo chuyên đề số ${k}`,
      from: 'all' as const,
      to: 'SNV',
      due: { type: 'once' as const, date: `2027-06-${String(10 + k).padStart(2, '0')}` },
    })),
    policy: { channels: ['email'] },
  };
}

async function limited<T>(items: T[], concurrency: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

/**
 * With `BENCH_CPU_PROFILE=<file>`, a V8 CPU profile of the measured path only (open it in Chrome DevTools):
 * `node --cpu-prof` would mix in PostgreSQL's start, the migrations and both bare loops.
 */
async function startProfiler(file: string | undefined): Promise<{ stop(): Promise<void> }> {
  if (!file) return { stop: async () => undefined };
  const session = new inspector.Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    async stop() {
      const { profile } = await session.post('Profiler.stop');
      fs.writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

async function run(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nhac-han-bench-notify-'));
  const pg = await startEmbeddedPostgres({ dataDir, port: await freePort(), database: 'bench' });
  const smtp = await startCountingServer();
  const prisma = createPrisma(pg.url, { max: CONCURRENCY });
  const url = `smtp://127.0.0.1:${smtp.port}`;
  const from = 'Nhắc Hạn <nhac-han@bench.local>';
  const bare = createMailer(url, from, { maxConnections: POOL });
  const mailer = createMailer(url, from, { maxConnections: POOL });
  try {
    await applyMigrations(pg.url);
    const p = PlanSchema.parse(plan());
    const items = planCalendar(p);
    await storePlanOnly(prisma, p, new Date('2026-11-22T00:00:00Z'));
    const activities = createActivities({
      prisma,
      mailer,
      sms: createSmsProvider({ provider: 'log' }, { log: { info: () => undefined } }),
      templates: loadTemplates(),
      links: { baseUrl: 'https://nhachan.bench.gov.vn', secret: 'bench-secret-0123456789' },
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
      clock: () => new Date('2027-06-03T01:00:00Z'),
    });
    const inputs = (revision: number): SendReminderInput[] =>
      items.map((item) => ({
        assignmentId: item.id,
        revision,
        step: 'reminder:P7D',
        kind: 'upcoming',
        dueAt: item.dueAt,
      }));
    const plain = (i: number, tag: string) =>
      bare.send({
        to: `dau-moi-${i % AGENCIES}@bench.test.vn`,
        subject: `Thư thử ${tag} ${i}`,
        text: `Nội dung thư thử số ${i}.`,
        messageId: `<${tag}-${i}@bench.local>`,
      });

    // Warm-up of both (connections, JIT, prepared queries), on other keys.
    await Promise.all(Array.from({ length: WARM_UP }, (_, i) => plain(i, 'warm')));
    await limited(inputs(99).slice(0, WARM_UP), CONCURRENCY, (i) => activities.sendReminder(i));

    let t0 = performance.now();
    await Promise.all(Array.from({ length: MESSAGES }, (_, i) => plain(i, 'limit')));
    const limitMs = performance.now() - t0;

    // The same bare loop with a rendered reminder's size and encoding (text + HTML, quoted-printable Vietnamese), to
    // tell what the content costs from what the path costs (the `sameContentRatio` limit).
    const sample = await prisma.notification.findFirstOrThrow({ where: { key: { contains: '#99:' } } });
    t0 = performance.now();
    await Promise.all(
      Array.from({ length: MESSAGES }, (_, i) =>
        bare.send({
          to: `dau-moi-${i % AGENCIES}@bench.test.vn`,
          subject: sample.subject ?? '',
          text: sample.body,
          html: sample.html ?? undefined,
          messageId: `<content-${i}@bench.local>`,
        }),
      ),
    );
    const contentMs = performance.now() - t0;

    const profiler = await startProfiler(process.env.BENCH_CPU_PROFILE);
    t0 = performance.now();
    const cpu0 = process.cpuUsage();
    await limited(inputs(0), CONCURRENCY, (i) => activities.sendReminder(i));
    const pathMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    await profiler.stop();

    const rows = await prisma.notification.findMany({
      where: { key: { contains: '#0:' } },
      select: { messageId: true, status: true },
    });
    let duplicates = 0;
    let lost = 0;
    for (const row of rows) {
      const n = smtp.counts.get(row.messageId) ?? 0;
      if (n === 0 || row.status !== 'sent') lost++;
      duplicates += Math.max(0, n - 1);
    }
    lost += MESSAGES - rows.length;
    const limitPerSec = Math.round((MESSAGES / limitMs) * 1000);
    const perSec = Math.round((MESSAGES / pathMs) * 1000);
    const sameContentLimitPerSec = Math.round((MESSAGES / contentMs) * 1000);
    printFigures('notify', {
      messages: MESSAGES,
      limitPerSec,
      perSec,
      ratio: Math.round((perSec / limitPerSec) * 100) / 100,
      duplicates,
      lost,
      pool: POOL,
      concurrency: CONCURRENCY,
      sameContentLimitPerSec,
      // Issue 16's goal (≥ 0.5): the path against the bare loop sending what it sends (size, HTML, encoding).
      sameContentRatio: Math.round((perSec / sameContentLimitPerSec) * 100) / 100,
      // CPU this process (which also runs the SMTP server) spent per reminder: close to the wall time = CPU-bound.
      pathCpuMsPerMessage: Math.round(((cpu.user + cpu.system) / 1000 / MESSAGES) * 100) / 100,
      pathWallMsPerMessage: Math.round((pathMs / MESSAGES) * 100) / 100,
    });
  } finally {
    bare.close();
    mailer.close();
    await prisma.$disconnect();
    await smtp.stop();
    await pg.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

run().catch((err) => {
  console.error(err);
  process.exit(1);
});
