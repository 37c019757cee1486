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
 * Decides whether a video is about the task. The drama name in 《》, when the title has one,
 * must appear; otherwise at least one keyword must, and a task with neither must have its
 * whole title in the video's title or author.
 */
export function matchVideo(task: MatchableTask, video: VideoFacts): VerificationDetails {
  const haystack = normalise(`${video.title}\n${video.authorName}`);
  const drama = dramaNameOf(task.title);
  const keywords = keywordsOf(task.keywords_template);
  const wanted = [...new Set([...(drama ? [drama] : []), ...keywords])];
  if (wanted.length === 0) wanted.push(task.title);

  const matched = wanted.filter((k) => haystack.includes(normalise(k)));
  const dramaFound = drama === undefined || matched.includes(drama);
  return {
    matched: dramaFound && matched.length > 0,
    match_rate: Math.round((matched.length / wanted.length) * 100),
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
