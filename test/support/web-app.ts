/**
 * The web app over real HTTP for tests: a cloned database, a real SMTP mailbox, the shared Temporal dev server with a
 * worker on this file's own task queue, uploads in a temporary DATA_DIR, fastify listening on 127.0.0.1.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import { createActivities, type ActivityDeps } from '../../src/activities';
import { demoPlan } from '../../src/domain/demo-plan';
import type { PlanInput } from '../../src/domain/plan-schema';
import { freePort } from '../../src/embedded/ports';
import { createUser, setCoordinatorPlans, type Role } from '../../src/services/user-service';
import { buildApp } from '../../src/web/app';
import type { WebDeps } from '../../src/web/context';
import { createTestDeps, type TestDeps } from './stack';
import { devServerAddress } from './temporal';

/** A demo plan due in two hours, its one reminder ten minutes from now: a plan a web test can act on at leisure. */
export function webDemoPlan(code: string, agencies = 3): PlanInput {
  return demoPlan({ agencies, dueIn: 'PT2H', reminders: ['PT1H50M'], escalateAfter: ['PT3H'], now: new Date(), code });
}

export interface WebTestApp {
  t: TestDeps;
  url: string;
  app: FastifyInstance;
  client: Client;
  taskQueue: string;
  dataDir: string;
  /** Creates an account and signs it in; returns its cookie header and CSRF token. */
  /** Creates an account (a coordinator of `plans`) and signs it in; returns its cookie header and CSRF token. */
  signedIn(role: Role, plans?: string[]): Promise<{ cookie: string; csrf: string; email: string; password: string }>;
  close(): Promise<void>;
}

/** `activities` replaces activity dependencies of the worker (an SMS gateway, say). */
export async function startWebApp(
  extra: Partial<WebDeps> = {},
  activities: Partial<ActivityDeps> = {},
): Promise<WebTestApp> {
  const t = await createTestDeps();
  Object.assign(t.deps, activities);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  t.deps.links = { ...t.deps.links, baseUrl: url };
  // One DATA_DIR for the web app and the worker, as in production: reports the cycle compiles are served by the app.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nhac-han-web-'));
  t.deps.dataDir = dataDir;
  const taskQueue = `web-${randomBytes(4).toString('hex')}`;
  const connection = await Connection.connect({ address: devServerAddress() });
  const client = new Client({ connection });
  const nativeConnection = await NativeConnection.connect({ address: devServerAddress() });
  const worker = await Worker.create({
    connection: nativeConnection,
    taskQueue,
    workflowsPath: require.resolve('../../src/workflows'),
    activities: createActivities(t.deps),
  });
  const running = worker.run();
  const app = await buildApp({
    health: {},
    mailbox: t.mailbox,
    temporalUiUrl: 'http://127.0.0.1:8233',
    web: {
      prisma: t.deps.prisma,
      links: t.deps.links,
      temporal: client,
      taskQueue,
      namespace: 'default',
      dataDir,
      ...extra,
    },
  });
  await app.listen({ port, host: '127.0.0.1' });
  let n = 0;
  return {
    t,
    url,
    app,
    client,
    taskQueue,
    dataDir,
    async signedIn(role, plans = []) {
      const email = `${role}-${++n}-${randomBytes(3).toString('hex')}@so-noi-vu.test`;
      const password = 'mat-khau-du-dai-123';
      const u = await createUser(t.db.prisma, { email, role, password });
      if (plans.length > 0) await setCoordinatorPlans(t.db.prisma, u.id, plans);
      const res = await fetch(`${url}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
      if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
      const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const body = (await res.json()) as { user: { csrfToken: string } };
      return { cookie, csrf: body.user.csrfToken, email, password };
    },
    async close() {
      await app.close();
      worker.shutdown();
      await running;
      await nativeConnection.close();
      await connection.close();
      await t.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
