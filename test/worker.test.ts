import { loadConfig } from '../src/config';
import { workerTuningOptions } from '../src/worker';

test("the environment's workflow cache reaches the worker's options", () => {
  expect(workerTuningOptions(loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '200' }, '/x').worker)).toMatchObject({
    maxCachedWorkflows: 200,
  });
  expect(workerTuningOptions(loadConfig({}, '/x').worker)).toMatchObject({ maxCachedWorkflows: 500 });
});
