// The pinned pnpm: the one on PATH if it is that version, else fetched through npx, so a fresh
// clone needs nothing but Node and npm.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** `[command, ...leading args]` to run the root package.json's `packageManager`. */
export function pnpmCommand(root) {
  const { packageManager } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const probe = spawnSync('pnpm', ['--version'], { encoding: 'utf8' });
  if (probe.status === 0 && packageManager === `pnpm@${probe.stdout.trim()}`) return ['pnpm'];
  return ['npx', '--yes', packageManager];
}
