import { describe, expect, it } from 'vitest';
import { parseVideoLink } from '../../src/submissions/platform-link.js';

describe('recognising video links', () => {
  it.each([
    [
      'https://www.tiktok.com/@drama.fan/video/7234567890123',
      'tiktok',
      'https://www.tiktok.com/@drama.fan/video/7234567890123',
      'tiktok:7234567890123',
    ],
    [
      'tiktok.com/@drama_fan/video/7234567890?is_from_webapp=1',
      'tiktok',
      'https://www.tiktok.com/@drama_fan/video/7234567890',
      'tiktok:7234567890',
    ],
    [
      'https://vm.tiktok.com/ZMabc123/',
      'tiktok',
      'https://vm.tiktok.com/ZMabc123/',
      'tiktok-short:ZMabc123',
    ],
    [
      'https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42',
      'youtube',
      'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
      'youtube:dQw4w9WgXcQ',
    ],
    [
      'https://youtube.com/shorts/dQw4w9WgXcQ?feature=share',
      'youtube',
      'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
      'youtube:dQw4w9WgXcQ',
    ],
    [
      'https://youtu.be/dQw4w9WgXcQ',
      'youtube',
      'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
      'youtube:dQw4w9WgXcQ',
    ],
    [
      'https://www.instagram.com/p/C1a2B3c4D5e/',
      'instagram',
      'https://www.instagram.com/p/C1a2B3c4D5e/',
      'instagram:C1a2B3c4D5e',
    ],
    [
      'https://instagram.com/reel/C1a2B3c4D5e?igsh=abc',
      'instagram',
      'https://www.instagram.com/reel/C1a2B3c4D5e/',
      'instagram:C1a2B3c4D5e',
    ],
  ])('accepts %s as a %s video in one canonical form', (text, platform, url, videoKey) => {
    expect(parseVideoLink(text)).toEqual({ ok: true, platform, url, videoKey });
  });

  it.each([
    [
      'a TikTok video under another username, or the same one in other case',
      [
        'https://www.tiktok.com/@Drama.Fan/video/7234567890123',
        'https://www.tiktok.com/@drama.fan/video/7234567890123',
        'https://www.tiktok.com/@someone_else/video/7234567890123',
        'https://m.tiktok.com/@x/video/07234567890123/',
      ],
    ],
    [
      'an Instagram post sent as /p/ and as /reel/',
      [
        'https://www.instagram.com/p/C1a2B3c4D5e/',
        'https://instagram.com/reel/C1a2B3c4D5e?igsh=abc',
      ],
    ],
  ])('sees one video in %s (one key, so it earns once)', (_name, links) => {
    const keys = links.map((link) => {
      const parsed = parseVideoLink(link);
      return parsed.ok ? parsed.videoKey : parsed.reason;
    });
    expect(new Set(keys).size).toBe(1);
  });

  it('keeps different videos apart, and Instagram shortcodes and YouTube ids case-sensitive', () => {
    const key = (link: string) => {
      const parsed = parseVideoLink(link);
      return parsed.ok ? parsed.videoKey : parsed.reason;
    };
    expect(key('https://www.tiktok.com/@a/video/1')).not.toBe(
      key('https://www.tiktok.com/@a/video/2'),
    );
    expect(key('https://www.instagram.com/p/C1a2B3c4D5e/')).not.toBe(
      key('https://www.instagram.com/p/c1a2b3c4d5e/'),
    );
    expect(key('https://youtu.be/dQw4w9WgXcQ')).not.toBe(key('https://youtu.be/dqw4w9wgxcq'));
  });

  it.each([
    ['hello there', 'not_a_link'],
    ['ftp://www.tiktok.com/@a/video/1', 'not_a_link'],
    ['https://user:pw@www.tiktok.com/@a/video/1', 'not_a_link'],
    ['https://www.tiktok.com:8443/@a/video/1', 'not_a_link'],
    ['https://www.tiktok.com/@someone', 'not_a_video'],
    ['https://www.youtube.com/channel/UC123', 'not_a_video'],
    ['https://www.youtube.com/watch?v=short', 'not_a_video'],
    ['https://www.instagram.com/someone/', 'not_a_video'],
    ['https://tiktok.com.evil.example/@a/video/1', 'unsupported_platform'],
    ['http://169.254.169.254/latest/meta-data', 'unsupported_platform'],
    ['https://vimeo.com/123', 'unsupported_platform'],
  ])('refuses %s (%s)', (text, reason) => {
    expect(parseVideoLink(text)).toEqual({ ok: false, reason });
  });
});
