// What every scenario script shares: its options, the server it runs on, its checks, and
// its figures written to reliability-results/<scenario>.json at the repository root.
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openServer } from './database.mjs';
import { killAllWorkers } from './workers.mjs';

const resultsDir = new URL('../../../reliability-results/', import.meta.url);

/**
 * Runs `scenario({ options, server, log })` for the script at `scriptUrl`: `--short` and the
 * scenario's own `flags` (name → default) are parsed from the command line. The scenario
 * resolves with `{ figures, checks }`, checks being `{ what, ok, detail }`; the script exits
 * 1 when one failed.
 */
export async function runScenario(scriptUrl, flags, scenario) {
  const name = basename(fileURLToPath(scriptUrl), '.mjs');
  const { values } = parseArgs({
    options: {
      short: { type: 'boolean', default: false },
      ...Object.fromEntries(Object.keys(flags).map((flag) => [flag, { type: 'string' }])),
    },
    strict: false,
  });
  const options = { short: values.short };
  for (const [flag, fallback] of Object.entries(flags)) {
    const given = values[flag];
    options[flag] = given === undefined ? fallback(values.short) : Number(given);
  }
  const log = (text) => console.log(`[${name}] ${text}`);
  const server = await openServer();
  const startedAt = new Date().toISOString();
  // The machine may be shared: its load says how far figures of different runs compare.
  const loadAverage = { start: loadavg()[0] };
  let outcome;
  try {
    outcome = await scenario({ options, server, log });
  } finally {
    await killAllWorkers();
    await server.stop();
  }
  const { figures, checks } = outcome;
  loadAverage.end = loadavg()[0];
  log(
    `1-minute load average: ${loadAverage.start.toFixed(1)} at the start, ${loadAverage.end.toFixed(1)} at the end`,
  );
  for (const check of checks) {
    log(`${check.ok ? 'ok  ' : 'FAIL'} ${check.what}${check.detail ? `: ${check.detail}` : ''}`);
  }
  mkdirSync(resultsDir, { recursive: true });
  const result = { scenario: name, startedAt, loadAverage, options, figures, checks };
  writeFileSync(new URL(`${name}.json`, resultsDir), `${JSON.stringify(result, null, 2)}\n`);
  const failed = checks.filter((check) => !check.ok).length;
  log(failed === 0 ? 'everything held' : `${failed} check(s) failed`);
  // Exit now: a receiver socket a broken build left hanging must not keep the command waiting.
  process.exit(failed === 0 ? 0 : 1);
}

/** A check line: `what` must hold; `detail` says what was measured. */
export const check = (what, ok, detail = '') => ({ what, ok: Boolean(ok), detail });

export const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
