// What a browser or edge bundle ships: dist/web.js bundled, minified and gzipped.
// Prints the byte count; exits 1 at or above the budget. Run `pnpm build` first.
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const BUDGET = 3072;
const entry = new URL('../dist/web.js', import.meta.url).pathname;

const result = await build({
  entryPoints: [entry],
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'neutral',
  write: false,
  logLevel: 'error',
});
const code = result.outputFiles[0].contents;
const gzipped = gzipSync(code, { level: 9 }).length;
const verdict = gzipped < BUDGET ? 'ok' : 'over budget';
console.log(
  `dist/web.js: ${code.length} B minified, ${gzipped} B gzipped (budget < ${BUDGET} B): ${verdict}`,
);
if (gzipped >= BUDGET) process.exit(1);
