import type { VerificationDetails } from '../submissions/claim.table.js';

export interface VideoFacts {
  title: string;
  authorName: string;
}

export interface MatchableTask {
  title: string;
  keywords_template: string | null;
}

/** The drama name a task title carries in 《》, e.g. 《霸道总裁爱上我》. */
export function dramaNameOf(title: string): string | undefined {
  const name = /《([^》]+)》/.exec(title)?.[1]?.trim();
  return name ? name : undefined;
}

/** Comma-separated keywords; Chinese and Japanese commas count too. */
export function keywordsOf(template: string | null): string[] {
  if (!template) return [];
  const seen = new Set<string>();
  for (const part of template.split(/[,，、;；]/)) {
    const keyword = part.trim();
    if (keyword) seen.add(keyword);
  }
  return [...seen];
}

/**
 * What a video must mention, each term usable (not empty once `#` and spaces are removed, so
 * `#` alone is no term): the drama name in 《》 and the keywords; when there are neither, the
 * whole title. Empty when the task gives nothing usable: such a task can match no video.
 */
export function matchTermsOf(task: MatchableTask): { drama: string | undefined; terms: string[] } {
  const usable = (term: string | undefined) =>
    term !== undefined && normalise(term) !== '' ? term : undefined;
  const drama = usable(dramaNameOf(task.title));
  const keywords = keywordsOf(task.keywords_template).filter((k) => usable(k) !== undefined);
  const terms = [...new Set([...(drama ? [drama] : []), ...keywords])];
  if (terms.length === 0 && usable(task.title)) terms.push(task.title);
  return { drama, terms };
}

/**
 * Decides whether a video is about the task. The drama name in 《》, when the title has one,
 * must appear; otherwise at least one keyword must, and a task with neither must have its
 * whole title in the video's title or author. A task with no usable term matches nothing.
 */
export function matchVideo(task: MatchableTask, video: VideoFacts): VerificationDetails {
  const haystack = normalise(`${video.title}\n${video.authorName}`);
  const { drama, terms } = matchTermsOf(task);
  if (terms.length === 0) return { matched: false, match_rate: 0, matched_keywords: [] };

  const matched = terms.filter((k) => haystack.includes(normalise(k)));
  const dramaFound = drama === undefined || matched.includes(drama);
  return {
    matched: dramaFound && matched.length > 0,
    match_rate: Math.round((matched.length / terms.length) * 100),
    matched_keywords: matched,
  };
}

/** Case, width and spacing do not decide a match: `ＣＥＯ  Love` equals `ceolove`. */
function normalise(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s#＃]+/g, '');
}
