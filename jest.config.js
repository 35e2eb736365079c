// Tests run against real services started once by test/global-setup.mjs (embedded PostgreSQL, the Temporal
// dev server) and per file (SMTP servers, the time-skipping test server, HTTP servers), all on 127.0.0.1.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // The cluster suite has its own config (jest.cluster.config.js, `npm run test:cluster`). The fault and fuzz suites
  // start their own servers and keep both cores busy for minutes: `npm test` runs them after the rest, one at a
  // time (NHAC_HAN_HEAVY=1), so they do not starve the timing of the time-skipping and dev-server tests.
  testPathIgnorePatterns: [
    '/node_modules/',
    '<rootDir>/test/cluster/',
    ...(process.env.NHAC_HAN_HEAVY === '1' ? [] : ['<rootDir>/test/faults/', '<rootDir>/test/fuzz/']),
  ],
  ...(process.env.NHAC_HAN_HEAVY === '1' ? { roots: ['<rootDir>/test/faults', '<rootDir>/test/fuzz'] } : {}),
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }] },
  transformIgnorePatterns: ['/node_modules/'],
  // The generated Prisma client imports its siblings as './x.js' (node16 resolution); jest resolves the .ts file.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  globalSetup: '<rootDir>/test/global-setup.mjs',
  globalTeardown: '<rootDir>/test/global-teardown.mjs',
  testTimeout: 120_000,
  maxWorkers: 2,
  verbose: true,
};
