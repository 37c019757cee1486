import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** A fenced code block of a Markdown file. */
export interface FencedBlock {
  /** The info string's first word: `ts`, `python`, `json`... */
  language: string;
  /** `title=<path>` from the info string: the repository file the block is taken from. */
  title: string | undefined;
  code: string;
}

/** A path in this repository, from its root. */
export function repoPath(relative: string): string {
  return fileURLToPath(new URL(`../../../${relative}`, import.meta.url));
}

/**
 * The fenced code blocks of a Markdown file, so that a test can check that a guide shows
 * code that runs.
 *
 * @example
 * fencedBlocks(repoPath('docs/receiving-webhooks.md')).filter((b) => b.language === 'json');
 */
export function fencedBlocks(markdownPath: string): FencedBlock[] {
  const markdown = readFileSync(markdownPath, 'utf8');
  const fence = /^```(\w+)([^\n]*)\n([\s\S]*?)^```$/gm;
  return [...markdown.matchAll(fence)].map(([, language, info, code]) => ({
    language: language!,
    title: /\btitle=(\S+)/.exec(info!)?.[1],
    code: code!,
  }));
}

/**
 * The blocks of the receiving guide that say they are taken from `file` (`title=<file>`).
 *
 * @example
 * guideExcerptsOf('examples/python/receiver.py');
 */
export function guideExcerptsOf(file: string): string[] {
  return fencedBlocks(repoPath('docs/receiving-webhooks.md'))
    .filter((block) => block.title === file)
    .map((block) => block.code);
}
