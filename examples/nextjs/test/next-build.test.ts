import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeReceiver, runToExit } from '@dramarelay/example-support';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { packLibraries } from '../../../scripts/pack.mjs';

// A minimal Next.js app around this example's route handler, with the verifier installed by
// npm from the tarball `npm run pack` makes, built by `next build` and served by `next start`:
// what an integrator does before the first release. (Installed as a folder, the package is a
// symlink out of the app, and next build fails: "Can't resolve '@dramarelay/receiver-verify'".)
// Next.js 16.4 needs Node.js 20.9 or later; the build runs offline once npm has installed it.
const VERSIONS = {
  next: '16.4.6',
  react: '19.3.1',
  'react-dom': '19.3.1',
  typescript: '5.9.3',
  '@types/react': '19.3.3',
  '@types/node': '20.19.43',
};
const route = fileURLToPath(new URL('../app/api/webhooks/route.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'dramarelay-next-app-'));
const app = join(dir, 'app');
const env = { NEXT_TELEMETRY_DISABLED: '1' };

async function step(command: string, args: string[]) {
  const { code, output } = await runToExit(command, args, { cwd: app, env });
  expect(code, `${command} ${args.join(' ')}:\n${output}`).toBe(0);
}

describe('the Next.js example in a Next.js app, the verifier installed from its tarball', () => {
  beforeAll(async () => {
    const [receiverVerify] = packLibraries(join(dir, 'pack'));
    mkdirSync(join(app, 'app', 'api', 'webhooks'), { recursive: true });
    const { typescript, '@types/react': react, '@types/node': node, ...dependencies } = VERSIONS;
    const manifest = {
      name: 'next-app',
      private: true,
      dependencies: { '@dramarelay/receiver-verify': `file:${receiverVerify}`, ...dependencies },
      devDependencies: { typescript, '@types/react': react, '@types/node': node },
    };
    writeFileSync(join(app, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          lib: ['dom', 'esnext'],
          module: 'esnext',
          moduleResolution: 'bundler',
          jsx: 'react-jsx',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          isolatedModules: true,
          incremental: true,
          plugins: [{ name: 'next' }],
        },
        include: ['next-env.d.ts', '**/*.ts', '**/*.tsx', '.next/types/**/*.ts'],
        exclude: ['node_modules'],
      }),
    );
    writeFileSync(
      join(app, 'app', 'layout.tsx'),
      'export default function Layout({ children }: { children: React.ReactNode }) {\n' +
        '  return <html lang="en"><body>{children}</body></html>;\n}\n',
    );
    copyFileSync(route, join(app, 'app', 'api', 'webhooks', 'route.ts'));
    await step('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline']);
    await step(process.execPath, [
      join(app, 'node_modules', 'next', 'dist', 'bin', 'next'),
      'build',
    ]);
  }, 900_000);
  // The app holds Next.js's node_modules and build: removing it takes a while on a busy machine.
  afterAll(() => rm(dir, { recursive: true, force: true }), 300_000);

  describeReceiver('Next.js (next build, next start)', {
    launch: (port) => ({
      command: process.execPath,
      args: [
        join(app, 'node_modules', 'next', 'dist', 'bin', 'next'),
        'start',
        '--port',
        String(port),
        '--hostname',
        '127.0.0.1',
      ],
      cwd: app,
      env,
      ready: /Ready in/,
    }),
    path: '/api/webhooks',
  });
});
