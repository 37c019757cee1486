#!/usr/bin/env node
// The quick start's entry point: `npm start`, `npm test`, `npm run bench` and
// `npm run reliability` come here, so a fresh clone needs nothing but Node 20 and npm. It
// installs the workspace and builds its packages when (and only when) they changed since the
// last time, then runs the job asked for, passing stop signals on to it. package.json runs it with `exec`: npm signals only its own
// child, and a `sh -c` in between would die of the signal and leave this process running.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pnpmCommand } from './launcher/pnpm.mjs';
import { prepare } from './launcher/prepare.mjs';
import { reliabilityPlan } from './launcher/reliability.mjs';
import { runPassingSignals } from './launcher/supervise.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const libraries = ['packages/receiver-verify', 'packages/webhook-notifier'];

/** Runs a step; a failure, or a stop asked while it ran, ends the launcher with its status. */
async function run(command, args, options = {}) {
  console.log(`\n> ${[command, ...args].join(' ')}`);
  const { code, signal, stopAsked } = await runPassingSignals(command, args, {
    cwd: root,
    ...options,
  });
  if (signal) {
    // Killed by a signal: end the same way, so that npm and shells see it.
    process.kill(process.pid, signal);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    process.exit(1);
  }
  if (code !== 0) {
    console.error(`\n${command} ${args.join(' ')} failed (exit ${code})`);
    process.exit(code || 1);
  }
  if (stopAsked) process.exit(0);
}

let pnpmPrefix;
function pnpm(args, options) {
  pnpmPrefix ??= pnpmCommand(root);
  const [command, ...prefix] = pnpmPrefix;
  return run(command, [...prefix, ...args], options);
}

function prepareWorkspace() {
  return prepare({ root, pnpm, log: (line) => console.log(line) });
}

async function packChecks() {
  const packDir = join(root, '.pack');
  rmSync(packDir, { recursive: true, force: true });
  mkdirSync(packDir);
  for (const library of libraries) {
    const before = new Set(readdirSync(packDir));
    await pnpm(['pack', '--pack-destination', packDir], { cwd: join(root, library) });
    const tarball = readdirSync(packDir).find((file) => !before.has(file));
    if (!tarball) throw new Error(`no tarball packed for ${library}`);
    await pnpm(['exec', 'publint', '--strict', join(packDir, tarball)]);
    await pnpm(['exec', 'attw', join(packDir, tarball)]);
  }
}

function summariseVitest(reportPath) {
  if (!existsSync(reportPath)) return;
  const report = JSON.parse(readFileSync(reportPath, 'utf8'));
  const failed = report.numFailedTests + (report.success ? 0 : report.numFailedTestSuites);
  console.log(`\ntests: ${report.numPassedTests} passed, ${failed} failed`);
}

const jobs = {
  /** Installs and builds what changed; nothing else (tests use it before starting the app). */
  async prepare() {
    await prepareWorkspace();
  },
  async start() {
    await prepareWorkspace();
    // The built app itself, not through pnpm: nothing in between that could drop a signal.
    await run(
      process.execPath,
      ['--enable-source-maps', 'dist/main.js', ...process.argv.slice(3)],
      { cwd: join(root, 'apps/bot') },
    );
  },
  async test() {
    await prepareWorkspace();
    await run(process.execPath, ['examples/scripts/ensure-runtimes.mjs']);
    await pnpm(['exec', 'biome', 'check', '.']);
    await pnpm(['-r', 'typecheck']);
    await pnpm(['--filter', '@dramarelay/receiver-verify', 'size']);
    await pnpm(['--filter', '@dramarelay/receiver-verify', 'test:deno']);
    await pnpm(['--filter', '@dramarelay/receiver-verify', 'test:bun']);
    await packChecks();
    const report = join(root, 'coverage', 'vitest-report.json');
    rmSync(report, { force: true });
    pnpmPrefix ??= pnpmCommand(root);
    const [command, ...prefix] = pnpmPrefix;
    console.log('\n> vitest run --coverage');
    const vitest = await runPassingSignals(
      command,
      [
        ...prefix,
        'exec',
        'vitest',
        'run',
        '--coverage',
        '--reporter=default',
        '--reporter=json',
        `--outputFile.json=${report}`,
      ],
      { cwd: root },
    );
    summariseVitest(report);
    process.exit(vitest.code ?? 1);
  },
  async bench() {
    await prepareWorkspace();
    await pnpm(['-r', '--if-present', 'bench']);
  },
  /** The reliability scenarios (docs/reliability.md): all, or `--only <name>`; `--short`. */
  async reliability() {
    let plan;
    try {
      plan = reliabilityPlan(root, process.argv.slice(3));
    } catch (error) {
      console.error(error.message);
      process.exit(2);
    }
    await prepareWorkspace();
    const outcomes = [];
    for (const { name, path } of plan.scripts) {
      console.log(`\n> ${name} ${plan.passOn.join(' ')}`);
      const { code, signal, stopAsked } = await runPassingSignals(
        process.execPath,
        [path, ...plan.passOn],
        { cwd: root },
      );
      outcomes.push({ name, failed: code !== 0 });
      if (stopAsked || signal) break;
    }
    console.log('\nreliability scenarios:');
    for (const { name, failed } of outcomes) console.log(`  ${failed ? 'FAIL' : 'ok  '} ${name}`);
    console.log('figures: reliability-results/<scenario>.json');
    process.exit(outcomes.some(({ failed }) => failed) ? 1 : 0);
  },
};

const job = jobs[process.argv[2]];
if (!job) {
  console.error(`usage: node scripts/run.mjs ${Object.keys(jobs).join('|')}`);
  process.exit(2);
}
await job();
