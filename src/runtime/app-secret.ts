/** The key that signs agencies' links and coordinators' sessions. */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config';
import { privateDir, writePrivateFile } from './private-files';

/** APP_SECRET, or one generated on first start and kept in DATA_DIR so signed links survive restarts. */
export function appSecret(config: Pick<Config, 'appSecret' | 'dataDir'>): string {
  if (config.appSecret) return config.appSecret;
  const file = path.join(config.dataDir, 'app-secret');
  if (!fs.existsSync(file)) {
    privateDir(config.dataDir);
    writePrivateFile(file, randomBytes(32).toString('base64url'), 'wx');
  }
  return fs.readFileSync(file, 'utf8').trim();
}
