/**
 * The PII scan: after an end-to-end cycle (a plan applied over the API, reminders by email and SMS with a gateway
 * that fails once, an agency's submission through its link, an extension, an excuse, a "remind now"), no workflow's
 * history, search attributes or memo holds an email address or a phone number. Histories are fetched with the
 * client, and every payload is decoded before it is scanned.
 */
import { randomBytes } from 'node:crypto';
import type { WorkflowExecutionDescription } from '@temporalio/client';
import { demoPlan } from '../../src/domain/demo-plan';
import { createSmsProvider } from '../../src/notify/sms/create-sms-provider';
import { startSmsWebhookServer, type SmsWebhookServer } from '../support/sms-webhook-server';
import { waitFor } from '../support/wait';
import { startWebApp, type WebTestApp } from '../support/web-app';

const EMAIL = /[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}/g;
/** Vietnamese mobile and landline numbers in any of their written forms (0…, 84…, +84…, with separators). */
const PHONE = /(?<![\w-])(?:\+?84|0)[\s.-]?(?:\d[\s.-]?){8,9}(?![\w-])/g;

let w: WebTestApp;
let gateway: SmsWebhookServer;
const code = `PII-${randomBytes(3).toString('hex').toUpperCase()}`;
const year = new Date().getFullYear();
const OBLIGATION = 'bao-cao-thu';
const id = (agency: string) => `${code}/${year}/${OBLIGATION}/${agency}`;
/** Every phone number of the plan, in the forms the product writes (as given, E.164, without the plus). */
let phones: string[] = [];

/** Every string in a value, payloads (bytes) decoded as UTF-8: what a person reading the history would see. */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (value instanceof Uint8Array) {
    const text = Buffer.from(value).toString('utf8');
    out.push(text);
    // Payloads of JSON carry base64 nowhere, but a nested encoded payload would: decode what parses as base64.
    if (/^[A-Za-z0-9+/=]{16,}$/.test(text)) out.push(Buffer.from(text, 'base64').toString('utf8'));
  } else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      strings(v, out);
    }
  return out;
}

function personalData(texts: string[]): string[] {
  const found = new Set<string>();
  for (const t of texts) {
    for (const m of t.match(EMAIL) ?? []) found.add(m);
    for (const m of t.match(PHONE) ?? []) found.add(m.trim());
    for (const p of phones) if (t.includes(p)) found.add(p);
  }
  return [...found];
}

beforeAll(async () => {
  gateway = await startSmsWebhookServer();
  // The gateway's first answer is a 503: the SMS activity fails once, naming the message it could not send.
  gateway.answerNext({ status: 503, body: { error: 'busy' } });
  w = await startWebApp(
    { rateLimits: { signInPerMinute: 100, linkPerMinute: 200 } },
    { sms: createSmsProvider({ provider: 'webhook', webhookUrl: gateway.url }, { log: { info: () => undefined } }) },
  );
}, 120_000);
afterAll(async () => {
  await w?.close();
  await gateway?.close();
});

test('after a whole cycle, no history, search attribute or memo holds an email or a phone number', async () => {
  const plan = demoPlan({
    agencies: 4,
    dueIn: 'PT2M',
    reminders: ['PT110S'],
    escalateAfter: ['PT1H'],
    code,
    now: new Date(),
  });
  expect(plan.obligations?.[0]?.id).toBe(OBLIGATION);
  phones = plan.agencies.flatMap((a) =>
    (a.contacts ?? []).flatMap((c) => (c.phone ? [c.phone, `+84${c.phone.slice(1)}`, `84${c.phone.slice(1)}`] : [])),
  );
  const coord = await w.signedIn('coordinator', [code]);
  const admin = await w.signedIn('admin');
  const call = async (method: string, path: string, body?: unknown, who = coord) => {
    const res = await fetch(`${w.url}${path}`, {
      method,
      headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return text;
  };
  await call('POST', '/api/plans', { content: JSON.stringify(plan) }, admin);

  // Reminders by email and SMS (the SMS gateway failed once and was retried).
  const link = await waitFor(
    'DV01’s reminder with its link',
    async () => {
      const m = (await w.t.mailbox.list()).find(
        (x) => x.to === 'dau-moi-01@demo.nhac-han.test' && /\/s\//.test(x.text),
      );
      return m ? /(http:\/\/\S+\/s\/[A-Za-z0-9_.-]+)/.exec(m.text)?.[1] : undefined;
    },
    90_000,
  );
  await waitFor('the SMS reminders after the gateway’s 503', async () =>
    gateway.received.length >= 5 ? true : undefined,
  );

  // DV01 submits through its link; DV02 is extended and DV03 excused, with reasons naming people; DV04 reminded.
  const form = new FormData();
  form.append('file', new Blob([Buffer.from('%PDF-1.4\n%%EOF\n')]), 'bao-cao.pdf');
  expect((await fetch(link, { method: 'POST', body: form })).status).toBe(200);
  const base = (a: string) => `/api/assignments/${code}/${year}/${OBLIGATION}/${a}`;
  const later = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
  await call('POST', `${base('DV02')}/extend`, {
    newDueDate: later,
    reason: 'Chị Lan (lan.nguyen@so-y-te.gov.vn, 0912 345 678) xin thêm thời gian',
  });
  await call('POST', `${base('DV03')}/excuse`, { reason: 'Theo đề nghị của anh Minh, minh@ubnd.gov.vn' });
  await call('POST', `${base('DV04')}/remind`, {});

  await waitFor(
    'the receipt, the extension notice, the excuse and the manual reminder recorded',
    async () => {
      const p = w.t.db.prisma;
      const [dv01, dv03, notice, manual, receipt] = await Promise.all([
        p.assignment.findUnique({ where: { id: id('DV01') } }),
        p.assignment.findUnique({ where: { id: id('DV03') } }),
        p.notification.count({ where: { assignmentId: id('DV02'), kind: 'extension-granted', status: 'sent' } }),
        p.notification.count({ where: { assignmentId: id('DV04'), key: { contains: ':manual:' }, status: 'sent' } }),
        p.notification.count({ where: { assignmentId: id('DV01'), kind: 'submission-receipt', status: 'sent' } }),
      ]);
      return dv01?.state === 'submitted' && dv03?.state === 'excused' && notice > 0 && manual > 0 && receipt > 0
        ? true
        : undefined;
    },
    90_000,
  );
  // The extension notice took the reason from the database, not from the history.
  const notice = (await w.t.mailbox.list()).find((m) => /gia hạn/i.test(m.subject) && m.text.includes('Chị Lan'));
  expect(notice).toBeDefined();

  // Every workflow of this task queue: the cycle and the four obligations.
  const ids = await waitFor('the workflows listed', async () => {
    const found: string[] = [];
    for await (const e of w.client.workflow.list({ query: `TaskQueue = "${w.taskQueue}"` })) found.push(e.workflowId);
    return found.length >= 5 ? found : undefined;
  });
  const leaks: Record<string, string[]> = {};
  let failures = 0;
  for (const wid of ids) {
    const handle = w.client.workflow.getHandle(wid);
    const history = await handle.fetchHistory();
    const description: WorkflowExecutionDescription = await handle.describe();
    // A retried attempt's failure is kept on the started event of the attempt that succeeded (`lastFailure`).
    failures += (history.events ?? []).filter(
      (e) => e.activityTaskFailedEventAttributes || e.activityTaskStartedEventAttributes?.lastFailure,
    ).length;
    const texts = strings([history, description.raw.workflowExecutionInfo?.searchAttributes, description.raw]);
    const found = personalData(texts);
    if (found.length > 0) leaks[wid] = found;
  }
  // The scan saw what it is for: an activity failure (the gateway's 503) and the decisions' updates.
  expect(failures).toBeGreaterThan(0);
  expect(leaks).toEqual({});
}, 300_000);
