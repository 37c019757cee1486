// Installs and builds only what changed since the last successful install or build, so that a
// second `npm start` of an unchanged clone reaches the app in seconds (a no-op `pnpm install`
// alone takes half a minute here).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fingerprint } from './fingerprint.mjs';
import { readStamp, writeStamp } from './stamps.mjs';
import { buildablePackages, readManifest, workspacePackages } from './workspace.mjs';

/** What `pnpm install` reads: every manifest, the lockfile, and the Node ABI it installs for. */
export function installFingerprint(root) {
  const manifests = workspacePackages(root).map((dir) => `${dir}/package.json`);
  return fingerprint(
    root,
    ['package.json', 'pnpm-lock.yaml', 'pnpm-workspace.yaml', '.npmrc', ...manifests],
    [process.platform, process.arch, process.versions.modules],
  );
}

/** node_modules is there, for the root and every package that has dependencies. */
function installed(root) {
  if (!existsSync(join(root, 'node_modules', '.modules.yaml'))) return false;
  return workspacePackages(root).every((dir) => {
    const { dependencies = {}, devDependencies = {} } = readManifest(root, dir);
    const none = Object.keys(dependencies).length + Object.keys(devDependencies).length === 0;
    return none || existsSync(join(root, dir, 'node_modules'));
  });
}

/**
 * `pnpm(args)` runs pnpm in `root` and rejects if it fails; `log(line)` reports what is skipped.
 * Resolves once dependencies are installed and every package with a build is built.
 */
export async function prepare({ root, pnpm, log }) {
  const install = installFingerprint(root);
  if (readStamp(root, 'install') === install && installed(root)) {
    log('dependencies unchanged since the last install: pnpm install skipped');
  } else {
    await pnpm(['install', '--frozen-lockfile']);
    writeStamp(root, 'install', install);
  }

  const keys = new Map();
  const stale = [];
  for (const pkg of buildablePackages(root)) {
    // A package is rebuilt when its files, the dependencies or a package it builds on changed.
    const key = fingerprint(
      root,
      [pkg.dir, 'tsconfig.base.json'],
      [install, ...pkg.deps.map((dir) => keys.get(dir))],
    );
    keys.set(pkg.dir, key);
    const built = existsSync(join(root, pkg.dir, 'dist'));
    if (!built || readStamp(root, buildStampName(pkg)) !== key) stale.push({ pkg, key });
  }
  const fresh = buildablePackages(root).length - stale.length;
  if (fresh > 0) log(`${fresh} package build(s) unchanged since they were built: skipped`);
  if (stale.length === 0) return;
  // One recursive run: pnpm orders the builds by dependency.
  await pnpm([...stale.flatMap(({ pkg }) => ['--filter', pkg.name]), 'run', 'build']);
  for (const { pkg, key } of stale) writeStamp(root, buildStampName(pkg), key);
}

function buildStampName(pkg) {
  return `build-${pkg.name.replace(/^@/, '').replace(/\//g, '+')}`;
}
