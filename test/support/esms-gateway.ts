// A local stand-in for eSMS.vn's SendMultipleMessage_V4_post_json, answering as the public documentation shows
// (developers.esms.vn: "Send OTP/Customer care message" and "Table of error codes"): HTTP 200 with a CodeResult,
// credentials checked first (101 "Authorize Failed"), then brandname (104), phone format (108), SmsType (300)
// and duplicate RequestId within 24 hours (124 "Request exist").

import { randomBytes } from 'node:crypto';
import { listenLocal, readBody, sendJson } from './http-server';

export const ESMS_PATH = '/MainService.svc/json/SendMultipleMessage_V4_post_json/';

export interface EsmsReceivedMessage {
  phone: string;
  content: string;
  brandname: string;
  smsType: string;
  isUnicode: string;
  requestId: string | undefined;
  sandbox: boolean;
  smsId: string;
  /** When the gateway accepted it (ms since the epoch, this process's clock). */
  at: number;
}

export interface EsmsGatewayOptions {
  apiKey: string;
  secretKey: string;
  /** Registered brandnames. (Default: `['NHACHAN']`.) */
  brandnames?: string[];
}

/**
 * A canned answer for the next request, instead of the normal processing; or `delayMs`: processed normally (a
 * message accepted), answered only after that delay, past a client's timeout, as a congested gateway does.
 */
export type EsmsFault =
  { httpStatus: number; body?: string } | { codeResult: string; errorMessage?: string } | { delayMs: number };

export interface EsmsGateway {
  /** Base URL to configure the provider with (no path). */
  baseUrl: string;
  /** Messages accepted (CodeResult 100), in order. */
  messages: EsmsReceivedMessage[];
  /** Every request body received, parsed, including rejected ones. */
  requests: unknown[];
  /** Answer the next request with this fault; faults queue up. */
  failNext(fault: EsmsFault): void;
  close(): Promise<void>;
}

const PHONE = /^0\d{9,10}$/;

export async function startEsmsGateway(options: EsmsGatewayOptions): Promise<EsmsGateway> {
  const brandnames = new Set(options.brandnames ?? ['NHACHAN']);
  const messages: EsmsReceivedMessage[] = [];
  const requests: unknown[] = [];
  const faults: EsmsFault[] = [];
  const seenRequestIds = new Map<string, string>();

  const server = await listenLocal((req, res) => {
    void (async () => {
      const raw = await readBody(req);
      if (req.method !== 'POST' || req.url !== ESMS_PATH) {
        // The real service is WCF, which answers unknown operations with an HTML page.
        res.writeHead(404, { 'content-type': 'text/html' });
        res.end('<html><body>Endpoint not found.</body></html>');
        return;
      }
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
        requests.push(body);
      } catch {
        sendJson(res, 400, { error: 'Invalid request' });
        return;
      }
      const queued = faults.shift();
      const delayMs = queued && 'delayMs' in queued ? queued.delayMs : 0;
      const fault = queued && 'delayMs' in queued ? undefined : queued;
      if (fault && 'httpStatus' in fault) {
        res.writeHead(fault.httpStatus, { 'content-type': 'text/plain' });
        res.end(fault.body ?? 'Service Unavailable');
        return;
      }
      if (fault) {
        sendJson(res, 200, {
          CodeResult: fault.codeResult,
          CountRegenerate: 0,
          ErrorMessage: fault.errorMessage ?? '',
        });
        return;
      }

      const str = (key: string) => (typeof body[key] === 'string' ? body[key] : undefined);
      const answer = (status: number, payload: unknown) =>
        delayMs > 0 ? void setTimeout(() => sendJson(res, status, payload), delayMs) : sendJson(res, status, payload);
      const reject = (code: string, message: string) =>
        answer(200, { CodeResult: code, CountRegenerate: 0, ErrorMessage: message });

      if (str('ApiKey') !== options.apiKey || str('SecretKey') !== options.secretKey)
        return reject('101', 'Authorize Failed');
      if (!str('SmsType')) return reject('300', 'SmsType is required');
      if (!brandnames.has(str('Brandname') ?? '')) return reject('104', 'Brand name code is not exist');
      if (!PHONE.test(str('Phone') ?? '')) return reject('108', 'Phone number is not in correct format');

      const requestId = str('RequestId');
      if (requestId && seenRequestIds.has(requestId)) {
        return answer(200, {
          CodeResult: '124',
          CountRegenerate: 0,
          ErrorMessage: 'Request exist 1',
          SendStatus: '5',
        });
      }
      const smsId = randomBytes(16).toString('hex') + '156';
      if (requestId) seenRequestIds.set(requestId, smsId);
      messages.push({
        phone: str('Phone') ?? '',
        content: str('Content') ?? '',
        brandname: str('Brandname') ?? '',
        smsType: str('SmsType') ?? '',
        isUnicode: str('IsUnicode') ?? '0',
        requestId,
        sandbox: (str('Sandbox') ?? '0') === '1',
        smsId,
        at: Date.now(),
      });
      answer(200, { CodeResult: '100', CountRegenerate: 0, SMSID: smsId });
    })().catch((err: unknown) => {
      res.writeHead(500);
      res.end(String(err));
    });
  });

  return {
    baseUrl: server.origin,
    messages,
    requests,
    failNext: (fault) => faults.push(fault),
    close: server.close,
  };
}
