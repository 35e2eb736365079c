/** What the web app's routes need, built once by the caller (the embedded stack, `nhac-han web`, tests). */
import type { Client } from '@temporalio/client';
import type { PrismaClient } from '../db/prisma';
import type { MessagePrices } from '../domain/message-cost';
import type { ActionDeps } from '../services/assignment-actions';
import type { JobRunner } from '../services/background-jobs';
import type { AccessConfig, guarded } from './access';
import type { AuthOptions } from './auth';
import type { Render } from './views';

export interface WebDeps {
  prisma: PrismaClient;
  /** Public base URL of the links sent to agencies, and the key that signs them (and sessions' CSRF tokens). */
  links: { baseUrl: string; secret: string };
  temporal: Client;
  taskQueue: string;
  namespace: string;
  /** `TEMPORAL_STARTS_PER_SECOND`: workflow starts per second when a plan is applied (unset: no limit). */
  startsPerSecond?: number;
  /**
   * `DATA_DIR`: agencies' uploads go under `<dataDir>/uploads`; compiled reports are written and served from
   * `<dataDir>/reports` (the worker's report activity must use the same folder for the emailed link to work).
   */
  dataDir: string;
  /** Secure cookies. (Default: true when the signed links' base URL is https.) */
  secureCookies?: boolean;
  /**
   * Requests per minute: sign-in attempts per account (default 10) and per client IP (default 30), counted across
   * both sign-in routes; signed-link pages per IP (default 60).
   */
  rateLimits?: { signInPerMinute?: number; signInPerIpPerMinute?: number; linkPerMinute?: number };
  /** Largest report an agency may upload, in bytes. (Default: 20 MiB.) */
  maxUploadBytes?: number;
  /** Prices per message for the costs shown (`SMS_PRICE_VND`, …). (Default: `DEFAULT_PRICES`.) */
  prices?: MessagePrices;
  /** `ZALO_APP_ID`, `ZALO_OA_SECRET_KEY`: checks the Zalo webhook's signature; without them it refuses every event. */
  zaloWebhook?: { appId: string; oaSecretKey: string };
  now?: () => Date;
}

export interface WebContext {
  deps: WebDeps;
  /** The route options enforcing an access declaration (see ./access.ts): `config` and `preHandler`. */
  guard: (a: AccessConfig) => ReturnType<typeof guarded>;
  prisma: PrismaClient;
  actions: Required<ActionDeps>;
  auth: AuthOptions;
  render: Render;
  temporalUiUrl: string | null;
  mailbox: boolean;
  now: () => Date;
  /** Background work started by a request (a plan apply), followed on its job page; drained when the app closes. */
  jobs: JobRunner;
}

export const CODE = /^[A-Za-z0-9_-]+$/;
