// The cluster suite (`npm run test:cluster`, run by .ci/run after `npm test`): Temporal's own server, two nodes on
// PostgreSQL, with the product's processes against it. It builds the server on first use (about 30 minutes on 2
// cores, then cached in ~/.cache/nhac-han-tools) and runs for about ten minutes, so `npm test` leaves it out.
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  roots: ['<rootDir>/test/cluster'],
  testPathIgnorePatterns: ['/node_modules/'],
  globalSetup: undefined,
  globalTeardown: undefined,
  testTimeout: 1_800_000,
  maxWorkers: 1,
};
