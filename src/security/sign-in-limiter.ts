/**
 * Sign-in attempts counted per client IP and per account, shared by every route that signs in (`POST /api/session`
 * and the page's `POST /sign-in` both call `signIn`). The old limit, keyed by IP plus email, let anyone try a new
 * email every request without ever being limited, and a slow guess at one account from many addresses was never
 * limited at all. Fixed windows in memory (one process serves the web app); a refusal names no account.
 */
export interface SignInLimits {
  /** Attempts per account per window. (Default: 10.) */
  perAccount: number;
  /** Attempts per client IP per window, whatever the email. (Default: 30.) */
  perIp: number;
  /** (Default: 60 000 ms.) */
  windowMs: number;
}

export class SignInLimiter {
  private readonly counts = new Map<string, { n: number; resetAt: number }>();

  constructor(
    private readonly limits: SignInLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one attempt; false when the IP or the account is over its limit (the attempt is then not tried). */
  attempt(ip: string, account: string): boolean {
    const t = this.now();
    if (this.counts.size > 50_000) for (const [k, v] of this.counts) if (v.resetAt <= t) this.counts.delete(k);
    const ipOk = this.bump(`ip:${ip}`, this.limits.perIp, t);
    const accountOk = this.bump(`account:${account.toLowerCase()}`, this.limits.perAccount, t);
    return ipOk && accountOk;
  }

  private bump(key: string, max: number, t: number): boolean {
    const c = this.counts.get(key);
    if (!c || c.resetAt <= t) {
      this.counts.set(key, { n: 1, resetAt: t + this.limits.windowMs });
      return true;
    }
    c.n += 1;
    return c.n <= max;
  }
}
