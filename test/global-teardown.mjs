import fs from 'node:fs';

export default async function globalTeardown() {
  const s = globalThis.__NHAC_HAN_TEST__;
  if (!s) return;
  await Promise.allSettled([s.temporal.stop(), s.pg.stop()]);
  fs.rmSync(s.dataDir, { recursive: true, force: true });
}
