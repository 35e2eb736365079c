/**
 * Configuration, parsed once from an env object that is passed in (tests pass plain objects). Every variable name
 * and default is here; entry points call `loadConfig()` at boot and fail with the variable's name.
 */
import { packageRoot } from './runtime/package-root';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_PRICES, type MessagePrices } from './domain/message-cost';
import type { SmsProviderConfig } from './notify/sms/create-sms-provider';

export const ENV = {
  DATA_DIR: 'DATA_DIR',
  DATABASE_URL: 'DATABASE_URL',
  TEMPORAL_ADDRESS: 'TEMPORAL_ADDRESS',
  TEMPORAL_NAMESPACE: 'TEMPORAL_NAMESPACE',
  TEMPORAL_UI_URL: 'TEMPORAL_UI_URL',
  TEMPORAL_TASK_QUEUE: 'TEMPORAL_TASK_QUEUE',
  TEMPORAL_STARTS_PER_SECOND: 'TEMPORAL_STARTS_PER_SECOND',
  SMTP_URL: 'SMTP_URL',
  MAIL_FROM: 'MAIL_FROM',
  SMS_PROVIDER: 'SMS_PROVIDER',
  SMS_WEBHOOK_URL: 'SMS_WEBHOOK_URL',
  ESMS_BASE_URL: 'ESMS_BASE_URL',
  ESMS_API_KEY: 'ESMS_API_KEY',
  ESMS_SECRET_KEY: 'ESMS_SECRET_KEY',
  ESMS_BRANDNAME: 'ESMS_BRANDNAME',
  ZALO_BASE_URL: 'ZALO_BASE_URL',
  ZALO_ACCESS_TOKEN: 'ZALO_ACCESS_TOKEN',
  ZALO_OA_ID: 'ZALO_OA_ID',
  ZALO_APP_ID: 'ZALO_APP_ID',
  ZALO_OA_SECRET_KEY: 'ZALO_OA_SECRET_KEY',
  SMTP_RATE_PER_MINUTE: 'SMTP_RATE_PER_MINUTE',
  SMS_RATE_PER_MINUTE: 'SMS_RATE_PER_MINUTE',
  ZALO_RATE_PER_MINUTE: 'ZALO_RATE_PER_MINUTE',
  PORT: 'PORT',
  APP_BASE_URL: 'APP_BASE_URL',
  APP_SECRET: 'APP_SECRET',
  SMS_PRICE_VND: 'SMS_PRICE_VND',
  ZALO_PRICE_VND: 'ZALO_PRICE_VND',
  EMAIL_PRICE_VND: 'EMAIL_PRICE_VND',
  POSTGRES_PORT: 'NHAC_HAN_POSTGRES_PORT',
  TEMPORAL_PORT: 'NHAC_HAN_TEMPORAL_PORT',
  TEMPORAL_UI_PORT: 'NHAC_HAN_TEMPORAL_UI_PORT',
  SMTP_PORT: 'NHAC_HAN_SMTP_PORT',
  TOOLS_DIR: 'NHAC_HAN_TOOLS_DIR',
  WORKFLOW_BUNDLE: 'NHAC_HAN_WORKFLOW_BUNDLE',
  METRICS_TOKEN: 'METRICS_TOKEN',
  WORKER_METRICS_PORT: 'WORKER_METRICS_PORT',
  WORKER_MAX_CACHED_WORKFLOWS: 'WORKER_MAX_CACHED_WORKFLOWS',
} as const;

/**
 * The worker's defaults (src/worker.ts), set where the environment can move them. `maxCachedWorkflows`: workflows
 * kept in memory between their tasks; one not kept replays its history when its next task comes (a timer fires, a
 * message arrives), which costs that task a history fetch and a replay, not a second send (`WORKER_MAX_CACHED_WORKFLOWS`).
 */
export const WORKER_DEFAULTS = { maxCachedWorkflows: 500 } as const;

const port = (name: string, dflt: number) =>
  z.coerce
    .number({ error: `${name} phải là số cổng / must be a port number` })
    .int(`${name} phải là số nguyên / must be an integer`)
    .min(1, `${name} phải từ 1 đến 65535 / must be 1–65535`)
    .max(65535, `${name} phải từ 1 đến 65535 / must be 1–65535`)
    .default(dflt);

const price = (name: string, dflt: number) =>
  z.coerce
    .number({ error: `${name} phải là số đồng / must be an amount in VND` })
    .min(0, `${name} không được âm / must not be negative`)
    .max(1_000_000, `${name} quá lớn / too large`)
    .default(dflt);

const rate = (name: string) =>
  z.coerce
    .number({ error: `${name} phải là số tin mỗi phút / must be messages per minute` })
    .int(`${name} phải là số nguyên / must be an integer`)
    .min(1, `${name} phải từ 1 đến 100000 / must be 1–100000`)
    .max(100_000, `${name} phải từ 1 đến 100000 / must be 1–100000`)
    .optional();

const url = (name: string, protocols: string[]) =>
  z.string().refine(
    (s) => {
      try {
        return protocols.includes(new URL(s).protocol);
      } catch {
        return false;
      }
    },
    {
      message: `${name} phải là URL ${protocols.map((p) => p.replace(':', '://')).join(' hoặc ')} / must be a ${protocols.join(' or ')} URL`,
    },
  );

/**
 * A secret copied from an example rather than generated: the words examples use (change-me, replace-me, placeholder,
 * example, your-secret…) or too few distinct characters to be random (`xxxxxxxx…`, `0123456789…`).
 */
export function isPlaceholderSecret(s: string): boolean {
  if (/change[-_ ]?(me|this)|replace[-_ ]?(me|this)|placeholder|example|your[-_ ]?(app[-_ ]?)?secret|^secret$/i.test(s))
    return true;
  return new Set(s).size < 12;
}

const cachedWorkflowsRange = `${ENV.WORKER_MAX_CACHED_WORKFLOWS} phải là 0 (tắt) hoặc từ 2 đến 100000 / must be 0 (off) or 2–100000`;

const schema = z.object({
  [ENV.DATA_DIR]: z.string().min(1).default('./.data'),
  [ENV.DATABASE_URL]: url(ENV.DATABASE_URL, ['postgres:', 'postgresql:']).optional(),
  [ENV.TEMPORAL_ADDRESS]: z
    .string()
    .regex(/^[^\s:/]+:\d{1,5}$/, `${ENV.TEMPORAL_ADDRESS} phải có dạng host:port / must be host:port`)
    .optional(),
  [ENV.TEMPORAL_NAMESPACE]: z.string().min(1).default('default'),
  [ENV.TEMPORAL_UI_URL]: url(ENV.TEMPORAL_UI_URL, ['http:', 'https:']).optional(),
  [ENV.TEMPORAL_TASK_QUEUE]: z.string().min(1).default('nhac-han'),
  [ENV.TEMPORAL_STARTS_PER_SECOND]: z.coerce
    .number({
      error: `${ENV.TEMPORAL_STARTS_PER_SECOND} phải là số quy trình mỗi giây / must be workflow starts per second`,
    })
    .int(`${ENV.TEMPORAL_STARTS_PER_SECOND} phải là số nguyên / must be an integer`)
    .min(1, `${ENV.TEMPORAL_STARTS_PER_SECOND} phải từ 1 đến 10000 / must be 1–10000`)
    .max(10_000, `${ENV.TEMPORAL_STARTS_PER_SECOND} phải từ 1 đến 10000 / must be 1–10000`)
    .optional(),
  [ENV.SMTP_URL]: url(ENV.SMTP_URL, ['smtp:', 'smtps:']).optional(),
  [ENV.MAIL_FROM]: z.string().min(3).default('Nhắc Hạn <nhac-han@localhost>'),
  [ENV.SMS_PROVIDER]: z
    .enum(['log', 'webhook', 'esms', 'zalo'], {
      message: `${ENV.SMS_PROVIDER} phải là log, webhook, esms hoặc zalo / must be log, webhook, esms or zalo`,
    })
    .default('log'),
  [ENV.SMS_WEBHOOK_URL]: url(ENV.SMS_WEBHOOK_URL, ['http:', 'https:']).optional(),
  [ENV.ESMS_BASE_URL]: url(ENV.ESMS_BASE_URL, ['http:', 'https:']).default('https://rest.esms.vn'),
  [ENV.ESMS_API_KEY]: z.string().optional(),
  [ENV.ESMS_SECRET_KEY]: z.string().optional(),
  [ENV.ESMS_BRANDNAME]: z.string().optional(),
  [ENV.ZALO_BASE_URL]: url(ENV.ZALO_BASE_URL, ['http:', 'https:']).default('https://business.openapi.zalo.me'),
  [ENV.ZALO_ACCESS_TOKEN]: z.string().optional(),
  [ENV.ZALO_OA_ID]: z
    .string()
    .regex(/^\d{1,25}$/, `${ENV.ZALO_OA_ID} phải là mã OA (chữ số) / must be the Official Account id (digits)`)
    .optional(),
  [ENV.ZALO_APP_ID]: z.string().optional(),
  [ENV.ZALO_OA_SECRET_KEY]: z.string().optional(),
  [ENV.SMTP_RATE_PER_MINUTE]: rate(ENV.SMTP_RATE_PER_MINUTE),
  [ENV.SMS_RATE_PER_MINUTE]: rate(ENV.SMS_RATE_PER_MINUTE),
  [ENV.ZALO_RATE_PER_MINUTE]: rate(ENV.ZALO_RATE_PER_MINUTE),
  [ENV.PORT]: port(ENV.PORT, 3000),
  [ENV.APP_BASE_URL]: url(ENV.APP_BASE_URL, ['http:', 'https:']).optional(),
  [ENV.APP_SECRET]: z
    .string()
    .min(32, `${ENV.APP_SECRET} phải dài ít nhất 32 ký tự / must be at least 32 characters`)
    .refine((s) => !isPlaceholderSecret(s), {
      message: `${ENV.APP_SECRET} là giá trị mẫu, hãy đặt một chuỗi ngẫu nhiên (openssl rand -base64 48) / is a placeholder, set a random string`,
    })
    .optional(),
  [ENV.SMS_PRICE_VND]: price(ENV.SMS_PRICE_VND, DEFAULT_PRICES.smsSegmentVnd),
  [ENV.ZALO_PRICE_VND]: price(ENV.ZALO_PRICE_VND, DEFAULT_PRICES.zaloMessageVnd),
  [ENV.EMAIL_PRICE_VND]: price(ENV.EMAIL_PRICE_VND, DEFAULT_PRICES.emailVnd),
  [ENV.POSTGRES_PORT]: port(ENV.POSTGRES_PORT, 5433),
  [ENV.TEMPORAL_PORT]: port(ENV.TEMPORAL_PORT, 7233),
  [ENV.TEMPORAL_UI_PORT]: port(ENV.TEMPORAL_UI_PORT, 8233),
  [ENV.SMTP_PORT]: port(ENV.SMTP_PORT, 1025),
  [ENV.TOOLS_DIR]: z.string().optional(),
  [ENV.WORKFLOW_BUNDLE]: z.string().optional(),
  [ENV.METRICS_TOKEN]: z
    .string()
    .min(16, `${ENV.METRICS_TOKEN} phải dài ít nhất 16 ký tự / must be at least 16 characters`)
    .optional(),
  [ENV.WORKER_METRICS_PORT]: z.coerce
    .number({ error: `${ENV.WORKER_METRICS_PORT} phải là số cổng / must be a port number` })
    .int(`${ENV.WORKER_METRICS_PORT} phải là số nguyên / must be an integer`)
    .min(1, `${ENV.WORKER_METRICS_PORT} phải từ 1 đến 65535 / must be 1–65535`)
    .max(65535, `${ENV.WORKER_METRICS_PORT} phải từ 1 đến 65535 / must be 1–65535`)
    .optional(),
  [ENV.WORKER_MAX_CACHED_WORKFLOWS]: z.coerce
    .number({ error: `${ENV.WORKER_MAX_CACHED_WORKFLOWS} phải là số quy trình / must be a number of workflows` })
    .int(`${ENV.WORKER_MAX_CACHED_WORKFLOWS} phải là số nguyên / must be an integer`)
    .min(0, cachedWorkflowsRange)
    .max(100_000, cachedWorkflowsRange)
    .refine((n) => n !== 1, cachedWorkflowsRange)
    .default(WORKER_DEFAULTS.maxCachedWorkflows),
});

export interface Config {
  dataDir: string;
  databaseUrl: string | undefined;
  /**
   * `startsPerSecond`: workflow starts per second when a plan is applied (unset: no limit beyond 16 at once), for a
   * namespace with an actions-per-second limit (Temporal Cloud) or a server shared with other work.
   */
  temporal: {
    address: string | undefined;
    namespace: string;
    uiUrl: string | undefined;
    taskQueue: string;
    startsPerSecond: number | undefined;
  };
  smtpUrl: string | undefined;
  mailFrom: string;
  sms: {
    provider: 'log' | 'webhook' | 'esms' | 'zalo';
    webhookUrl: string | undefined;
    esms: { baseUrl: string; apiKey: string | undefined; secretKey: string | undefined; brandname: string | undefined };
  };
  /**
   * The Zalo Official Account: `accessToken` and `oaId` send template messages (required with `SMS_PROVIDER=zalo`),
   * `appId` and `oaSecretKey` check the delivery webhook's signature.
   */
  zalo: {
    baseUrl: string;
    accessToken: string | undefined;
    oaId: string | undefined;
    appId: string | undefined;
    oaSecretKey: string | undefined;
  };
  /** Messages per minute per relay; unset: no limit. */
  rates: { email: number | undefined; sms: number | undefined; zalo: number | undefined };
  port: number;
  appBaseUrl: string;
  appSecret: string | undefined;
  /** Prices per message, for the cost shown on the dashboard and in `status --json`. */
  prices: MessagePrices;
  embedded: { postgresPort: number; temporalPort: number; temporalUiPort: number; smtpPort: number };
  toolsDir: string;
  /** Prebuilt workflow bundle for production workers (npm run build:workflow); unset: bundle at start. */
  workflowBundle: string | undefined;
  /** `/metrics`: the scrapers' bearer token (unset: loopback only), and `nhac-han worker`'s own port (unset: none). */
  metrics: { token: string | undefined; workerPort: number | undefined };
  /** The worker's tuning (see `WORKER_DEFAULTS`); `nhac-han worker` and `nhac-han start` hand it to `createWorker`. */
  worker: WorkerTuning;
}

/** What the environment may set of the Temporal worker's options. */
export interface WorkerTuning {
  /** Workflows kept in memory between tasks; 0 turns the cache off (every task replays its history). */
  maxCachedWorkflows: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

/** Parses the environment. Throws `ConfigError` with one line per bad variable, naming it. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): Readonly<Config> {
  // Empty strings mean "unset": shells and compose files often export VAR= .
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${String(i.path[0] ?? '')}: ${i.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  if (e[ENV.SMS_PROVIDER] === 'webhook' && !e[ENV.SMS_WEBHOOK_URL]) {
    problems.push(`${ENV.SMS_WEBHOOK_URL}: cần khi SMS_PROVIDER=webhook / required when SMS_PROVIDER=webhook`);
  }
  if (e[ENV.SMS_PROVIDER] === 'esms') {
    for (const k of [ENV.ESMS_API_KEY, ENV.ESMS_SECRET_KEY, ENV.ESMS_BRANDNAME] as const) {
      if (!e[k]) problems.push(`${k}: cần khi SMS_PROVIDER=esms / required when SMS_PROVIDER=esms`);
    }
  }
  const zaloSending = e[ENV.SMS_PROVIDER] === 'zalo' || e[ENV.ZALO_ACCESS_TOKEN] !== undefined;
  if (zaloSending) {
    for (const k of [ENV.ZALO_ACCESS_TOKEN, ENV.ZALO_OA_ID] as const) {
      if (!e[k]) problems.push(`${k}: cần để gửi tin Zalo / required to send Zalo messages`);
    }
  }
  if ((e[ENV.ZALO_APP_ID] === undefined) !== (e[ENV.ZALO_OA_SECRET_KEY] === undefined)) {
    problems.push(
      `${e[ENV.ZALO_APP_ID] === undefined ? ENV.ZALO_APP_ID : ENV.ZALO_OA_SECRET_KEY}: cần cùng ${
        e[ENV.ZALO_APP_ID] === undefined ? ENV.ZALO_OA_SECRET_KEY : ENV.ZALO_APP_ID
      } để kiểm tra chữ ký webhook Zalo / required together to check the Zalo webhook signature`,
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const port = e[ENV.PORT];
  return Object.freeze({
    dataDir: path.resolve(cwd, e[ENV.DATA_DIR]),
    databaseUrl: e[ENV.DATABASE_URL],
    temporal: {
      address: e[ENV.TEMPORAL_ADDRESS],
      namespace: e[ENV.TEMPORAL_NAMESPACE],
      uiUrl: e[ENV.TEMPORAL_UI_URL],
      taskQueue: e[ENV.TEMPORAL_TASK_QUEUE],
      startsPerSecond: e[ENV.TEMPORAL_STARTS_PER_SECOND],
    },
    smtpUrl: e[ENV.SMTP_URL],
    mailFrom: e[ENV.MAIL_FROM],
    sms: {
      provider: e[ENV.SMS_PROVIDER],
      webhookUrl: e[ENV.SMS_WEBHOOK_URL],
      esms: {
        baseUrl: e[ENV.ESMS_BASE_URL],
        apiKey: e[ENV.ESMS_API_KEY],
        secretKey: e[ENV.ESMS_SECRET_KEY],
        brandname: e[ENV.ESMS_BRANDNAME],
      },
    },
    zalo: {
      baseUrl: e[ENV.ZALO_BASE_URL],
      accessToken: e[ENV.ZALO_ACCESS_TOKEN],
      oaId: e[ENV.ZALO_OA_ID],
      appId: e[ENV.ZALO_APP_ID],
      oaSecretKey: e[ENV.ZALO_OA_SECRET_KEY],
    },
    rates: {
      email: e[ENV.SMTP_RATE_PER_MINUTE],
      sms: e[ENV.SMS_RATE_PER_MINUTE],
      zalo: e[ENV.ZALO_RATE_PER_MINUTE],
    },
    port,
    appBaseUrl: e[ENV.APP_BASE_URL] ?? `http://localhost:${port}`,
    appSecret: e[ENV.APP_SECRET],
    prices: {
      smsSegmentVnd: e[ENV.SMS_PRICE_VND],
      zaloMessageVnd: e[ENV.ZALO_PRICE_VND],
      emailVnd: e[ENV.EMAIL_PRICE_VND],
    },
    embedded: {
      postgresPort: e[ENV.POSTGRES_PORT],
      temporalPort: e[ENV.TEMPORAL_PORT],
      temporalUiPort: e[ENV.TEMPORAL_UI_PORT],
      smtpPort: e[ENV.SMTP_PORT],
    },
    toolsDir: path.resolve(cwd, e[ENV.TOOLS_DIR] ?? path.join(packageRoot(), '.tools')),
    workflowBundle: e[ENV.WORKFLOW_BUNDLE],
    metrics: { token: e[ENV.METRICS_TOKEN], workerPort: e[ENV.WORKER_METRICS_PORT] },
    worker: { maxCachedWorkflows: e[ENV.WORKER_MAX_CACHED_WORKFLOWS] },
  });
}

/** The SMS settings in the shape `createSmsProvider` takes (loadConfig has already checked esms's keys). */
export function smsProviderConfig(config: Config): SmsProviderConfig {
  const { apiKey, secretKey, brandname, baseUrl } = config.sms.esms;
  return {
    provider: config.sms.provider,
    webhookUrl: config.sms.webhookUrl,
    esms: apiKey && secretKey && brandname ? { baseUrl, apiKey, secretKey, brandname } : undefined,
  };
}
