import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeReceiver } from '@dramarelay/example-support';

const cwd = fileURLToPath(new URL('..', import.meta.url));

/** The Deno binary of the `deno` npm package, run directly so that stopping it stops Deno. */
function denoBinary(): string {
  const binary = join(dirname(createRequire(import.meta.url).resolve('deno/package.json')), 'deno');
  if (!existsSync(binary)) throw new Error(`no Deno binary at ${binary}: run pnpm install`);
  return binary;
}

describeReceiver('Deno', {
  launch: () => ({
    command: denoBinary(),
    args: ['run', '--allow-net', '--allow-env', 'main.ts'],
    cwd,
    env: { DENO_NO_UPDATE_CHECK: '1' },
  }),
});
