/**
 * Short links for SMS (and Zalo) messages: `<base>/l/<code>` stands for a signed submission link `<base>/s/<token>`.
 * The row stores the token as signed, whatever its format, so revoking or expiring the token refuses the short
 * link too (`/l/<code>` redirects to the token's page, which decides). One code per message step: a retried send
 * finds the code of its first attempt.
 */
import type { PrismaClient } from '../db/prisma';
import { randomShortCode } from '../security/short-code';

export interface ShortLinks {
  /**
   * The short form of `submitUrl` (a `<base>/s/<token>` link) for the message step `key`; the same code for the
   * same key. A URL that is not a signed link is returned as it is.
   */
  shorten(key: string, assignmentId: string | null, submitUrl: string): Promise<string>;
}

const TRIES = 5;

export function createShortLinks(
  prisma: PrismaClient,
  baseUrl: string,
  code: () => string = randomShortCode,
): ShortLinks {
  const base = baseUrl.replace(/\/$/, '');
  return {
    async shorten(key, assignmentId, submitUrl) {
      const at = submitUrl.lastIndexOf('/s/');
      if (at < 0) return submitUrl;
      const token = submitUrl.slice(at + 3);
      for (let attempt = 1; ; attempt++) {
        // A code already taken by another key (one in 10^14) raises a unique violation on the primary key: draw again.
        try {
          const row = await prisma.shortLink.upsert({
            where: { key },
            create: { code: code(), key, token, assignmentId },
            update: {},
            select: { code: true },
          });
          return `${base}/l/${row.code}`;
        } catch (err) {
          if (attempt >= TRIES || (err as { code?: string }).code !== 'P2002') throw err;
        }
      }
    },
  };
}
