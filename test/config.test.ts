import net from 'node:net';
import { ConfigError, loadConfig } from '../src/config';
import { assertPortFree } from '../src/embedded/ports';

const problems = (env: NodeJS.ProcessEnv): string[] => {
  try {
    loadConfig(env, '/srv/nhac-han');
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
};

test('defaults are the contract’s', () => {
  const c = loadConfig({}, '/srv/nhac-han');
  expect(c).toMatchObject({
    dataDir: '/srv/nhac-han/.data',
    databaseUrl: undefined,
    temporal: { address: undefined, namespace: 'default', taskQueue: 'nhac-han' },
    sms: { provider: 'log' },
    port: 3000,
    appBaseUrl: 'http://localhost:3000',
    embedded: { postgresPort: 5433, temporalPort: 7233, temporalUiPort: 8233, smtpPort: 1025 },
  });
  expect(Object.isFrozen(c)).toBe(true);
});

test('empty variables count as unset', () => {
  expect(loadConfig({ DATABASE_URL: '', PORT: '' }, '/x')).toMatchObject({ databaseUrl: undefined, port: 3000 });
});

test('each bad variable is named with the reason, in Vietnamese and English', () => {
  expect(
    problems({ DATABASE_URL: 'mysql://x', TEMPORAL_ADDRESS: 'localhost', PORT: 'abc', SMTP_URL: 'http://x' }),
  ).toEqual([
    'DATABASE_URL: DATABASE_URL phải là URL postgres:// hoặc postgresql:// / must be a postgres: or postgresql: URL',
    'TEMPORAL_ADDRESS: TEMPORAL_ADDRESS phải có dạng host:port / must be host:port',
    'SMTP_URL: SMTP_URL phải là URL smtp:// hoặc smtps:// / must be a smtp: or smtps: URL',
    'PORT: PORT phải là số cổng / must be a port number',
  ]);
  expect(problems({ SMS_PROVIDER: 'webhook' })).toEqual([
    'SMS_WEBHOOK_URL: cần khi SMS_PROVIDER=webhook / required when SMS_PROVIDER=webhook',
  ]);
  expect(problems({ SMS_PROVIDER: 'viettel' })).toEqual([
    'SMS_PROVIDER: SMS_PROVIDER phải là log, webhook, esms hoặc zalo / must be log, webhook, esms or zalo',
  ]);
});

test('message prices: defaults, overrides, and a bad one named', () => {
  expect(loadConfig({}, '/x').prices).toEqual({ smsSegmentVnd: 800, zaloMessageVnd: 250, emailVnd: 0 });
  expect(loadConfig({ SMS_PRICE_VND: '650', EMAIL_PRICE_VND: '5' }, '/x').prices).toEqual({
    smsSegmentVnd: 650,
    zaloMessageVnd: 250,
    emailVnd: 5,
  });
  expect(problems({ SMS_PRICE_VND: 'rẻ', ZALO_PRICE_VND: '-1' })).toEqual([
    'SMS_PRICE_VND: SMS_PRICE_VND phải là số đồng / must be an amount in VND',
    'ZALO_PRICE_VND: ZALO_PRICE_VND không được âm / must not be negative',
  ]);
});

test('metrics: no token and no worker port by default; both set; bad ones named', () => {
  expect(loadConfig({}, '/x').metrics).toEqual({ token: undefined, workerPort: undefined });
  expect(
    loadConfig({ METRICS_TOKEN: 'mot-chuoi-ngau-nhien-du-dai', WORKER_METRICS_PORT: '9464' }, '/x').metrics,
  ).toEqual({ token: 'mot-chuoi-ngau-nhien-du-dai', workerPort: 9464 });
  expect(problems({ METRICS_TOKEN: 'ngan', WORKER_METRICS_PORT: '70000' })).toEqual([
    'METRICS_TOKEN: METRICS_TOKEN phải dài ít nhất 16 ký tự / must be at least 16 characters',
    'WORKER_METRICS_PORT: WORKER_METRICS_PORT phải từ 1 đến 65535 / must be 1–65535',
  ]);
});

test('worker: the workflow cache is 500 by default, set by WORKER_MAX_CACHED_WORKFLOWS, bad values named', () => {
  expect(loadConfig({}, '/x').worker).toEqual({ maxCachedWorkflows: 500 });
  expect(loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '200' }, '/x').worker).toEqual({ maxCachedWorkflows: 200 });
  expect(loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '0' }, '/x').worker).toEqual({ maxCachedWorkflows: 0 });
  const range = 'WORKER_MAX_CACHED_WORKFLOWS phải là 0 (tắt) hoặc từ 2 đến 100000 / must be 0 (off) or 2–100000';
  expect(problems({ WORKER_MAX_CACHED_WORKFLOWS: '1' })).toEqual([`WORKER_MAX_CACHED_WORKFLOWS: ${range}`]);
  expect(problems({ WORKER_MAX_CACHED_WORKFLOWS: '200000' })).toEqual([`WORKER_MAX_CACHED_WORKFLOWS: ${range}`]);
  expect(problems({ WORKER_MAX_CACHED_WORKFLOWS: 'nhiều' })).toEqual([
    'WORKER_MAX_CACHED_WORKFLOWS: WORKER_MAX_CACHED_WORKFLOWS phải là số quy trình / must be a number of workflows',
  ]);
  expect(problems({ WORKER_MAX_CACHED_WORKFLOWS: '2.5' })).toEqual([
    'WORKER_MAX_CACHED_WORKFLOWS: WORKER_MAX_CACHED_WORKFLOWS phải là số nguyên / must be an integer',
  ]);
});

test('a port in use is named with the variable that moves it', async () => {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as net.AddressInfo).port;
  try {
    await expect(assertPortFree(port, 'SMTP', 'NHAC_HAN_SMTP_PORT')).rejects.toThrow(
      `Cổng ${port} (SMTP) đang bị chiếm; đặt NHAC_HAN_SMTP_PORT=<cổng khác> để dùng cổng khác / port ${port} for SMTP is in use; set NHAC_HAN_SMTP_PORT to move it`,
    );
  } finally {
    srv.close();
  }
});

test('Zalo settings: the access token and OA id together, the webhook pair together, rates per relay', () => {
  expect(() => loadConfig({ SMS_PROVIDER: 'zalo' })).toThrow(
    'ZALO_ACCESS_TOKEN: cần để gửi tin Zalo / required to send Zalo messages\n' +
      'ZALO_OA_ID: cần để gửi tin Zalo / required to send Zalo messages',
  );
  expect(() => loadConfig({ ZALO_APP_ID: '174' })).toThrow(
    'ZALO_OA_SECRET_KEY: cần cùng ZALO_APP_ID để kiểm tra chữ ký webhook Zalo / required together to check the Zalo webhook signature',
  );
  expect(() => loadConfig({ SMTP_RATE_PER_MINUTE: '0' })).toThrow(
    'SMTP_RATE_PER_MINUTE: SMTP_RATE_PER_MINUTE phải từ 1 đến 100000 / must be 1–100000',
  );
  const c = loadConfig({
    SMS_PROVIDER: 'zalo',
    ZALO_ACCESS_TOKEN: 't',
    ZALO_OA_ID: '4097311281936189049',
    SMTP_RATE_PER_MINUTE: '120',
  });
  expect(c.zalo).toMatchObject({ baseUrl: 'https://business.openapi.zalo.me', oaId: '4097311281936189049' });
  expect(c.rates).toEqual({ email: 120, sms: undefined, zalo: undefined });
  expect(() => loadConfig({ TEMPORAL_STARTS_PER_SECOND: 'nhanh' })).toThrow(
    'TEMPORAL_STARTS_PER_SECOND: TEMPORAL_STARTS_PER_SECOND phải là số quy trình mỗi giây / must be workflow starts per second',
  );
  expect(loadConfig({ TEMPORAL_STARTS_PER_SECOND: '40' }).temporal.startsPerSecond).toBe(40);
  expect(loadConfig({}).temporal.startsPerSecond).toBeUndefined();
});
