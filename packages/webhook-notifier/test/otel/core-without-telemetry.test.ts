import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dist = fileURLToPath(new URL('../../dist/', import.meta.url));

/** The built files an entry loads: itself and the chunks it imports, transitively. */
function bundleOf(entry: string): Map<string, string> {
  const files = new Map<string, string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    const text = readFileSync(`${dist}${file}`, 'utf8');
    files.set(file, text);
    for (const [, local] of text.matchAll(/(?:from|import|require\()\s*["']\.\/([^"']+)["']/g)) {
      visit(local as string);
    }
  };
  visit(entry);
  return files;
}

/** Every package a set of built files imports or requires. */
function packagesImported(files: Map<string, string>): Set<string> {
  const found = new Set<string>();
  for (const text of files.values()) {
    for (const [, name] of text.matchAll(/(?:from|import|require\()\s*["']([^."'][^"']*)["']/g)) {
      found.add(name as string);
    }
  }
  return found;
}

describe('the core keeps zero telemetry imports', () => {
  it.each(['index.js', 'index.cjs', 'kysely.js', 'kysely.cjs'])(
    'dist/%s and the chunks it loads never mention @opentelemetry',
    (entry) => {
      const files = bundleOf(entry);
      for (const [file, text] of files) {
        expect(text.includes('@opentelemetry'), `${file} mentions @opentelemetry`).toBe(false);
      }
      expect(
        [...packagesImported(files)].filter((name) => name.startsWith('@opentelemetry')),
      ).toEqual([]);
    },
  );

  it.each(['otel.js', 'otel.cjs'])('dist/%s is where @opentelemetry/api is imported', (entry) => {
    expect(packagesImported(bundleOf(entry))).toContain('@opentelemetry/api');
  });
});
