// For pg-cost's "before" cases: `@dramarelay/webhook-notifier` (and `/kysely`) resolve to the
// build named by PG_COST_NOTIFIER_DIST (an older release's dist/), everything else as usual.
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';

const dist = process.env.PG_COST_NOTIFIER_DIST;
if (dist) register(new URL(import.meta.url), { data: { dist } });

let target;
export function initialize(data) {
  target = data.dist;
}

export async function resolve(specifier, context, next) {
  if (target !== undefined && specifier === '@dramarelay/webhook-notifier') {
    return { url: pathToFileURL(`${target}/index.js`).href, shortCircuit: true };
  }
  if (target !== undefined && specifier === '@dramarelay/webhook-notifier/kysely') {
    return { url: pathToFileURL(`${target}/kysely.js`).href, shortCircuit: true };
  }
  return next(specifier, context);
}
