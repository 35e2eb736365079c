import { loadConfig } from '../src/config';
import { workerTuningOptions } from '../src/worker';

test("the environment's workflow cache reaches the worker's options", () => {
  expect(workerTuningOptions(loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '200' }, '/x').worker)).toMatchObject({
    maxCachedWorkflows: 200,
  });
  expect(workerTuningOptions(loadConfig({}, '/x').worker)).toMatchObject({ maxCachedWorkflows: 500 });
});

test('a burst longer than the SDK’s 10 s keeps its tasks on the sticky queue', () => {
  expect(workerTuningOptions(loadConfig({}, '/x').worker)).toMatchObject({
    stickyQueueScheduleToStartTimeout: '1 minute',
  });
});
