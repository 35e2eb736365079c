// For running pure unit tests without starting services: jest --globalSetup ./test/support/noop-setup.mjs --globalTeardown ./test/support/noop-setup.mjs
export default async function noop() {}
