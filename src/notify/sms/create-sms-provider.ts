import { EsmsSmsProvider, type EsmsSmsProviderOptions } from './esms-provider';
import { LogSmsProvider } from './log-provider';
import type { FetchLike, SmsLogger, SmsProvider } from './sms-provider';
import { WebhookSmsProvider } from './webhook-provider';

export const SMS_PROVIDER_NAMES = ['log', 'webhook', 'esms', 'zalo'] as const;
export type SmsProviderName = (typeof SMS_PROVIDER_NAMES)[number];

export interface SmsProviderConfig {
  /** `SMS_PROVIDER`. (Default in config: `log`.) */
  provider: SmsProviderName;
  /** `SMS_WEBHOOK_URL`; required with `webhook`. */
  webhookUrl?: string;
  /** Required with `esms`. */
  esms?: Omit<EsmsSmsProviderOptions, 'fetchImpl'>;
  /** Per-request timeout for the HTTP providers. (Default: the provider's own.) */
  timeoutMs?: number;
}

export interface SmsProviderDeps {
  log: SmsLogger;
  fetchImpl?: FetchLike;
}

/**
 * Builds the configured SMS provider. Throws at start-up, naming the variable, when the chosen provider lacks
 * its settings.
 */
export function createSmsProvider(config: SmsProviderConfig, deps: SmsProviderDeps): SmsProvider {
  switch (config.provider) {
    case 'log':
      return new LogSmsProvider(deps.log);
    case 'zalo':
      // No SMS gateway: plans' `sms` goes by Zalo (src/activities/channel-order.ts); a text that still reaches this
      // provider (a coordinator's alert to a phone) is written to the log.
      return new LogSmsProvider(deps.log);
    case 'webhook':
      if (!config.webhookUrl) throw new Error('SMS_WEBHOOK_URL is required when SMS_PROVIDER=webhook');
      return new WebhookSmsProvider({ url: config.webhookUrl, timeoutMs: config.timeoutMs, fetchImpl: deps.fetchImpl });
    case 'esms':
      if (!config.esms)
        throw new Error('eSMS settings (API key, secret key, brandname) are required when SMS_PROVIDER=esms');
      return new EsmsSmsProvider({ timeoutMs: config.timeoutMs, ...config.esms, fetchImpl: deps.fetchImpl });
    default: {
      const unknown: never = config.provider;
      throw new Error(`Unknown SMS_PROVIDER ${JSON.stringify(unknown)}; supported: ${SMS_PROVIDER_NAMES.join(', ')}`);
    }
  }
}
