/**
 * A process could not start or reach what it needs (a service unreachable, nothing running, a port taken). Shown as
 * one line naming the environment variable to fix, never as a stack trace.
 */
export class StartupError extends Error {
  override name = 'StartupError';
}
