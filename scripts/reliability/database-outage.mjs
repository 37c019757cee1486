#!/usr/bin/env node
// The long database outage (issue 17, scenario 1): 10,000 messages flowing to worker
// processes while the application keeps enqueuing, and the database cut off for 20 s by a
// TCP proxy (works on the embedded server and on an external one alike); then the bot app
// as a real process through the same kind of outage. The same tests run short in `npm test`.
// Usage: node scripts/reliability/database-outage.mjs [--messages 10000] [--outage-ms 20000]
// Prints the figures as JSON on stdout; exits non-zero when any check fails.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '10000' },
    'outage-ms': { type: 'string', default: '20000' },
  },
});
const figuresFile = join(mkdtempSync(join(tmpdir(), 'dramarelay-outage-')), 'figures.json');
const env = {
  ...process.env,
  RELIABILITY_MESSAGES: values.messages,
  RELIABILITY_OUTAGE_MS: values['outage-ms'],
  RELIABILITY_FIGURES: figuresFile,
};

function vitest(project, file) {
  const started = Date.now();
  const run = spawnSync(
    'pnpm',
    ['exec', 'vitest', 'run', '--project', project, file, '--testTimeout', '900000'],
    { cwd: root, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  process.stderr.write(run.stdout);
  const healthy = /healthy (\d+) ms after/.exec(run.stdout);
  return {
    passed: run.status === 0,
    seconds: Math.round((Date.now() - started) / 1000),
    ...(healthy && { healthyAfterMs: Number(healthy[1]) }),
  };
}

const workers = vitest(
  'webhook-notifier',
  'packages/webhook-notifier/test/kysely/database-outage.test.ts',
);
let workerFigures = {};
try {
  workerFigures = JSON.parse(readFileSync(figuresFile, 'utf8'));
} catch {}
const app = vitest('bot', 'apps/bot/test/e2e/database-outage.test.ts');
const report = { workers: { ...workers, ...workerFigures }, app };
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
process.exitCode = workers.passed && app.passed ? 0 : 1;
