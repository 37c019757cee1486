// The pinned pnpm (package.json's packageManager): the one on PATH when it is that version,
// else fetched through npx, so that a machine with Node.js and npm alone can run it.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const libraries = ['packages/receiver-verify', 'packages/webhook-notifier'];

/** `[command, ...leading arguments]` that run the pinned pnpm. */
export function pnpmCommand() {
  const { packageManager } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const probe = spawnSync('pnpm', ['--version'], { encoding: 'utf8' });
  if (probe.status === 0 && packageManager === `pnpm@${probe.stdout.trim()}`) return ['pnpm'];
  return ['npx', '--yes', packageManager];
}

/** Runs a command in the repository (or `cwd`), showing it; exits with its status on failure. */
export function run(command, args, options = {}) {
  console.log(`\n> ${[command, ...args].join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.status !== 0) {
    console.error(`\n${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status || 1);
  }
}
