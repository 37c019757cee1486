import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));
const built = join(packageDir, 'dist', 'bin.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Vitest global setup: some tests run the built package in child processes (the CLI, the
 * worker processes), so build it first when `dist` is missing or older than `src`. A fresh
 * build (as `npm test` makes before the tests) is left alone.
 */
export default function buildIfStale(): void {
  const sources = Math.max(
    newestSource(join(packageDir, 'src')),
    statSync(join(packageDir, 'tsup.config.ts')).mtimeMs,
  );
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  const build = spawnSync('pnpm', ['run', 'build'], {
    cwd: packageDir,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (build.status !== 0) {
    throw new Error('building @dramarelay/webhook-notifier for its process tests failed');
  }
}
