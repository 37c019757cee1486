export type Platform = 'tiktok' | 'youtube' | 'instagram';

export type LinkRejection = 'not_a_link' | 'unsupported_platform' | 'not_a_video';

export type ParsedLink =
  | {
      ok: true;
      platform: Platform;
      /** The link in one canonical form: what oEmbed is asked about and the webhook reports. */
      url: string;
      /**
       * Which video it is, from the platform and the video's own id only: `tiktok:<id>`,
       * `youtube:<id>`, `instagram:<shortcode>`. Every spelling of one video (another TikTok
       * username, Instagram's `/p/` or `/reel/`) has the same key, so it earns once.
       *
       * A `vm.tiktok.com` short link carries no video id until it is resolved, and links are
       * never fetched: it is keyed by its short code, `tiktok-short:<code>`. The same video
       * sent once as a short link and once in full therefore has two keys.
       */
      videoKey: string;
    }
  | { ok: false; reason: LinkRejection };

const TIKTOK_HOSTS = new Set(['tiktok.com', 'www.tiktok.com', 'm.tiktok.com']);
const YOUTUBE_HOSTS = new Set(['youtube.com', 'www.youtube.com', 'm.youtube.com']);
const INSTAGRAM_HOSTS = new Set(['instagram.com', 'www.instagram.com']);

const TIKTOK_VIDEO = /^\/@([A-Za-z0-9._]{1,64})\/video\/(\d{1,25})\/?$/;
const TIKTOK_SHORT = /^\/([A-Za-z0-9]{5,20})\/?$/;
const YOUTUBE_ID = /^[A-Za-z0-9_-]{11}$/;
const YOUTUBE_SHORTS = /^\/shorts\/([A-Za-z0-9_-]{11})\/?$/;
const YOUTU_BE = /^\/([A-Za-z0-9_-]{11})\/?$/;
const INSTAGRAM_POST = /^\/(p|reel)\/([A-Za-z0-9_-]{5,40})\/?$/;

/**
 * Recognises a video link on a supported platform and returns it in one canonical form, with
 * the key that identifies its video. Nothing here touches the network.
 */
export function parseVideoLink(text: string): ParsedLink {
  const url = toUrl(text.trim());
  if (!url) return { ok: false, reason: 'not_a_link' };
  if (url.username || url.password || url.port) return { ok: false, reason: 'not_a_link' };
  const host = url.hostname.toLowerCase();

  if (TIKTOK_HOSTS.has(host)) {
    const m = TIKTOK_VIDEO.exec(url.pathname);
    return m
      ? {
          ok: true,
          platform: 'tiktok',
          url: `https://www.tiktok.com/@${m[1]}/video/${m[2]}`,
          // The username is not part of the video's identity: /@a/video/N is /@b/video/N.
          videoKey: `tiktok:${m[2]!.replace(/^0+(?=\d)/, '')}`,
        }
      : { ok: false, reason: 'not_a_video' };
  }
  if (host === 'vm.tiktok.com') {
    const m = TIKTOK_SHORT.exec(url.pathname);
    return m
      ? {
          ok: true,
          platform: 'tiktok',
          url: `https://vm.tiktok.com/${m[1]}/`,
          videoKey: `tiktok-short:${m[1]}`,
        }
      : { ok: false, reason: 'not_a_video' };
  }
  if (YOUTUBE_HOSTS.has(host)) {
    const v = url.pathname === '/watch' ? url.searchParams.get('v') : null;
    const id = v && YOUTUBE_ID.test(v) ? v : YOUTUBE_SHORTS.exec(url.pathname)?.[1];
    return id ? youtube(id) : { ok: false, reason: 'not_a_video' };
  }
  if (host === 'youtu.be') {
    const id = YOUTU_BE.exec(url.pathname)?.[1];
    return id ? youtube(id) : { ok: false, reason: 'not_a_video' };
  }
  if (INSTAGRAM_HOSTS.has(host)) {
    const m = INSTAGRAM_POST.exec(url.pathname);
    return m
      ? {
          ok: true,
          platform: 'instagram',
          url: `https://www.instagram.com/${m[1]}/${m[2]}/`,
          // /p/X/ and /reel/X/ are the same post.
          videoKey: `instagram:${m[2]}`,
        }
      : { ok: false, reason: 'not_a_video' };
  }
  return { ok: false, reason: 'unsupported_platform' };
}

function youtube(id: string): ParsedLink {
  return {
    ok: true,
    platform: 'youtube',
    url: `https://www.youtube.com/watch?v=${id}`,
    videoKey: `youtube:${id}`,
  };
}

function toUrl(text: string): URL | undefined {
  if (text.length === 0 || text.length > 2048 || /\s/.test(text)) return undefined;
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(text) ? text : `https://${text}`;
  try {
    const url = new URL(withScheme);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}
