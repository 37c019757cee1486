#!/usr/bin/env node
// The quick start's entry point: `npm start`, `npm test` and `npm run bench` come here, so a
// fresh clone needs nothing but Node 20 and npm. It fetches the pinned pnpm through npx,
// installs the workspace, builds the libraries, then runs the job asked for.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { packageManager } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const libraries = ['packages/receiver-verify', 'packages/webhook-notifier'];

function run(command, args, options = {}) {
  console.log(`\n> ${[command, ...args].join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  // Ctrl-C or a stop signal reached the child too; it has shut down on its own.
  if (result.signal === 'SIGINT' || result.signal === 'SIGTERM') process.exit(0);
  if (result.status !== 0) {
    console.error(`\n${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status || 1);
  }
}

function pnpmCommand() {
  const probe = spawnSync('pnpm', ['--version'], { encoding: 'utf8' });
  if (probe.status === 0 && packageManager === `pnpm@${probe.stdout.trim()}`) return ['pnpm'];
  return ['npx', '--yes', packageManager];
}

const [pnpmBin, ...pnpmPrefix] = pnpmCommand();
const pnpm = (...args) => run(pnpmBin, [...pnpmPrefix, ...args]);

function install() {
  pnpm('install', '--frozen-lockfile');
  pnpm('-r', '--filter', './packages/*', 'build');
}

function packChecks() {
  const packDir = join(root, '.pack');
  rmSync(packDir, { recursive: true, force: true });
  mkdirSync(packDir);
  for (const library of libraries) {
    const before = new Set(readdirSync(packDir));
    run(pnpmBin, [...pnpmPrefix, 'pack', '--pack-destination', packDir], {
      cwd: join(root, library),
    });
    const tarball = readdirSync(packDir).find((file) => !before.has(file));
    if (!tarball) throw new Error(`no tarball packed for ${library}`);
    pnpm('exec', 'publint', '--strict', join(packDir, tarball));
    pnpm('exec', 'attw', join(packDir, tarball));
  }
}

function summariseVitest(reportPath) {
  if (!existsSync(reportPath)) return;
  const report = JSON.parse(readFileSync(reportPath, 'utf8'));
  const failed = report.numFailedTests + (report.success ? 0 : report.numFailedTestSuites);
  console.log(`\ntests: ${report.numPassedTests} passed, ${failed} failed`);
}

const jobs = {
  start() {
    install();
    pnpm('--filter', '@dramarelay/bot', 'start');
  },
  test() {
    install();
    run(process.execPath, ['examples/scripts/ensure-runtimes.mjs']);
    pnpm('exec', 'biome', 'check', '.');
    pnpm('-r', 'typecheck');
    pnpm('--filter', '@dramarelay/receiver-verify', 'size');
    pnpm('--filter', '@dramarelay/receiver-verify', 'test:deno');
    pnpm('--filter', '@dramarelay/receiver-verify', 'test:bun');
    packChecks();
    const report = join(root, 'coverage', 'vitest-report.json');
    rmSync(report, { force: true });
    const vitest = spawnSync(
      pnpmBin,
      [
        ...pnpmPrefix,
        'exec',
        'vitest',
        'run',
        '--coverage',
        '--reporter=default',
        '--reporter=json',
        `--outputFile.json=${report}`,
      ],
      { cwd: root, stdio: 'inherit' },
    );
    summariseVitest(report);
    process.exit(vitest.status ?? 1);
  },
  bench() {
    install();
    pnpm('-r', '--if-present', 'bench');
  },
};

const job = jobs[process.argv[2]];
if (!job) {
  console.error(`usage: node scripts/run.mjs ${Object.keys(jobs).join('|')}`);
  process.exit(2);
}
job();
