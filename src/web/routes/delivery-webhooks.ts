/**
 * The providers' delivery callbacks, public but authenticated by the provider's own means:
 *
 * - `POST /webhooks/zalo`: Zalo's webhook events, signed `X-ZEvent-Signature: mac=sha256(appId + body + timestamp
 *   + OA secret key)` over the raw body; `user_received_message` with `message.msg_id` marks that template message
 *   `delivered`. Needs `ZALO_APP_ID` and `ZALO_OA_SECRET_KEY` (without them every event is refused).
 * - `GET /webhooks/esms/:token`: eSMS's delivery report (HTTP GET, `SMSID`, `SendStatus` 5 sent, 4 refused),
 *   its URL token derived from APP_SECRET (the worker passes the URL as `CallbackUrl`).
 *
 * A bad signature (401) or URL token (404, as a path that does not exist), an unknown message (404) or a malformed event (400) is refused, logged, never
 * applied; a duplicated or late callback is answered 200 and changes nothing (src/services/delivery-reports.ts).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { applyDeliveryReport, type DeliveryReport } from '../../services/delivery-reports';
import { esmsCallbackToken, sameSecret, zaloEventSignature } from '../../security/webhook-signature';
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
