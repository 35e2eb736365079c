/**
 * The providers' delivery callbacks, public but authenticated by the provider's own means:
 *
 * - `POST /webhooks/zalo`: Zalo's webhook events, signed `X-ZEvent-Signature: mac=sha256(appId + body + timestamp
 *   + OA secret key)` over the raw body; `user_received_message` with `message.msg_id` marks that template message
 *   `delivered`. Needs `ZALO_APP_ID` and `ZALO_OA_SECRET_KEY` (without them every event is refused).
 * - `GET /webhooks/esms/:token`: eSMS's delivery report (HTTP GET, `SMSID`, `SendStatus` 5 sent, 4 refused),
 *   its URL token derived from APP_SECRET (the worker passes the URL as `CallbackUrl`).
 *
 * - `POST /webhooks/bounce/:token`: a message that arrived at the return-path mailbox of a production relay, posted
 *   raw (RFC 5322, `Content-Type: message/rfc822`), e.g. by a Postfix pipe transport running `curl --data-binary @-`;
 *   a DSN among them is applied as the embedded mailbox applies it (src/services/bounce-reports.ts), anything else
 *   is answered 200 and ignored, so the relay does not retry an auto-reply. The token is derived from APP_SECRET
 *   (`nhac-han webhooks` prints the URL).
 *
 * A bad signature (401) or URL token (404, as a path that does not exist), an unknown message (404) or a malformed event (400) is refused, logged, never
 * applied; a duplicated or late callback is answered 200 and changes nothing (src/services/delivery-reports.ts).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { applyDeliveryReport, type DeliveryReport } from '../../services/delivery-reports';
import {
  bounceWebhookToken,
  esmsCallbackToken,
  sameSecret,
  zaloEventSignature,
} from '../../security/webhook-signature';
import { applyBounce, parseDsn } from '../../services/bounce-reports';
import { PUBLIC } from '../access';
import type { WebContext } from '../context';

const ZaloEvent = z.object({
  app_id: z.string().min(1),
  event_name: z.string(),
  timestamp: z.union([z.string(), z.number()]).transform(String),
  message: z
    .object({ msg_id: z.string().min(1), delivery_time: z.union([z.string(), z.number()]).optional() })
    .optional(),
});

const EsmsReport = z.object({
  SMSID: z.string().min(1),
  SendStatus: z.string(),
  phonenumber: z.string().optional(),
});

export function registerDeliveryWebhooks(app: FastifyInstance, ctx: WebContext): void {
  const zalo = ctx.deps.zaloWebhook;
  void app.register(async (scope) => {
    // The signature covers the body exactly as sent: keep it as text and parse it here.
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => done(null, body));
    scope.post('/webhooks/zalo', { ...ctx.guard(PUBLIC) }, async (req, reply) => {
      const raw = typeof req.body === 'string' ? req.body : '';
      let event: z.infer<typeof ZaloEvent>;
      try {
        event = ZaloEvent.parse(JSON.parse(raw));
      } catch {
        req.log.warn({ webhook: 'zalo' }, 'zalo webhook refused: malformed event');
        return reply.status(400).send({ error: 'sự kiện không hợp lệ / malformed event' });
      }
      const given = req.headers['x-zevent-signature'];
      const expected = zalo ? zaloEventSignature(event.app_id, raw, event.timestamp, zalo.oaSecretKey) : undefined;
      if (
        !zalo ||
        event.app_id !== zalo.appId ||
        typeof given !== 'string' ||
        !expected ||
        !sameSecret(given, expected)
      ) {
        req.log.warn({ webhook: 'zalo', event: event.event_name }, 'zalo webhook refused: bad signature');
        return reply.status(401).send({ error: 'chữ ký không hợp lệ / bad signature' });
      }
      if (event.event_name !== 'user_received_message' || !event.message) return { ok: true, applied: false };
      const at = event.message.delivery_time ? new Date(Number(event.message.delivery_time)) : ctx.now();
      return answer(req, reply, 'zalo', {
        channel: 'zalo',
        id: { providerMessageId: event.message.msg_id },
        state: 'delivered',
        at: Number.isFinite(at.getTime()) ? at : ctx.now(),
        detail: 'Zalo user_received_message',
      });
    });
  });

  void app.register(async (scope) => {
    // The raw message, bytes as the relay received them (a DSN's parts are split by their boundary).
    scope.addContentTypeParser(
      ['message/rfc822', 'application/octet-stream'],
      { parseAs: 'buffer', bodyLimit: 2 * 1024 * 1024 },
      (_req, body, done) => done(null, body),
    );
    scope.post('/webhooks/bounce/:token', { ...ctx.guard(PUBLIC) }, async (req, reply) => {
      const { token } = req.params as { token: string };
      if (!sameSecret(token, bounceWebhookToken(ctx.deps.links.secret))) {
        req.log.warn({ webhook: 'bounce' }, 'bounce webhook refused: bad token');
        return reply.status(404).send({ error: 'không tìm thấy / not found' });
      }
      // text/plain arrives as a string (Fastify's own parser): the same bytes for a 7-bit DSN.
      const raw = typeof req.body === 'string' ? Buffer.from(req.body) : req.body;
      if (!Buffer.isBuffer(raw) || raw.length === 0) {
        return reply
          .status(415)
          .send({ error: 'cần thư gốc, Content-Type: message/rfc822 / post the raw message as message/rfc822' });
      }
      const dsn = await parseDsn(raw).catch(() => null);
      if (!dsn) return { ok: true, dsn: false };
      const outcome = await applyBounce(ctx.prisma, dsn, ctx.now());
      return { ok: true, dsn: true, bounced: outcome.bounced.length, ignored: outcome.ignored };
    });
  });

  app.get('/webhooks/esms/:token', { ...ctx.guard(PUBLIC) }, async (req, reply) => {
    const { token } = req.params as { token: string };
    if (!sameSecret(token, esmsCallbackToken(ctx.deps.links.secret))) {
      // Answered like a path that does not exist: the token is the URL.
      req.log.warn({ webhook: 'esms' }, 'esms delivery report refused: bad token');
      return reply.status(404).send({ error: 'không tìm thấy / not found' });
    }
    const parsed = EsmsReport.safeParse(req.query);
    if (!parsed.success) return reply.status(400).send({ error: 'báo cáo không hợp lệ / malformed report' });
    const status = parsed.data.SendStatus;
    // 5: sent successfully (delivered), 4: refused; 1, 2 and 7 are not final yet.
    if (status !== '5' && status !== '4') return { ok: true, applied: false };
    return answer(req, reply, 'esms', {
      channel: 'sms',
      id: { providerMessageId: parsed.data.SMSID },
      state: status === '5' ? 'delivered' : 'failed',
      at: ctx.now(),
      detail: `eSMS SendStatus ${status}`,
    });
  });

  async function answer(
    req: { log: FastifyInstance['log'] },
    reply: { status(code: number): { send(body: unknown): unknown } },
    webhook: string,
    report: DeliveryReport,
  ) {
    const result = await applyDeliveryReport(ctx.prisma, report);
    if (result.outcome === 'unknown') {
      req.log.warn({ webhook }, 'delivery report refused: unknown message id');
      return reply.status(404).send({ error: 'không có tin này / unknown message' });
    }
    return { ok: true, applied: result.outcome === 'applied' };
  }
}
