// What was last installed and built, kept in node_modules/.dramarelay/: deleting node_modules
// forgets it all, and the next start installs and builds from scratch.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function stampDir(root) {
  return join(root, 'node_modules', '.dramarelay');
}

export function readStamp(root, name) {
  const file = join(stampDir(root), `${name}.json`);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')).fingerprint;
  } catch {
    return undefined;
  }
}

export function writeStamp(root, name, fingerprint) {
  mkdirSync(stampDir(root), { recursive: true });
  const file = join(stampDir(root), `${name}.json`);
  writeFileSync(file, `${JSON.stringify({ fingerprint, at: new Date().toISOString() })}\n`);
}
