import { createHash } from 'node:crypto';
import { toNationalFormat } from '../../domain/phone-number';
import {
  assertE164,
  postJson,
  SmsPermanentError,
  SmsTransientError,
  type FetchLike,
  type SmsMessage,
  type SmsProvider,
  type SmsSendResult,
} from './sms-provider';
import { maskPersonalData } from '../../security/personal-data';

// eSMS.vn (ViHAT) brandname SMS, "Send OTP/Customer care message" (SmsType 2), as documented at
// https://developers.esms.vn/en/esms-api/send-sms-api/send-otp-customer-care-message and the table of error codes
// (developers.esms.vn/en/esms-api/table-of-error-codes): POST JSON, HTTP 200 with a `CodeResult` string.

export const ESMS_SEND_PATH = '/MainService.svc/json/SendMultipleMessage_V4_post_json/';

/** Request body of SendMultipleMessage_V4_post_json (the fields this provider sends). */
export interface EsmsSendRequest {
  ApiKey: string;
  SecretKey: string;
  Content: string;
  /** National format, e.g. `0912345678`. */
  Phone: string;
  Brandname: string;
  /** `2`: customer care (CSKH) brandname message. */
  SmsType: string;
  /** `1` Unicode (diacritics), `0` plain. */
  IsUnicode: '0' | '1';
  /** eSMS rejects a RequestId seen in the last 24 hours with code 124. At most 50 characters. */
  RequestId: string;
  /** `1`: validated and answered but neither sent nor charged. */
  Sandbox?: '0' | '1';
  CallbackUrl?: string;
}

export interface EsmsSendResponse {
  CodeResult?: string;
  SMSID?: string;
  CountRegenerate?: number;
  ErrorMessage?: string;
}

/**
 * How each documented `CodeResult` is treated. Unknown codes and 99 are transient: eSMS documents 99 both as
 * "connection error, contact the admin" and as "phone number blocked"; retrying a blocked number costs a few
 * attempts, while giving up on a passing fault loses a reminder.
 */
export const ESMS_CODES: Readonly<Record<string, { permanent: boolean; meaning: string }>> = {
  '99': { permanent: false, meaning: 'lỗi kết nối hoặc số bị chặn / connection error or blocked number' },
  '101': { permanent: true, meaning: 'sai ApiKey hoặc SecretKey / wrong ApiKey or SecretKey' },
  '102': { permanent: true, meaning: 'tài khoản chưa có bảng giá / no price list on the account' },
  // Topping up fixes it within the retry window, and the reminders are still wanted then.
  '103': { permanent: false, meaning: 'không đủ số dư / insufficient balance' },
  '104': { permanent: true, meaning: 'brandname không tồn tại hoặc chưa kích hoạt / brandname unknown or inactive' },
  '108': { permanent: true, meaning: 'số điện thoại sai định dạng / phone number badly formatted' },
  '140': { permanent: true, meaning: 'IP chưa được đưa vào danh sách cho phép / IP not whitelisted' },
  '146': { permanent: true, meaning: 'sai mẫu tin chăm sóc khách hàng / content does not match a registered template' },
  '177': { permanent: true, meaning: 'brandname chưa đăng ký với nhà mạng / network not registered for the brandname' },
  '300': { permanent: true, meaning: 'thiếu loại tin nhắn / missing SmsType' },
};

export interface EsmsSmsProviderOptions {
  /** (Default: `https://rest.esms.vn`.) */
  baseUrl?: string;
  apiKey: string;
  secretKey: string;
  /** Registered brandname shown as the sender. */
  brandname: string;
  /** (Default: `'2'`, customer care; the content must match a template registered with the carriers.) */
  smsType?: string;
  /** Ask eSMS to validate without sending or charging. (Default: false.) */
  sandbox?: boolean;
  /** Delivery-report webhook passed to eSMS. (Default: none.) */
  callbackUrl?: string;
  /** (Default: 15 000 ms.) */
  timeoutMs?: number;
  /** (Default: the global `fetch`.) */
  fetchImpl?: FetchLike;
}

/**
 * eSMS.vn brandname SMS. Sends the message id as `RequestId`, so a retry after a lost answer is refused by eSMS
 * as a duplicate (code 124) instead of reaching the phone twice; that answer counts as accepted.
 */
export class EsmsSmsProvider implements SmsProvider {
  readonly name = 'esms';
  private readonly endpoint: string;

  constructor(private readonly options: EsmsSmsProviderOptions) {
    for (const key of ['apiKey', 'secretKey', 'brandname'] as const) {
      if (!options[key]) throw new Error(`eSMS: ${key} is required`);
    }
    this.endpoint = `${(options.baseUrl ?? 'https://rest.esms.vn').replace(/\/+$/, '')}${ESMS_SEND_PATH}`;
  }

  async send(message: SmsMessage): Promise<SmsSendResult> {
    assertE164(this.name, message.to);
    if (!message.to.startsWith('+84')) {
      throw new SmsPermanentError(
        `eSMS chỉ gửi tới số Việt Nam / eSMS only sends to +84 numbers, got ${maskPersonalData(message.to)}`,
        {
          provider: this.name,
          code: 'invalid-recipient',
        },
      );
    }
    const request: EsmsSendRequest = {
      ApiKey: this.options.apiKey,
      SecretKey: this.options.secretKey,
      Content: message.text,
      Phone: toNationalFormat(message.to),
      Brandname: this.options.brandname,
      SmsType: this.options.smsType ?? '2',
      // eSMS documents only "Unicode" and "non-Unicode"; anything beyond printable ASCII goes as Unicode rather
      // than trusting the carriers with GSM-7's accented letters.
      IsUnicode: /^[\x20-\x7e\r\n]*$/.test(message.text) ? '0' : '1',
      RequestId: requestId(message.id),
      ...(this.options.sandbox ? { Sandbox: '1' as const } : {}),
      ...(this.options.callbackUrl ? { CallbackUrl: this.options.callbackUrl } : {}),
    };

    const { status, text } = await postJson(
      this.name,
      this.options.fetchImpl ?? fetch,
      this.endpoint,
      request,
      this.options.timeoutMs ?? 15_000,
    );
    if (status >= 500) {
      throw new SmsTransientError(`eSMS: HTTP ${status}`, { provider: this.name, code: String(status) });
    }
    if (status < 200 || status >= 300) {
      throw new SmsPermanentError(`eSMS: HTTP ${status} (wrong base URL?)`, {
        provider: this.name,
        code: String(status),
      });
    }

    let body: EsmsSendResponse;
    try {
      body = JSON.parse(text) as EsmsSendResponse;
    } catch (cause) {
      throw new SmsTransientError(`eSMS: answer is not JSON: ${text.slice(0, 200)}`, { provider: this.name, cause });
    }
    const code = body.CodeResult;
    if (code === '100' && body.SMSID) {
      return { providerMessageId: body.SMSID };
    }
    if (code === '124') {
      // Already accepted under this RequestId by an earlier attempt whose answer was lost.
      return { providerMessageId: body.SMSID || `esms-request:${request.RequestId}` };
    }
    const known = code === undefined ? undefined : ESMS_CODES[code];
    const detail = `eSMS CodeResult ${code ?? '(none)'}: ${known?.meaning ?? 'mã không xác định / unknown code'}${
      body.ErrorMessage ? ` (${body.ErrorMessage})` : ''
    }`;
    if (known?.permanent) throw new SmsPermanentError(detail, { provider: this.name, code });
    throw new SmsTransientError(detail, { provider: this.name, code });
  }
}

/** eSMS limits RequestId to 50 characters; longer ids are hashed, which keeps them stable across retries. */
function requestId(id: string): string {
  return id.length <= 50 ? id : createHash('sha256').update(id).digest('base64url');
}
