import { describe, expect, it } from 'vitest';
import { parseVideoLink } from '../../src/submissions/platform-link.js';

describe('recognising video links', () => {
  it.each([
    [
      'https://www.tiktok.com/@drama.fan/video/7234567890123',
      'tiktok',
      'https://www.tiktok.com/@drama.fan/video/7234567890123',
    ],
    [
      'tiktok.com/@drama_fan/video/7234567890?is_from_webapp=1',
      'tiktok',
      'https://www.tiktok.com/@drama_fan/video/7234567890',
    ],
    ['https://vm.tiktok.com/ZMabc123/', 'tiktok', 'https://vm.tiktok.com/ZMabc123/'],
    [
      'https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42',
      'youtube',
      'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
    ],
    [
      'https://youtube.com/shorts/dQw4w9WgXcQ?feature=share',
      'youtube',
      'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
    ],
    ['https://youtu.be/dQw4w9WgXcQ', 'youtube', 'https://www.youtube.com/watch?v=dQw4w9WgXcQ'],
    [
      'https://www.instagram.com/p/C1a2B3c4D5e/',
      'instagram',
      'https://www.instagram.com/p/C1a2B3c4D5e/',
    ],
    [
      'https://instagram.com/reel/C1a2B3c4D5e?igsh=abc',
      'instagram',
      'https://www.instagram.com/reel/C1a2B3c4D5e/',
    ],
  ])('accepts %s as a %s video in one canonical form', (text, platform, url) => {
    expect(parseVideoLink(text)).toEqual({ ok: true, platform, url });
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
