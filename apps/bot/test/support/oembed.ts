import type { Fetcher } from '../../src/verification/oembed.js';

export interface OembedAnswer {
  status: number;
  body?: unknown;
}

/**
 * A stand-in for the platforms' oEmbed endpoints: answers from a queue per request (the last
 * answer repeats) and records every URL asked for.
 */
export function fakeOembed(...answers: OembedAnswer[]) {
  const requested: string[] = [];
  const queue = [...answers];
  const fetcher: Fetcher = async (url) => {
    requested.push(url);
    const answer = queue.length > 1 ? queue.shift()! : queue[0];
    if (!answer) throw new Error('no oEmbed answer configured');
    return {
      status: answer.status,
      text: async () =>
        typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? {}),
    };
  };
  return {
    fetcher,
    requested,
    /** Replaces the answers given from now on. */
    answer(...next: OembedAnswer[]) {
      queue.splice(0, queue.length, ...next);
    },
  };
}

export function video(title: string, authorName = 'drama_fan'): OembedAnswer {
  return { status: 200, body: { title, author_name: authorName, type: 'video' } };
}
