/**
 * The cycle dashboard of a plan with 200 agencies × 6 obligations (1,200 cells) served by the web app over real HTTP
 * from embedded PostgreSQL. Goal: under 1 s on a 2-core machine. Prints the median server time of 7 requests after
 * 2 warm-ups (`serverMs`, measured at the client on 127.0.0.1) and the page's size (`bytes`).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@temporalio/client';
import { createPrisma } from '../src/db/prisma';
import { PlanSchema, type PlanInput } from '../src/domain/plan-schema';
import { applyMigrations } from '../src/embedded/migrate';
import { freePort } from '../src/embedded/ports';
import { startEmbeddedPostgres } from '../src/embedded/postgres';
import { storePlanOnly } from '../src/services/plan-service';
import { createUser } from '../src/services/user-service';
import { buildApp } from '../src/web/app';
import { printFigures } from './report-line';

const YEAR = 2026;

function bigPlan(): PlanInput {
  const agencies = Array.from({ length: 200 }, (_, i) => ({
    code: `A${i}`,
    name: `Ủy ban nhân dân xã số ${i}`,
    kind: 'commune' as const,
    contacts: [{ role: 'focal' as const, email: `a${i}@example.vn` }],
  }));
  const yearly = (id: string, title: string, date: string) => ({
    id,
    title,
    from: 'all',
    to: 'A0',
    due: { type: 'yearly' as const, date },
  });
  return {
    code: 'BENCH-WEB',
    title: 'Kế hoạch đo hiệu năng bảng theo dõi',
    years: { from: YEAR, to: YEAR },
    coordinator: 'A0',
    agencies,
    obligations: [
      yearly('ke-hoach', 'Kế hoạch năm', '25/3'),
      yearly('bc-quy-1', 'Báo cáo quý I', '20/3'),
      yearly('bc-6-thang', 'Báo cáo 6 tháng', '10/6'),
      yearly('bc-quy-3', 'Báo cáo quý III', '20/9'),
      yearly('hang-nam', 'Tháng hành động', '15/10'),
      yearly('bc-nam', 'Báo cáo năm', '30/11'),
    ],
  };
}

async function run(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nhac-han-bench-web-'));
  const pg = await startEmbeddedPostgres({ dataDir, port: await freePort(), database: 'bench' });
  const prisma = createPrisma(pg.url);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  try {
    await applyMigrations(pg.url);
    const plan = PlanSchema.parse(bigPlan());
    await storePlanOnly(prisma, plan, new Date(`${YEAR}-01-01T00:00:00Z`));
    await createUser(prisma, { email: 'bench@so.test', role: 'viewer', password: 'bench-password-123' });
    const app = await buildApp({
      health: {},
      web: {
        prisma,
        links: { baseUrl: url, secret: 'bench-secret-0123456789' },
        // The dashboard never talks to Temporal; a lazy client that never connects.
        temporal: new Client(),
        taskQueue: 'bench',
        namespace: 'default',
        dataDir,
      },
    });
    await app.listen({ port, host: '127.0.0.1' });
    const session = await fetch(`${url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'bench@so.test', password: 'bench-password-123' }),
    });
    const cookie = (session.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const page = `${url}/plans/BENCH-WEB/years/${YEAR}`;
    let bytes = 0;
    let cells = 0;
    const times: number[] = [];
    for (let i = 0; i < 9; i++) {
      const t0 = performance.now();
      const res = await fetch(page, { headers: { cookie } });
      const body = await res.text();
      const ms = performance.now() - t0;
      if (res.status !== 200) throw new Error(`dashboard answered ${res.status}`);
      bytes = Buffer.byteLength(body);
      cells = (body.match(/data-state=/g) ?? []).length;
      if (i >= 2) times.push(ms);
    }
    times.sort((a, b) => a - b);
    await app.close();
    printFigures('web', {
      serverMs: Math.round(times[3]! * 10) / 10,
      minMs: Math.round(times[0]! * 10) / 10,
      bytes,
      cells,
      runs: times.length,
    });
  } finally {
    await prisma.$disconnect();
    await pg.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

run().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
