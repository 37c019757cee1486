import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeReceiver } from '@dramarelay/example-support';

const cwd = fileURLToPath(new URL('..', import.meta.url));

/** The Bun binary of the `bun` npm package, run directly so that stopping it stops Bun. */
function bunBinary(): string {
  const binary = join(
    dirname(createRequire(import.meta.url).resolve('bun/package.json')),
    'bin',
    'bun.exe',
  );
  if (!existsSync(binary)) throw new Error(`no Bun binary at ${binary}: run pnpm install`);
  return binary;
}

describeReceiver('Hono', {
  launch: () => ({ command: process.execPath, args: ['--import', 'tsx', 'src/server.ts'], cwd }),
});
describeReceiver('Hono on Bun', {
  launch: () => ({ command: bunBinary(), args: ['src/server.ts'], cwd }),
});
