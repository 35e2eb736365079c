// A local receiver for the project's SMS webhook contract: POST {"to":"+84…","text":"…","id":"…"} as JSON.

import { listenLocal, readBody, sendJson } from './http-server';

export interface WebhookReceivedMessage {
  to: string;
  text: string;
  id: string;
  idempotencyKey: string | undefined;
  contentType: string | undefined;
}

/** How to answer the next request; answers queue up, and an empty queue answers 202 `{"id": "wh-<n>"}`. */
export interface WebhookAnswer {
  status: number;
  body?: unknown;
  /** Wait this long before answering (to test timeouts). */
  delayMs?: number;
}

export interface SmsWebhookServer {
  /** The URL to set as SMS_WEBHOOK_URL. */
  url: string;
  /** Every request received, whatever the answer. */
  received: WebhookReceivedMessage[];
  answerNext(answer: WebhookAnswer): void;
  close(): Promise<void>;
}

export async function startSmsWebhookServer(): Promise<SmsWebhookServer> {
  const received: WebhookReceivedMessage[] = [];
  const answers: WebhookAnswer[] = [];
  const server = await listenLocal((req, res) => {
    void (async () => {
      const body = JSON.parse(await readBody(req)) as { to: string; text: string; id: string };
      received.push({
        to: body.to,
        text: body.text,
        id: body.id,
        idempotencyKey: req.headers['idempotency-key'] as string | undefined,
        contentType: req.headers['content-type'],
      });
      const answer = answers.shift() ?? { status: 202, body: { id: `wh-${received.length}` } };
      if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs).unref());
      if (!res.destroyed) sendJson(res, answer.status, answer.body ?? {});
    })().catch((err: unknown) => {
      res.writeHead(400);
      res.end(String(err));
    });
  });
  return {
    url: `${server.origin}/sms`,
    received,
    answerNext: (answer) => answers.push(answer),
    close: server.close,
  };
}
