/**
 * DATA_DIR holds the database, the mailbox, agencies' uploads, compiled reports, the app secret and the database
 * password: nothing in it is for other local users. Folders are 0700 and files 0600; as root, DATA_DIR itself is
 * 0711 so that the `postgres` system user the embedded PostgreSQL runs as can pass through to its own folder
 * (0700, owned by it) without listing anything else.
 */
import fs from 'node:fs';
import path from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** Creates `dir` (and its parents) if needed and makes it private; returns it. */
export function privateDir(dir: string): string {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  fs.chmodSync(dir, PRIVATE_DIR_MODE);
  return dir;
}

/** Writes a file only its owner can read (created 0600, and set so when it existed). */
export function writePrivateFile(file: string, data: string | Uint8Array, flag: 'w' | 'wx' = 'w'): void {
  fs.writeFileSync(file, data, { mode: PRIVATE_FILE_MODE, flag });
  fs.chmodSync(file, PRIVATE_FILE_MODE);
}

/**
 * Makes DATA_DIR private, and everything already in it (an install from before this rule, or files a service
 * created with the process umask): folders 0700, files 0600. The embedded PostgreSQL's folder is left to it (its
 * owner may be another user, and PostgreSQL keeps it 0700 itself).
 */
export function tightenDataDir(dataDir: string): void {
  fs.mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIR_MODE });
  fs.chmodSync(dataDir, isRoot() ? 0o711 : PRIVATE_DIR_MODE);
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (dir === dataDir && entry.name === 'postgres') continue;
      if (entry.isDirectory()) {
        fs.chmodSync(p, PRIVATE_DIR_MODE);
        walk(p);
      } else if (entry.isFile()) fs.chmodSync(p, PRIVATE_FILE_MODE);
    }
  };
  walk(dataDir);
}
