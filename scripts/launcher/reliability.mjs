// `npm run reliability`: every scenario script in scripts/reliability/ (each `*.mjs` there is
// one; shared code lives in its lib/), one after another, each in a process of its own.
// A scenario script takes `--short` and its own options, prints its checks, writes its
// figures to reliability-results/<name>.json and exits non-zero when a check failed.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

/**
 * Splits the command line: `--only <name>` (repeatable, or comma-separated) picks scenarios
 * by file name without `.mjs`; everything else (`--short`, `--minutes 6`, ...) goes to every
 * scenario. Returns the scripts to run, in name order, and the arguments to pass them; an
 * unknown name is an error that lists the known ones.
 */
export function reliabilityPlan(root, argv) {
  const { values, tokens } = parseArgs({
    args: argv,
    options: { only: { type: 'string', multiple: true } },
    strict: false,
    tokens: true,
  });
  const dir = join(root, 'scripts', 'reliability');
  const known = readdirSync(dir)
    .filter((file) => file.endsWith('.mjs'))
    .map((file) => file.slice(0, -'.mjs'.length))
    .sort();
  const only = (values.only ?? []).flatMap((names) => String(names).split(',')).filter(Boolean);
  const unknown = only.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new Error(`unknown scenario ${unknown.join(', ')}; known: ${known.join(', ')}`);
  }
  const names = only.length > 0 ? known.filter((name) => only.includes(name)) : known;
  // What is not --only (and its value) is passed on, in the order given.
  const skipped = new Set();
  for (const token of tokens) {
    if (token.kind === 'option' && token.name === 'only') {
      skipped.add(token.index);
      if (token.inlineValue === false) skipped.add(token.index + 1);
    }
  }
  const passOn = argv.filter((_, index) => !skipped.has(index));
  return { scripts: names.map((name) => ({ name, path: join(dir, `${name}.mjs`) })), passOn };
}
