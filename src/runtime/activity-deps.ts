/**
 * The activities' dependencies, built from the configuration: the only place outside tests that creates the mailer
 * and the SMS provider. Only the worker needs them; the web app and the CLI send nothing themselves.
 */
import type { ActivityDeps } from '../activities';
import { ENV, smsProviderConfig, type Config } from '../config';
import type { PrismaClient } from '../db/prisma';
import { createMailer, type Mailer } from '../notify/mailer';
import { createSmsProvider } from '../notify/sms/create-sms-provider';
import { loadTemplates } from '../notify/template-renderer';
import { createZaloClient } from '../notify/zalo/zalo-client';
import { createRateLimiter, type RateLimits } from '../activities/rate-limit';
import { appSecret } from './app-secret';
import { firstLine } from './endpoints';
import type { Logger } from './logger';
import { StartupError } from './startup-error';
import { esmsCallbackToken } from '../security/webhook-signature';
import type { SmsProviderConfig } from '../notify/sms/create-sms-provider';

export interface ActivityRuntime {
  deps: ActivityDeps;
  mailer: Mailer;
  close(): void;
}

/**
 * Builds the mailer (checked with an SMTP greeting, so a wrong SMTP_URL stops the start with its name), the SMS
 * provider and the templates (compiled and checked here: a broken template stops the start with its file and line).
 */
export async function createActivityRuntime(
  config: Config,
  s: { prisma: PrismaClient; smtpUrl: string; log: Logger },
): Promise<ActivityRuntime> {
  const mailer = createMailer(s.smtpUrl, config.mailFrom);
  try {
    await mailer.verify();
  } catch (err) {
    mailer.close();
    throw new StartupError(`${ENV.SMTP_URL}: không kết nối được máy chủ thư / SMTP unreachable (${firstLine(err)})`);
  }
  try {
    const deps: ActivityDeps = {
      prisma: s.prisma,
      mailer,
      sms: createSmsProvider(withDeliveryReports(smsProviderConfig(config), config), { log: s.log }),
      templates: loadTemplates(),
      links: webLinks(config),
      log: s.log,
      dataDir: config.dataDir,
      smsGateway: config.sms.provider !== 'zalo',
      zalo:
        config.zalo.accessToken && config.zalo.oaId
          ? {
              oaId: config.zalo.oaId,
              client: createZaloClient({ accessToken: config.zalo.accessToken, baseUrl: config.zalo.baseUrl }),
            }
          : undefined,
      rate: rateLimits(config),
    };
    return { deps, mailer, close: () => mailer.close() };
  } catch (err) {
    mailer.close();
    throw err;
  }
}

/** The public base URL of links sent to agencies and the key that signs them: the worker signs, the web verifies. */
export function webLinks(config: Config): { baseUrl: string; secret: string } {
  return { baseUrl: config.appBaseUrl, secret: appSecret(config) };
}

/** One limiter per relay with a rate set (`SMTP_RATE_PER_MINUTE`, `SMS_RATE_PER_MINUTE`, `ZALO_RATE_PER_MINUTE`). */
function rateLimits(config: Config): RateLimits {
  const limits: RateLimits = {};
  for (const channel of ['email', 'sms', 'zalo'] as const) {
    const perMinute = config.rates[channel];
    if (perMinute) limits[channel] = createRateLimiter(perMinute);
  }
  return limits;
}

/** eSMS reports delivery to the web app's `/webhooks/esms/<token>` (src/web/routes/delivery-webhooks.ts). */
function withDeliveryReports(sms: SmsProviderConfig, config: Config): SmsProviderConfig {
  if (!sms.esms) return sms;
  const base = config.appBaseUrl.replace(/\/$/, '');
  return {
    ...sms,
    esms: { ...sms.esms, callbackUrl: `${base}/webhooks/esms/${esmsCallbackToken(appSecret(config))}` },
  };
}
