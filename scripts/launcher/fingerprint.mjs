// Content hashes of the files a step depends on: a step is skipped only when its inputs hash
// the same as at its last success.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Never inputs: outputs, dependencies, tests, local data (and every dot-entry, e.g. `.data`). */
const SKIPPED = new Set(['node_modules', 'dist', 'coverage', 'test', 'bench']);

/**
 * One hash over `paths` (files, or directories walked recursively) relative to `root`, and over
 * `extra` strings. Missing paths count as missing, so creating one changes the hash too.
 */
export function fingerprint(root, paths, extra = []) {
  const hash = createHash('sha256');
  for (const value of extra) hash.update(`extra\0${value}\0`);
  for (const path of paths) addPath(hash, root, join(root, path));
  return hash.digest('hex');
}

function addPath(hash, root, absolute) {
  const name = relative(root, absolute);
  if (!existsSync(absolute)) {
    hash.update(`missing\0${name}\0`);
    return;
  }
  if (statSync(absolute).isDirectory()) {
    const entries = readdirSync(absolute)
      .filter((entry) => !entry.startsWith('.') && !SKIPPED.has(entry))
      .sort();
    for (const entry of entries) addPath(hash, root, join(absolute, entry));
    return;
  }
  hash.update(`file\0${name}\0`);
  hash.update(readFileSync(absolute));
  hash.update('\0');
}
