/**
 * The real path with the mail server down: a worker on the shared Temporal dev server with the product's activities
 * and a pooled nodemailer transport pointed at a free port where nothing listens, a cloned database, and the means
 * to bring an SMTP server up on that same port later.
 */
import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../../src/activities';
import { createMailer } from '../../src/notify/mailer';
import { startTestSmtp, type TestSmtp } from '../notify/notify-fixtures';
import { createTestDatabase, type TestDatabase } from './database';
import { testActivityDeps } from './stack';
import { devServerAddress } from './temporal';

export interface SmtpOutage {
  db: TestDatabase;
  client: Client;
  taskQueue: string;
  /** Starts the SMTP server on the port the worker has been failing to reach. */
  smtpBack(): Promise<TestSmtp>;
  close(): Promise<void>;
}

export async function startSmtpOutage(prefix: string): Promise<SmtpOutage> {
  const db = await createTestDatabase();
  // A free port found by listening once, then closed: the sends meet a refused connection.
  const probe = await startTestSmtp();
  const port = probe.port;
  await probe.stop();
  const mailer = createMailer(`smtp://127.0.0.1:${port}`, 'Nhắc Hạn <nhac-han@test.local>');
  const connection = await Connection.connect({ address: devServerAddress() });
  const taskQueue = `${prefix}-${randomBytes(4).toString('hex')}`;
  const worker = await Worker.create({
    connection: await NativeConnection.connect({ address: devServerAddress() }),
    taskQueue,
    workflowsPath: require.resolve('../../src/workflows'),
    activities: createActivities(testActivityDeps(db.prisma, mailer)),
  });
  const running = worker.run();
  let smtp: TestSmtp | undefined;
  return {
    db,
    client: new Client({ connection }),
    taskQueue,
    async smtpBack() {
      smtp = await startTestSmtp({ port });
      return smtp;
    },
    async close() {
      worker.shutdown();
      await running;
      mailer.close();
      await smtp?.stop();
      await connection.close();
      await db.drop();
    },
  };
}
