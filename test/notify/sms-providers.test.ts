import { createSmsProvider } from '../../src/notify/sms/create-sms-provider';
import { EsmsSmsProvider } from '../../src/notify/sms/esms-provider';
import { LogSmsProvider } from '../../src/notify/sms/log-provider';
import { SmsPermanentError, SmsTransientError, type SmsLogger } from '../../src/notify/sms/sms-provider';
import { WebhookSmsProvider } from '../../src/notify/sms/webhook-provider';
import { startEsmsGateway, type EsmsGateway } from '../support/esms-gateway';
import { listenLocal } from '../support/http-server';
import { startSmsWebhookServer, type SmsWebhookServer } from '../support/sms-webhook-server';

const API_KEY = 'A1B2C3D4E5';
const SECRET_KEY = 'S3CR3T';
const BRANDNAME = 'NHACHAN';
const VIETNAMESE = 'Sở Y tế: còn 3 ngày để gửi báo cáo 6 tháng.';
const PLAIN = 'So Y te: con 3 ngay de gui bao cao 6 thang.';

function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the send to fail');
    },
    (err: unknown) => err,
  );
}

/** A port that was listening a moment ago and is now closed: connecting to it is refused. */
async function closedPortUrl(): Promise<string> {
  const server = await listenLocal((_req, res) => res.end());
  await server.close();
  return server.origin;
}

describe('eSMS provider against a local eSMS gateway over HTTP', () => {
  let gateway: EsmsGateway;
  let provider: EsmsSmsProvider;

  beforeEach(async () => {
    gateway = await startEsmsGateway({ apiKey: API_KEY, secretKey: SECRET_KEY, brandnames: [BRANDNAME] });
    provider = new EsmsSmsProvider({
      baseUrl: gateway.baseUrl,
      apiKey: API_KEY,
      secretKey: SECRET_KEY,
      brandname: BRANDNAME,
    });
  });
  afterEach(async () => {
    await gateway.close();
  });

  test('sends in the documented shape and returns the SMSID', async () => {
    const result = await provider.send({ to: '+84912345678', text: VIETNAMESE, id: 'plan:2025:h1:SYT:sms' });

    expect(gateway.requests).toEqual([
      {
        ApiKey: API_KEY,
        SecretKey: SECRET_KEY,
        Content: VIETNAMESE,
        Phone: '0912345678',
        Brandname: BRANDNAME,
        SmsType: '2',
        IsUnicode: '1',
        RequestId: 'plan:2025:h1:SYT:sms',
      },
    ]);
    expect(gateway.messages).toHaveLength(1);
    expect(result).toEqual({ providerMessageId: gateway.messages[0]?.smsId });
  });

  test('text without diacritics goes as non-Unicode', async () => {
    await provider.send({ to: '+84912345678', text: PLAIN, id: 'a' });
    expect(gateway.messages[0]).toMatchObject({ isUnicode: '0', content: PLAIN });
  });

  test('sandbox mode sets Sandbox=1', async () => {
    const sandboxed = new EsmsSmsProvider({
      baseUrl: gateway.baseUrl,
      apiKey: API_KEY,
      secretKey: SECRET_KEY,
      brandname: BRANDNAME,
      sandbox: true,
    });
    await sandboxed.send({ to: '+84912345678', text: PLAIN, id: 'sandboxed' });
    expect(gateway.messages[0]?.sandbox).toBe(true);
  });

  test('wrong credentials (101) are a permanent failure', async () => {
    const wrong = new EsmsSmsProvider({
      baseUrl: gateway.baseUrl,
      apiKey: API_KEY,
      secretKey: 'nope',
      brandname: BRANDNAME,
    });
    const err = await rejection(wrong.send({ to: '+84912345678', text: PLAIN, id: 'x' }));
    expect(err).toBeInstanceOf(SmsPermanentError);
    expect(err).toMatchObject({
      provider: 'esms',
      code: '101',
      message: 'eSMS CodeResult 101: sai ApiKey hoặc SecretKey / wrong ApiKey or SecretKey (Authorize Failed)',
    });
    expect(gateway.messages).toHaveLength(0);
  });

  test('an unregistered brandname (104) is a permanent failure', async () => {
    const other = new EsmsSmsProvider({
      baseUrl: gateway.baseUrl,
      apiKey: API_KEY,
      secretKey: SECRET_KEY,
      brandname: 'OTHER',
    });
    const err = await rejection(other.send({ to: '+84912345678', text: PLAIN, id: 'x' }));
    expect(err).toBeInstanceOf(SmsPermanentError);
    expect(err).toMatchObject({ code: '104' });
  });

  test('a rejected template (146) is permanent; insufficient balance (103) and 99 are transient', async () => {
    gateway.failNext({ codeResult: '146', errorMessage: 'Sai template Brandname CSKH' });
    gateway.failNext({ codeResult: '103' });
    gateway.failNext({ codeResult: '99' });
    gateway.failNext({ codeResult: '555' });
    const send = () => rejection(provider.send({ to: '+84912345678', text: PLAIN, id: `x${Math.random()}` }));
    expect(await send()).toBeInstanceOf(SmsPermanentError);
    expect(await send()).toBeInstanceOf(SmsTransientError);
    expect(await send()).toBeInstanceOf(SmsTransientError);
    const unknown = await send();
    expect(unknown).toBeInstanceOf(SmsTransientError);
    expect(unknown).toMatchObject({ message: 'eSMS CodeResult 555: mã không xác định / unknown code' });
  });

  test('HTTP 500 is transient, and the retry with the same id is sent once', async () => {
    gateway.failNext({ httpStatus: 500 });
    const err = await rejection(provider.send({ to: '+84912345678', text: PLAIN, id: 'retry-me' }));
    expect(err).toBeInstanceOf(SmsTransientError);
    expect(err).toMatchObject({ code: '500' });

    const first = await provider.send({ to: '+84912345678', text: PLAIN, id: 'retry-me' });
    // The answer to the first success was lost: eSMS refuses the repeat as a duplicate (124), which is a success.
    const again = await provider.send({ to: '+84912345678', text: PLAIN, id: 'retry-me' });
    expect(gateway.messages).toHaveLength(1);
    expect(first.providerMessageId).toBe(gateway.messages[0]?.smsId);
    expect(again.providerMessageId).toBe('esms-request:retry-me');
  });

  test('long idempotency keys are shortened to a stable RequestId of at most 50 characters', async () => {
    const id = `assignment:${'x'.repeat(60)}:upcoming:P3D:sms:+84912345678`;
    await provider.send({ to: '+84912345678', text: PLAIN, id });
    await provider.send({ to: '+84912345678', text: PLAIN, id });
    const [a, b] = gateway.requests as { RequestId: string }[];
    expect(a?.RequestId.length).toBeLessThanOrEqual(50);
    expect(a?.RequestId).toBe(b?.RequestId);
    expect(gateway.messages).toHaveLength(1);
  });

  test('a number outside Vietnam or not E.164 is refused before any request', async () => {
    expect(await rejection(provider.send({ to: '+12025550100', text: PLAIN, id: 'x' }))).toBeInstanceOf(
      SmsPermanentError,
    );
    expect(await rejection(provider.send({ to: '0912345678', text: PLAIN, id: 'x' }))).toBeInstanceOf(
      SmsPermanentError,
    );
    expect(gateway.requests).toHaveLength(0);
  });

  test('a wrong base URL (404) is permanent; an unreachable gateway is transient', async () => {
    const wrongPath = new EsmsSmsProvider({
      baseUrl: `${gateway.baseUrl}/v2`,
      apiKey: API_KEY,
      secretKey: SECRET_KEY,
      brandname: BRANDNAME,
    });
    expect(await rejection(wrongPath.send({ to: '+84912345678', text: PLAIN, id: 'x' }))).toBeInstanceOf(
      SmsPermanentError,
    );

    const down = new EsmsSmsProvider({
      baseUrl: await closedPortUrl(),
      apiKey: API_KEY,
      secretKey: SECRET_KEY,
      brandname: BRANDNAME,
    });
    const err = await rejection(down.send({ to: '+84912345678', text: PLAIN, id: 'x' }));
    expect(err).toBeInstanceOf(SmsTransientError);
    expect(err).toMatchObject({ code: 'network' });
    expect((err as Error).cause).toBeDefined();
  });
});

describe('webhook provider against a local receiver over HTTP', () => {
  let receiver: SmsWebhookServer;
  let provider: WebhookSmsProvider;

  beforeEach(async () => {
    receiver = await startSmsWebhookServer();
    provider = new WebhookSmsProvider({ url: receiver.url, timeoutMs: 300 });
  });
  afterEach(async () => {
    await receiver.close();
  });

  test('2xx: POSTs {to, text, id} as JSON and is accepted', async () => {
    const result = await provider.send({ to: '+84912345678', text: VIETNAMESE, id: 'n-1' });
    expect(receiver.received).toEqual([
      {
        to: '+84912345678',
        text: VIETNAMESE,
        id: 'n-1',
        idempotencyKey: 'n-1',
        contentType: 'application/json; charset=utf-8',
      },
    ]);
    expect(result).toEqual({ providerMessageId: 'wh-1' });
  });

  test('2xx without a body id: the message id stands in', async () => {
    receiver.answerNext({ status: 204 });
    expect(await provider.send({ to: '+84912345678', text: PLAIN, id: 'n-2' })).toEqual({ providerMessageId: 'n-2' });
  });

  test.each([400, 401, 403, 404, 422])('%d is permanent', async (status) => {
    receiver.answerNext({ status, body: { error: 'rejected' } });
    const err = await rejection(provider.send({ to: '+84912345678', text: PLAIN, id: 'n' }));
    expect(err).toBeInstanceOf(SmsPermanentError);
    expect(err).toMatchObject({
      provider: 'webhook',
      code: String(status),
      message: `webhook: HTTP ${status}: {"error":"rejected"}`,
    });
  });

  test.each([500, 502, 503, 429, 408])('%d is transient', async (status) => {
    receiver.answerNext({ status });
    const err = await rejection(provider.send({ to: '+84912345678', text: PLAIN, id: 'n' }));
    expect(err).toBeInstanceOf(SmsTransientError);
    expect(err).toMatchObject({ code: String(status) });
  });

  test('a receiver slower than the timeout is transient', async () => {
    receiver.answerNext({ status: 200, delayMs: 2_000 });
    const err = await rejection(provider.send({ to: '+84912345678', text: PLAIN, id: 'slow' }));
    expect(err).toBeInstanceOf(SmsTransientError);
    expect(err).toMatchObject({ code: 'timeout', message: expect.stringContaining('within 300 ms') as unknown });
  });

  test('a refused connection is transient', async () => {
    const down = new WebhookSmsProvider({ url: `${await closedPortUrl()}/sms` });
    const err = await rejection(down.send({ to: '+84912345678', text: PLAIN, id: 'n' }));
    expect(err).toBeInstanceOf(SmsTransientError);
    expect(err).toMatchObject({ code: 'network' });
  });

  test('refuses a non-http URL at construction', () => {
    expect(() => new WebhookSmsProvider({ url: 'ftp://example.org/sms' })).toThrow(
      'SMS_WEBHOOK_URL must be an http(s) URL',
    );
  });
});

describe('log provider', () => {
  test('writes one line per message and returns a generated id', async () => {
    const lines: { message: string; fields?: Record<string, unknown> }[] = [];
    const log: SmsLogger = { info: (message, fields) => lines.push({ message, fields }) };
    const provider = new LogSmsProvider(log);
    const a = await provider.send({ to: '+84912345678', text: VIETNAMESE, id: 'k1' });
    const b = await provider.send({ to: '+84912345678', text: PLAIN, id: 'k2' });
    expect(lines).toHaveLength(2);
    // The number and any signed link are masked: log lines are no place for personal data or credentials.
    expect(lines[0]?.message).toBe(`SMS (not sent, SMS_PROVIDER=log) to <phone …678>: ${VIETNAMESE}`);
    await provider.send({ to: '+84912345678', text: 'Nộp tại https://x.vn/s/eyJhIjoiREVNTyJ9.abcdefgh', id: 'k3' });
    expect(lines[2]?.message).toBe('SMS (not sent, SMS_PROVIDER=log) to <phone …678>: Nộp tại https://x.vn/s/<token>');
    expect(JSON.stringify(lines)).not.toContain('912345678');
    expect(lines[0]?.fields).toMatchObject({ sms: { id: 'k1', providerMessageId: a.providerMessageId } });
    expect(a.providerMessageId).toMatch(/^log-[0-9a-f-]{36}$/);
    expect(a.providerMessageId).not.toBe(b.providerMessageId);
  });
});

describe('createSmsProvider', () => {
  const log: SmsLogger = { info: () => undefined };

  test('builds each provider', () => {
    expect(createSmsProvider({ provider: 'log' }, { log }).name).toBe('log');
    expect(createSmsProvider({ provider: 'webhook', webhookUrl: 'http://127.0.0.1:9/sms' }, { log }).name).toBe(
      'webhook',
    );
    expect(
      createSmsProvider(
        { provider: 'esms', esms: { apiKey: API_KEY, secretKey: SECRET_KEY, brandname: BRANDNAME } },
        { log },
      ).name,
    ).toBe('esms');
  });

  test('names the missing setting', () => {
    expect(() => createSmsProvider({ provider: 'webhook' }, { log })).toThrow(
      'SMS_WEBHOOK_URL is required when SMS_PROVIDER=webhook',
    );
    expect(() => createSmsProvider({ provider: 'esms' }, { log })).toThrow('required when SMS_PROVIDER=esms');
    expect(() =>
      createSmsProvider({ provider: 'esms', esms: { apiKey: '', secretKey: 's', brandname: 'b' } }, { log }),
    ).toThrow('eSMS: apiKey is required');
    expect(() => createSmsProvider({ provider: 'nexmo' as 'log' }, { log })).toThrow(
      'Unknown SMS_PROVIDER "nexmo"; supported: log, webhook, esms',
    );
  });

  test('the webhook provider it builds talks to the configured URL', async () => {
    const receiver = await startSmsWebhookServer();
    try {
      const provider = createSmsProvider({ provider: 'webhook', webhookUrl: receiver.url }, { log });
      await provider.send({ to: '+84912345678', text: PLAIN, id: 'via-factory' });
      expect(receiver.received.map((m) => m.id)).toEqual(['via-factory']);
    } finally {
      await receiver.close();
    }
  });
});
