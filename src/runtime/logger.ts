import { maskPersonalData } from '../security/personal-data';

/** The structured logger every layer is handed (activities, the embedded stack, the processes' entry points). */
export interface Logger {
  info(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
  error(message: string, meta?: Record<string, unknown>): void;
}

/**
 * One line per entry on stdout/stderr, metadata as JSON: what `nhac-han start|worker|web` print. Emails, phone
 * numbers, link tokens and URL credentials are masked in both (outbox keys and provider errors name recipients).
 */
export function prefixedLogger(prefix: string): Logger {
  const line = (m: string, meta?: Record<string, unknown>) =>
    maskPersonalData(`[${prefix}] ${m}${meta ? ` ${JSON.stringify(meta)}` : ''}`);
  return {
    info: (m, meta) => console.log(line(m, meta)),
    warn: (m, meta) => console.warn(line(m, meta)),
    error: (m, meta) => console.error(line(m, meta)),
  };
}

/** The worker's logger (`[worker] …`). */
export const consoleLogger: Logger = prefixedLogger('worker');
