#!/usr/bin/env node
// Makes sure the runtimes of the non-JavaScript examples exist before their tests run:
// a missing runtime must fail the tests, never skip them. As root on Debian it installs
// what is missing with apt-get; otherwise it says what to install and exits 1.
// Deno and Bun need nothing here: they are npm packages installed by `pnpm install`.
import { spawnSync } from 'node:child_process';

const runtimes = [
  { name: 'PHP', probe: ['php', ['-v']], apt: 'php-cli' },
  { name: 'Python 3', probe: ['python3', ['--version']], apt: 'python3' },
];

function version([command, args]) {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.split('\n')[0] : undefined;
}

function sh(command) {
  console.log(`> ${command}`);
  const result = spawnSync('sh', ['-c', command], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${command} failed (exit ${result.status})`);
}

const missing = runtimes.filter((runtime) => version(runtime.probe) === undefined);
if (missing.length > 0) {
  const packages = missing.map((runtime) => runtime.apt).join(' ');
  const root = process.getuid?.() === 0;
  const apt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (!root || !apt) {
    console.error(
      `missing ${missing.map((runtime) => runtime.name).join(' and ')}: ` +
        `install ${missing.length > 1 ? 'them' : 'it'} (on Debian or Ubuntu: ` +
        `sudo apt-get install -y ${packages}) and run again`,
    );
    process.exit(1);
  }
  sh(`apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y ${packages}`);
}

for (const runtime of runtimes) {
  const found = version(runtime.probe);
  if (found === undefined) {
    console.error(`${runtime.name} is still missing after the install`);
    process.exit(1);
  }
  console.log(`${runtime.name}: ${found}`);
}
