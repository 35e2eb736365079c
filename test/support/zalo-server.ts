// A local stand-in for Zalo's ZBS Template Message API (formerly ZNS), answering as Zalo documents it
// (developers.zalo.me "Gửi ZNS", zalo.cloud/zns/guidelines/handle-error-code): `POST /message/template` with the
// OA's `access_token` header; HTTP 200 and `{ error, message, data: { msg_id, sent_time, quota } }`. Checks in
// Zalo's order: access token (-124), phone format (-108), template id (-109), template data (-112), the daily quota
// (-144), the recipient's Zalo account (-118). It also plays Zalo's side of the delivery webhook: a
// `user_received_message` event signed `X-ZEvent-Signature: mac=sha256(appId + body + timestamp + OA secret key)`.

import { createHash, randomBytes } from 'node:crypto';
import { listenLocal, readBody, sendJson } from './http-server';

export interface ZaloReceivedMessage {
  phone: string;
  templateId: string;
  templateData: Record<string, unknown>;
  trackingId: string | undefined;
  msgId: string;
}

export interface ZaloServerOptions {
  accessToken: string;
  /** Approved templates: id → its parameter names. */
  templates: Record<string, string[]>;
  /** The OA's daily quota. (Default: 500.) */
  dailyQuota?: number;
  /** Phones (84…) without a Zalo account: answered -118. */
  noAccount?: string[];
  /** For the webhook events. */
  appId: string;
  oaId: string;
  oaSecretKey: string;
}

export type ZaloFault = { httpStatus: number } | { error: number; message: string };

export interface ZaloServer {
  baseUrl: string;
  messages: ZaloReceivedMessage[];
  requests: unknown[];
  remainingQuota(): number;
  setRemainingQuota(n: number): void;
  failNext(fault: ZaloFault): void;
  /** The `user_received_message` event Zalo posts for a delivered message, and its headers. */
  deliveryEvent(
    msgId: string,
    opts?: { secret?: string; trackingId?: string },
  ): { body: string; headers: Record<string, string> };
  close(): Promise<void>;
}

export async function startZaloServer(options: ZaloServerOptions): Promise<ZaloServer> {
  const messages: ZaloReceivedMessage[] = [];
  const requests: unknown[] = [];
  const faults: ZaloFault[] = [];
  const noAccount = new Set(options.noAccount ?? []);
  const daily = options.dailyQuota ?? 500;
  let remaining = daily;

  const server = await listenLocal((req, res) => {
    void (async () => {
      const raw = await readBody(req);
      if (req.method !== 'POST' || req.url !== '/message/template') {
        sendJson(res, 404, { error: -106, message: 'Method unsupported' });
        return;
      }
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
        requests.push(body);
      } catch {
        sendJson(res, 200, { error: -121, message: 'Body data empty or invalid' });
        return;
      }
      const fault = faults.shift();
      if (fault && 'httpStatus' in fault) {
        res.writeHead(fault.httpStatus, { 'content-type': 'text/html' });
        res.end('<html><body>Service Unavailable</body></html>');
        return;
      }
      if (fault) return sendJson(res, 200, fault);
      const reject = (error: number, message: string) => sendJson(res, 200, { error, message });

      if (req.headers['access_token'] !== options.accessToken) return reject(-124, 'Access token invalid');
      const phone = typeof body.phone === 'string' ? body.phone : '';
      if (!/^84\d{9,10}$/.test(phone)) return reject(-108, 'Phone number invalid');
      const templateId = typeof body.template_id === 'string' ? body.template_id : '';
      const params = options.templates[templateId];
      if (!params) return reject(-109, 'Template ID invalid');
      const data = (body.template_data ?? {}) as Record<string, unknown>;
      const given = Object.keys(data).sort();
      if (
        given.join(',') !== [...params].sort().join(',') ||
        Object.values(data).some((v) => typeof v !== 'string' || v === '')
      ) {
        return reject(-112, 'Template data invalid');
      }
      if (remaining <= 0) return reject(-144, 'OA has exceeded the limit of daily quota');
      if (noAccount.has(phone)) return reject(-118, 'Zalo account not existed');
      remaining--;
      const msgId = randomBytes(16).toString('hex');
      messages.push({
        phone,
        templateId,
        templateData: data,
        trackingId: typeof body.tracking_id === 'string' ? body.tracking_id : undefined,
        msgId,
      });
      sendJson(res, 200, {
        error: 0,
        message: 'Success',
        data: {
          msg_id: msgId,
          sent_time: String(Date.now()),
          quota: { dailyQuota: String(daily), remainingQuota: String(remaining) },
        },
      });
    })().catch((err: unknown) => {
      res.writeHead(500);
      res.end(String(err));
    });
  });

  return {
    baseUrl: server.origin,
    messages,
    requests,
    remainingQuota: () => remaining,
    setRemainingQuota: (n) => {
      remaining = n;
    },
    failNext: (f) => faults.push(f),
    deliveryEvent(msgId, opts = {}) {
      const timestamp = String(Date.now());
      const body = JSON.stringify({
        app_id: options.appId,
        event_name: 'user_received_message',
        sender: { id: options.oaId },
        recipient: { id: '2512523625412515' },
        message: { msg_id: msgId, delivery_time: timestamp, tracking_id: opts.trackingId },
        timestamp,
      });
      const mac = createHash('sha256')
        .update(options.appId + body + timestamp + (opts.secret ?? options.oaSecretKey))
        .digest('hex');
      return { body, headers: { 'content-type': 'application/json', 'x-zevent-signature': `mac=${mac}` } };
    },
    close: server.close,
  };
}
