#!/usr/bin/env node
// `npm run pack`: installs and builds the workspace, then packs both libraries with
// `pnpm pack` into .pack/, as tarballs that plain npm installs in any project (a Next.js app
// included) before, or instead of, the npm registry:
//   npm install /path/to/dramarelay/.pack/dramarelay-receiver-verify-0.1.0.tgz
// Options: --out <dir> (default .pack), --no-install, --no-build (pack what is built).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { libraries, pnpmCommand, root, run } from './lib/pnpm.mjs';

/**
 * Packs each library into `out` and returns the tarballs' paths, receiver-verify first.
 * Refuses a tarball whose package.json still names a `workspace:` version (npm cannot
 * install it): pnpm pack replaces them, npm pack would not.
 */
export function packLibraries(out, [pnpm, ...prefix] = pnpmCommand()) {
  mkdirSync(out, { recursive: true });
  return libraries.map((library) => {
    const name = `dramarelay-${basename(library)}-`;
    for (const old of readdirSync(out).filter((file) => file.startsWith(name))) {
      rmSync(join(out, old));
    }
    run(pnpm, [...prefix, 'pack', '--pack-destination', out], { cwd: join(root, library) });
    const tarball = readdirSync(out).find((file) => file.startsWith(name) && file.endsWith('.tgz'));
    if (!tarball) throw new Error(`pnpm pack left no ${name}*.tgz in ${out}`);
    const manifest = spawnSync('tar', ['-xzOf', join(out, tarball), 'package/package.json'], {
      encoding: 'utf8',
    });
    if (manifest.status !== 0 || manifest.stdout.includes('"workspace:')) {
      throw new Error(`${tarball}: its package.json is unreadable or names a workspace: version`);
    }
    return join(out, tarball);
  });
}

function main() {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: join(root, '.pack') },
      'no-install': { type: 'boolean', default: false },
      'no-build': { type: 'boolean', default: false },
    },
  });
  const [pnpm, ...prefix] = pnpmCommand();
  if (!values['no-install']) run(pnpm, [...prefix, 'install', '--frozen-lockfile']);
  if (!values['no-build']) {
    for (const library of libraries) run(pnpm, [...prefix, '--dir', library, 'run', 'build']);
  }
  const tarballs = packLibraries(resolve(values.out), [pnpm, ...prefix]);
  console.log(`\nPacked:\n${tarballs.map((file) => `  ${file}`).join('\n')}`);
  console.log(`\nIn your project:\n  npm install ${tarballs.join(' ')}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
