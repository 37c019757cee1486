// Breaks the built notifier on purpose, to show that a scenario can fail:
//   node scripts/reliability/lib/break-build.mjs <flaw>
// edits packages/webhook-notifier/dist/index.js (what the worker processes import) in place.
// Undo it with `pnpm --filter @dramarelay/webhook-notifier build`.
import { readFileSync, writeFileSync } from 'node:fs';

const FLAWS = {
  // Keeps every byte of a response body instead of the 4 KiB excerpt.
  'no-excerpt-limit': [
    'const room = this.maxBytes - this.#size;',
    'const room = Number.POSITIVE_INFINITY;',
  ],
  // Gives every attempt a deadline 11 days away instead of `limits.timeoutMs`.
  'no-timeout': ['sweeper.track(request.timeoutMs,', 'sweeper.track(1e9,'],
  // Lets one endpoint take every slot of the process.
  'no-per-endpoint-cap': [
    '    limits[key] = value;\n  }\n  return limits;',
    '    limits[key] = value;\n  }\n  limits.perEndpointConcurrency = limits.globalConcurrency;\n  return limits;',
  ],
  // Fails a delivery at its first unsuccessful attempt.
  'no-retries': ['const step = policy.schedule[retryIndex];', 'const step = void 0;'],
  // Claims every due delivery at once instead of a batch.
  'claim-everything': ['const limit = Math.min(limits.batchSize, free);', 'const limit = 1e6;'],
};

const flaw = process.argv[2];
if (!(flaw in FLAWS)) {
  console.error(`usage: break-build.mjs <${Object.keys(FLAWS).join('|')}>`);
  process.exit(2);
}
const file = new URL('../../../packages/webhook-notifier/dist/index.js', import.meta.url);
const [from, to] = FLAWS[flaw];
const source = readFileSync(file, 'utf8');
if (!source.includes(from)) {
  console.error(`${flaw}: the built code has changed; ${JSON.stringify(from)} not found`);
  process.exit(1);
}
writeFileSync(file, source.replace(from, to));
console.log(
  `dist/index.js broken (${flaw}); undo: pnpm --filter @dramarelay/webhook-notifier build`,
);
