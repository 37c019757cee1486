import type { TaskCompletedEvent } from '@dramarelay/receiver-verify';

/** The drama every test delivers: Chinese text is what broke the system we replace. */
export const DRAMA_TITLE = '《霸道总裁爱上我》';

/**
 * A `task.completed` payload as the bot sends it (see docs/schemas/task.completed.json), typed
 * by the verifier's `TaskCompletedEvent`, which is generated from that schema.
 *
 * @example
 * await notifier.enqueue({ endpoint, eventType: 'task.completed', payload: taskCompletedSample() });
 */
export function taskCompletedSample(): TaskCompletedEvent {
  return {
    event: 'task.completed',
    timestamp: '2026-01-15T08:30:12.000Z',
    data: {
      task_id: 'x2c-20260115-0042',
      relay_task_id: 42,
      task_title: DRAMA_TITLE,
      user_id: 7,
      username: '小明',
      platform: 'tiktok',
      submission_link: 'https://www.tiktok.com/@xiaoming/video/7321234567890123456',
      submitted_at: '2026-01-15T08:21:40.000Z',
      verified_at: '2026-01-15T08:30:12.000Z',
      node_power_earned: 50,
      verification_status: 'verified',
      verification_details: {
        matched: true,
        match_rate: 100,
        matched_keywords: ['霸道总裁爱上我', '短剧'],
      },
    },
  };
}

/**
 * The sample as Python's `json.dumps` writes it by default: `", "` and `": "` separators and
 * `\uXXXX` escapes. `JSON.stringify(JSON.parse(body))` does not give these bytes back, so a
 * receiver that re-serialises before verifying fails on it (the original Node sample did).
 */
export function pythonStyleJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonStyleJson).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const members = Object.entries(value).map(
      ([k, v]) => `${pythonStyleJson(k)}: ${pythonStyleJson(v)}`,
    );
    return `{${members.join(', ')}}`;
  }
  return escapeNonAscii(JSON.stringify(value));
}

/** `text` with every non-ASCII UTF-16 unit written `\uXXXX`, as Python's `ensure_ascii` does. */
export function escapeNonAscii(text: string): string {
  return text.replace(
    /[\u0080-\uffff]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
