/**
 * The web app over real HTTP with a cloned database and no Temporal worker: for tests of what happens before any
 * workflow is asked (sign-in, roles, CSRF, headers). Routes that do reach Temporal get a client that refuses.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { freePort } from '../../src/embedded/ports';
import { buildApp, type AppDeps } from '../../src/web/app';
import type { WebDeps } from '../../src/web/context';
import { createTestDatabase, type TestDatabase } from './database';

export interface LightWebApp {
  url: string;
  app: FastifyInstance;
  db: TestDatabase;
  close(): Promise<void>;
}

const noTemporal = new Proxy(
  {},
  {
    get: () => {
      throw new Error('no Temporal in this test');
    },
  },
) as Client;

export async function startLightWebApp(web: Partial<WebDeps> = {}, app: Partial<AppDeps> = {}): Promise<LightWebApp> {
  const db = await createTestDatabase();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nhac-han-light-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const fastify = await buildApp({
    health: {},
    ...app,
    web: {
      prisma: db.prisma,
      links: { baseUrl: url, secret: 'Jx8rV2mQ9tLw4ZkP7nB3cY6hF1sD5gA0eR' },
      temporal: noTemporal,
      taskQueue: 'none',
      namespace: 'default',
      dataDir,
      ...web,
    },
  });
  await fastify.listen({ port, host: '127.0.0.1' });
  return {
    url,
    app: fastify,
    db,
    async close() {
      await fastify.close();
      await db.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
