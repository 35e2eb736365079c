/**
 * The checkout's root (the folder with package.json), found from this file whether it runs from `src/` (tsx) or
 * from the compiled `dist/src/`: every path to the repository's own files (templates, scripts, .tools, the
 * workflow bundle) starts here rather than counting `..` from `__dirname`.
 */
import fs from 'node:fs';
import path from 'node:path';

let root: string | undefined;

export function packageRoot(): string {
  if (root !== undefined) return root;
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${__dirname}`);
    dir = parent;
  }
  root = dir;
  return dir;
}
