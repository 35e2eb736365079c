/**
 * Tokens, emails and phone numbers masked wherever the product writes a line: the request log (a `/s/<token>` URL
 * is a credential), the processes' logger (outbox keys name recipients), and activity failures (see pii-scan).
 */
import { PassThrough } from 'node:stream';
import { ApplicationFailure } from '@temporalio/common';
import { freePort } from '../../src/embedded/ports';
import { prefixedLogger } from '../../src/runtime/logger';
import { maskError, maskPersonalData } from '../../src/security/personal-data';
import { buildApp } from '../../src/web/app';

test('emails, phone numbers, link tokens and URL credentials are masked; dates, ids and counts are not', () => {
  expect(
    maskPersonalData(
      'DEMO/2026/bao-cao-thu/DV01#1:remind:sms:+84912000001: 503; email:Dau-Moi@so-y-te.gov.vn; gọi 0912 345 678',
    ),
  ).toBe('DEMO/2026/bao-cao-thu/DV01#1:remind:sms:<phone …001>: 503; email:<email …@so-y-te.gov.vn>; gọi <phone …678>');
  expect(maskPersonalData('https://x.vn/s/eyJhIjoiREVNTy8yMDI2In0.c2lnbmF0dXJl?x=1')).toBe(
    'https://x.vn/s/<token>?x=1',
  );
  expect(maskPersonalData('smtps://user:p%40ss@mail.gov.vn:465')).toBe('smtps://user:***@mail.gov.vn:465');
  const plain = 'at 2026-06-10T16:59:59.000Z, 1764633600000 ms, 12 message(s), id 550e8400-e29b-41d4-a716-446655440000';
  expect(maskPersonalData(plain)).toBe(plain);
});

test('a failure keeps its type and retryability, with message, stack and cause masked', () => {
  const cause = new Error('550 5.1.1 <dau-moi@so.gov.vn>: Recipient address rejected');
  const f = ApplicationFailure.create({
    type: 'InvalidRecipient',
    message: 'refused dau-moi@so.gov.vn',
    nonRetryable: true,
    cause,
  });
  const m = maskError(f);
  expect(m).toBeInstanceOf(ApplicationFailure);
  expect(m).toMatchObject({ type: 'InvalidRecipient', nonRetryable: true, message: 'refused <email …@so.gov.vn>' });
  expect(m.stack).not.toContain('dau-moi@');
  expect((m.cause as Error).message).toBe('550 5.1.1 <<email …@so.gov.vn>>: Recipient address rejected');
  const plain = maskError(new Error('1 message(s) not delivered yet: K:sms:+84912000001: timeout'));
  expect(plain.message).toBe('1 message(s) not delivered yet: K:sms:<phone …001>: timeout');
});

test('the processes’ log lines mask what they quote', () => {
  const lines: string[] = [];
  const spy = jest.spyOn(console, 'error').mockImplementation((l: string) => void lines.push(l));
  try {
    prefixedLogger('worker').error('message failed', { key: 'X#1:remind:email:a.b@so.gov.vn', error: 'to 0912000001' });
  } finally {
    spy.mockRestore();
  }
  expect(lines).toEqual([
    '[worker] message failed {"key":"X#1:remind:email:<email …@so.gov.vn>","error":"to <phone …001>"}',
  ]);
});

test('the request log masks signed-link tokens', async () => {
  const stream = new PassThrough();
  let logged = '';
  stream.on('data', (d: Buffer) => (logged += d.toString()));
  const app = await buildApp({ health: {}, logger: { stream } });
  const port = await freePort();
  await app.listen({ port, host: '127.0.0.1' });
  try {
    const token = 'eyJhIjoiREVNTy8yMDI2L2Jhby1jYW8vRFYwMSJ9.c2lnbmF0dXJlLW9mLXRoZS1saW5r';
    await (await fetch(`http://127.0.0.1:${port}/s/${token}`)).arrayBuffer();
  } finally {
    await app.close();
  }
  expect(logged).toContain('"url":"/s/<token>"');
  expect(logged).not.toContain('eyJhIjoi');
});
