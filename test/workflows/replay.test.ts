/**
 * Determinism guard: histories recorded from real runs (test/fixtures/histories, refreshed by running the dev-server
 * test with NHAC_HAN_RECORD_HISTORIES=1) must replay with the current workflow code. A change that would break
 * running workflows fails here; wrap it in `patched()` (README, "Changing workflow code safely").
 */
import fs from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';

const dir = path.join(__dirname, '..', 'fixtures', 'histories');
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.binpb'));

test('there are recorded histories to replay', () => {
  expect(files.length).toBeGreaterThanOrEqual(2);
});

test.each(files)('%s replays with the current workflow code', async (file) => {
  // Binary protobuf (History.encode): exact, and independent of protobufjs' JSON extension.
  const history = temporal.api.history.v1.History.decode(fs.readFileSync(path.join(dir, file)));
  await Worker.runReplayHistory(
    { workflowsPath: require.resolve('../../src/workflows') },
    history,
    file.replace(/\.binpb$/, ''),
  );
});
