import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { prepare } from '../launcher/prepare.mjs';

// A small workspace on disk: library `a` (packages/a) and app `b` (apps/b) built on it, and a
// pnpm that only records what it was asked to do (and leaves what a real one would).
let root;
let calls;
let failNext;

function write(path, text) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

const manifest = (name, deps = {}) =>
  JSON.stringify({ name, scripts: { build: 'tsup' }, dependencies: deps });

async function pnpm(args) {
  calls.push(args.join(' '));
  if (failNext) {
    failNext = false;
    throw new Error('pnpm failed');
  }
  if (args[0] === 'install') {
    write('node_modules/.modules.yaml', 'layoutVersion: 5\n');
    mkdirSync(join(root, 'apps/b/node_modules'), { recursive: true });
  }
  for (const [flag, name] of args.map((arg, i) => [arg, args[i + 1]])) {
    if (flag === '--filter') write(`${name === 'a' ? 'packages/a' : 'apps/b'}/dist/index.js`, '');
  }
}

const prepareOnce = () => prepare({ root, pnpm, log: () => {} });
const steps = async () => {
  calls = [];
  await prepareOnce();
  return calls;
};

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'dramarelay-prepare-'));
  calls = [];
  failNext = false;
  write('package.json', JSON.stringify({ name: 'fixture', packageManager: 'pnpm@10.34.9' }));
  write('pnpm-workspace.yaml', 'packages:\n  - packages/*\n  - apps/*\n');
  write('pnpm-lock.yaml', "lockfileVersion: '9.0'\n");
  write('tsconfig.base.json', '{}');
  write('packages/a/package.json', manifest('a'));
  write('packages/a/src/index.ts', 'export const a = 1;\n');
  write('apps/b/package.json', manifest('b', { a: 'workspace:*' }));
  write('apps/b/src/main.ts', "import { a } from 'a';\n");
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('what npm start installs and builds', () => {
  it('installs and builds a fresh clone, library first; then nothing while nothing changed', async () => {
    expect(await steps()).toEqual(['install --frozen-lockfile', '--filter a --filter b run build']);
    expect(await steps()).toEqual([]);
  });

  it('reinstalls (and rebuilds) when the lockfile or any package.json changes', async () => {
    await prepareOnce();
    write('pnpm-lock.yaml', "lockfileVersion: '9.0'\n# changed\n");
    expect(await steps()).toEqual(['install --frozen-lockfile', '--filter a --filter b run build']);
    write('apps/b/package.json', manifest('b', { a: 'workspace:*', zod: '4.6.7' }));
    expect((await steps())[0]).toBe('install --frozen-lockfile');
  });

  it('rebuilds a changed library and the app built on it, but only the app when only it changed', async () => {
    await prepareOnce();
    write('packages/a/src/index.ts', 'export const a = 2;\n');
    expect(await steps()).toEqual(['--filter a --filter b run build']);
    write('apps/b/src/main.ts', "import { a } from 'a';\nconsole.log(a);\n");
    expect(await steps()).toEqual(['--filter b run build']);
  });

  it('ignores tests and local data: they are not build inputs', async () => {
    await prepareOnce();
    write('packages/a/test/a.test.ts', 'test');
    write('apps/b/.data/pg/PG_VERSION', '18');
    expect(await steps()).toEqual([]);
  });

  it('rebuilds a package whose dist was deleted, and reinstalls when node_modules was', async () => {
    await prepareOnce();
    rmSync(join(root, 'apps/b/dist'), { recursive: true });
    expect(await steps()).toEqual(['--filter b run build']);
    rmSync(join(root, 'node_modules'), { recursive: true });
    expect(await steps()).toEqual(['install --frozen-lockfile', '--filter a --filter b run build']);
  });

  it('tries again after a failed install instead of trusting it', async () => {
    failNext = true;
    await expect(prepareOnce()).rejects.toThrow('pnpm failed');
    expect((await steps())[0]).toBe('install --frozen-lockfile');
  });
});
