import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { guideExcerptsOf, repoPath } from './fenced-blocks.js';

/**
 * Adds a test that every block of docs/receiving-webhooks.md titled `file` appears in
 * `file` letter for letter, so the guide never shows code that no test runs.
 *
 * @example
 * describeGuideExcerpts('examples/python/receiver.py');
 */
export function describeGuideExcerpts(file: string): void {
  it(`shows in docs/receiving-webhooks.md exactly the code of ${file}`, () => {
    const excerpts = guideExcerptsOf(file);
    const source = readFileSync(repoPath(file), 'utf8');

    expect(excerpts.length).toBeGreaterThan(0);
    for (const excerpt of excerpts) expect(source).toContain(excerpt);
  });
}
