import type { Platform } from '../submissions/platform-link.js';
import type { VideoFacts } from './keyword-match.js';

/** The part of `fetch` the verifier uses; injected so tests answer for the platforms. */
export type Fetcher = (
  url: string,
  init: { signal: AbortSignal; headers: Record<string, string>; redirect: 'manual' },
) => Promise<{ status: number; text(): Promise<string> }>;

/**
 * The platforms' own oEmbed endpoints: with the configured replacements, the only addresses the
 * verifier ever requests. A user's link is a query parameter, never fetched.
 */
export const DEFAULT_OEMBED_ENDPOINTS: Readonly<Record<Platform, string>> = {
  tiktok: 'https://www.tiktok.com/oembed',
  youtube: 'https://www.youtube.com/oembed?format=json',
  instagram: 'https://graph.facebook.com/v21.0/instagram_oembed',
};

export interface OembedOptions {
  fetcher: Fetcher;
  /** Instagram's oEmbed needs a Meta app token; without it Instagram links cannot be checked. */
  instagramToken?: string | undefined;
  /** Replacements for `DEFAULT_OEMBED_ENDPOINTS` (a local fake, a proxy the operator runs). */
  endpoints?: Partial<Record<Platform, string>> | undefined;
  timeoutMs?: number;
  /** Tries per check before the link is left for the sweeper. */
  attempts?: number;
  /** Pause between tries; tests pass one that returns at once. */
  pause?: (ms: number) => Promise<void>;
}

export type OembedResult = { ok: true; facts: VideoFacts } | { ok: false; error: string };

const MAX_BODY_CHARS = 256 * 1024;

export function canCheck(platform: Platform, options: Pick<OembedOptions, 'instagramToken'>) {
  return platform !== 'instagram' || Boolean(options.instagramToken);
}

/** The endpoint asked about a platform's videos: the configured one, else the platform's own. */
export function oembedEndpoint(
  platform: Platform,
  endpoints: OembedOptions['endpoints'] = {},
): string {
  return endpoints[platform] ?? DEFAULT_OEMBED_ENDPOINTS[platform];
}

export function oembedUrl(
  platform: Platform,
  link: string,
  options: Pick<OembedOptions, 'endpoints' | 'instagramToken'> = {},
): string {
  const endpoint = oembedEndpoint(platform, options.endpoints);
  const query = `url=${encodeURIComponent(link)}${
    platform === 'instagram'
      ? `&access_token=${encodeURIComponent(options.instagramToken ?? '')}`
      : ''
  }`;
  return `${endpoint}${endpoint.includes('?') ? '&' : '?'}${query}`;
}

/** Whether a request goes to the endpoint chosen for the platform: origin and path, exactly. */
function isAllowed(platform: Platform, target: string, endpoints: OembedOptions['endpoints']) {
  const allowed = new URL(oembedEndpoint(platform, endpoints));
  const url = new URL(target);
  return url.origin === allowed.origin && url.pathname === allowed.pathname;
}

/**
 * Asks the platform for a video's title and author. Any failure (status, timeout, bad body)
 * is reported as "cannot check now", never as a pass.
 */
export async function fetchVideoFacts(
  platform: Platform,
  link: string,
  options: OembedOptions,
): Promise<OembedResult> {
  const target = oembedUrl(platform, link, options);
  if (!isAllowed(platform, target, options.endpoints)) {
    return { ok: false, error: 'refused: not an oEmbed host' };
  }
  const attempts = Math.max(1, options.attempts ?? 2);
  const pause = options.pause ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  let last: OembedResult = { ok: false, error: 'not checked' };
  for (let i = 0; i < attempts; i++) {
    if (i > 0) await pause(1000 * i);
    last = await tryOnce(platform, target, options);
    if (last.ok) return last;
  }
  return last;
}

async function tryOnce(
  platform: Platform,
  target: string,
  options: OembedOptions,
): Promise<OembedResult> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? 8000);
  try {
    const response = await options.fetcher(target, {
      signal: controller.signal,
      headers: { accept: 'application/json' },
      redirect: 'manual',
    });
    if (response.status !== 200) {
      return { ok: false, error: `${platform} oEmbed answered ${response.status}` };
    }
    const text = await response.text();
    if (text.length > MAX_BODY_CHARS) return { ok: false, error: `${platform} oEmbed too large` };
    const body = JSON.parse(text) as { title?: unknown; author_name?: unknown };
    const title = typeof body.title === 'string' ? body.title : '';
    const authorName = typeof body.author_name === 'string' ? body.author_name : '';
    if (!title && !authorName) return { ok: false, error: `${platform} oEmbed had no title` };
    return { ok: true, facts: { title, authorName } };
  } catch (error) {
    const reason = controller.signal.aborted ? 'timed out' : describe(error);
    return { ok: false, error: `${platform} oEmbed ${reason}` };
  } finally {
    clearTimeout(timer);
  }
}

function describe(error: unknown): string {
  if (error instanceof SyntaxError) return 'answered invalid JSON';
  return 'request failed';
}
