/**
 * Zalo ZBS Template Message (formerly ZNS) by phone number, as Zalo documents it (developers.zalo.me, "Gửi ZNS" /
 * "ZBS Template Message"; error table at zalo.cloud/zns/guidelines/handle-error-code):
 *
 * `POST https://business.openapi.zalo.me/message/template`, header `access_token: <OA access token>`, JSON body
 * `{ phone: "84…", template_id, template_data: { param: value }, tracking_id }`; HTTP 200 with
 * `{ error: 0, message: "Success", data: { msg_id, sent_time, quota: { dailyQuota, remainingQuota } } }`, or a
 * negative `error` code and its `message`.
 */
import { postJson, type FetchLike } from '../sms/sms-provider';

export const ZALO_TEMPLATE_PATH = '/message/template';

export interface ZaloTemplateRequest {
  /** International format without `+`, e.g. `84912345678`. */
  phone: string;
  template_id: string;
  template_data: Record<string, string>;
  /** Our id for the message (the outbox key, hashed to fit): Zalo echoes it in the delivery webhook. */
  tracking_id: string;
}

export interface ZaloTemplateResponse {
  error?: number;
  message?: string;
  data?: {
    msg_id?: string;
    sent_time?: string;
    quota?: { dailyQuota?: string | number; remainingQuota?: string | number };
  };
}

export interface ZaloSent {
  msgId: string;
  /** `data.quota` of the answer, when Zalo gave it. */
  quota: { dailyQuota: number | null; remainingQuota: number } | null;
}

export type ZaloErrorKind = 'permanent' | 'transient' | 'quota';

/**
 * Zalo refused or could not take the message. `permanent`: retrying cannot help (bad number, no Zalo account,
 * template refused, credentials); `transient`: Zalo or the network failed, try again; `quota`: the Official
 * Account's daily quota is used up (no more Zalo sends today; the message goes by the next channel).
 */
export class ZaloError extends Error {
  override readonly name = 'ZaloError';
  constructor(
    message: string,
    readonly kind: ZaloErrorKind,
    readonly code: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * How each documented error code is treated. -100 (unknown error, "try again later") and codes not listed are
 * transient. The daily quota refusal (-144 in Zalo's table) is `quota`. Meanings as in Zalo's table; the
 * numbering past -112 follows the order of Zalo's list (see README, "Zalo").
 */
export const ZALO_CODES: Readonly<Record<string, { kind: ZaloErrorKind; meaning: string }>> = {
  '-100': { kind: 'transient', meaning: 'lỗi không xác định, thử lại sau / unknown error, try again later' },
  '-101': { kind: 'permanent', meaning: 'ứng dụng không hợp lệ / application invalid' },
  '-102': { kind: 'permanent', meaning: 'ứng dụng không tồn tại / application not existed' },
  '-103': { kind: 'permanent', meaning: 'ứng dụng chưa được kích hoạt / application not activated' },
  '-104': { kind: 'permanent', meaning: 'secret key không hợp lệ / app secret key invalid' },
  '-105': { kind: 'permanent', meaning: 'ứng dụng chưa liên kết OA / application not linked to any OA' },
  '-106': { kind: 'permanent', meaning: 'phương thức không được hỗ trợ / method unsupported' },
  '-108': { kind: 'permanent', meaning: 'số điện thoại không hợp lệ / phone number invalid' },
  '-109': { kind: 'permanent', meaning: 'mã mẫu không hợp lệ / template ID invalid' },
  '-110': { kind: 'permanent', meaning: 'phiên bản Zalo không hỗ trợ / Zalo version unsupported' },
  '-111': { kind: 'permanent', meaning: 'mẫu không có dữ liệu / template data empty' },
  '-112': { kind: 'permanent', meaning: 'dữ liệu mẫu không hợp lệ / template data invalid' },
  '-115': { kind: 'permanent', meaning: 'người dùng không nhận được tin / user inactive or refused' },
  '-118': { kind: 'permanent', meaning: 'tài khoản Zalo không tồn tại / Zalo account not existed' },
  '-119': { kind: 'permanent', meaning: 'tài khoản không nhận được tin / account cannot receive ZNS' },
  // Access tokens live 25 hours and are renewed by the operator's refresh job: worth retrying within the window.
  '-124': { kind: 'transient', meaning: 'access token không hợp lệ hoặc hết hạn / access token invalid' },
  '-144': { kind: 'quota', meaning: 'OA đã hết hạn mức gửi trong ngày / OA daily quota exceeded' },
};

export interface ZaloClientOptions {
  /** `ZALO_ACCESS_TOKEN`: the Official Account's access token. */
  accessToken: string;
  /** (Default: `https://business.openapi.zalo.me`.) */
  baseUrl?: string;
  /** (Default: 15 000 ms.) */
  timeoutMs?: number;
  /** (Default: the global `fetch`.) */
  fetchImpl?: FetchLike;
}

export interface ZaloClient {
  send(request: ZaloTemplateRequest): Promise<ZaloSent>;
}

export function createZaloClient(options: ZaloClientOptions): ZaloClient {
  if (!options.accessToken) throw new Error('Zalo: access token is required');
  const endpoint = `${(options.baseUrl ?? 'https://business.openapi.zalo.me').replace(/\/+$/, '')}${ZALO_TEMPLATE_PATH}`;
  return {
    async send(request) {
      let answer: { status: number; text: string };
      try {
        answer = await postJson('zalo', options.fetchImpl ?? fetch, endpoint, request, options.timeoutMs ?? 15_000, {
          access_token: options.accessToken,
        });
      } catch (err) {
        throw new ZaloError((err as Error).message, 'transient', 'network', { cause: err });
      }
      const { status, text } = answer;
      if (status >= 500 || status === 429) throw new ZaloError(`Zalo: HTTP ${status}`, 'transient', String(status));
      if (status < 200 || status >= 300) {
        throw new ZaloError(`Zalo: HTTP ${status} (wrong ZALO_BASE_URL?)`, 'permanent', String(status));
      }
      let body: ZaloTemplateResponse;
      try {
        body = JSON.parse(text) as ZaloTemplateResponse;
      } catch (cause) {
        throw new ZaloError(`Zalo: answer is not JSON: ${text.slice(0, 200)}`, 'transient', undefined, { cause });
      }
      if (body.error === 0 && body.data?.msg_id) {
        const q = body.data.quota;
        const remaining = q?.remainingQuota === undefined ? NaN : Number(q.remainingQuota);
        return {
          msgId: body.data.msg_id,
          quota: Number.isFinite(remaining)
            ? { remainingQuota: remaining, dailyQuota: q?.dailyQuota === undefined ? null : Number(q.dailyQuota) }
            : null,
        };
      }
      const code = body.error === undefined ? undefined : String(body.error);
      const known = code === undefined ? undefined : ZALO_CODES[code];
      const detail = `Zalo error ${code ?? '(none)'}: ${known?.meaning ?? 'mã không xác định / unknown code'}${
        body.message ? ` (${body.message})` : ''
      }`;
      throw new ZaloError(detail, known?.kind ?? 'transient', code);
    },
  };
}

/** E.164 `+84912345678` → Zalo's `84912345678`. */
export function zaloPhone(e164: string): string {
  return e164.replace(/^\+/, '');
}
