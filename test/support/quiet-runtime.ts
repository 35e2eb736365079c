// Keeps the Temporal SDK's INFO lines (bundler output, worker state changes) out of test output.
import { DefaultLogger, Runtime } from '@temporalio/worker';

try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch {
  // Already installed in this jest worker by an earlier test file.
}
