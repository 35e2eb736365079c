/**
 * The workflow bundle holds Temporal's workflow library and our workflow code, nothing heavier: every cached
 * workflow pays for what the bundle holds. (A summary formatter once imported from deadline-rules pulled luxon and
 * the legal calendar in, the bundle went from 1.7 to 3.6 MB and the worker from about 0.6 to 1.9 GB with 1,000
 * open workflows in bench/workflows.)
 */
import { bundleWorkflowCode } from '@temporalio/worker';

test('the workflow bundle pulls in no library or domain module beyond what the workflows need', async () => {
  const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('../../src/workflows'), logger: quiet });
  const packages = new Set([...code.matchAll(/\.\/node_modules\/((?:@[\w.-]+\/)?[\w.-]+)\//g)].map((m) => m[1]));
  expect([...packages].sort()).toEqual(['@temporalio/common', '@temporalio/workflow', 'long', 'ms', 'nexus-rpc']);
  const domain = new Set([...code.matchAll(/\.\/src\/domain\/([\w.-]+)\.ts/g)].map((m) => m[1]));
  expect([...domain].sort()).toEqual([
    'cycle-start',
    'date-format',
    'obligation-start',
    'policies',
    'search-attributes',
  ]);
}, 120_000);

const quiet = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
