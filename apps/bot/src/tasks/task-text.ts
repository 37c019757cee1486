import { clipText } from '../bot/message-limits.js';
import type { Task } from './task.repository.js';

/** `霸道总裁,爱情 #豪门` → `#霸道总裁 #爱情 #豪门` */
export function formatHashtags(hashtags: string | null): string {
  if (!hashtags) return '';
  return hashtags
    .split(/[\s,，、]+/)
    .filter(Boolean)
    .map((tag) => (tag.startsWith('#') ? tag : `#${tag}`))
    .join(' ');
}

/** The text a user posts with the video: title, description, hashtags. */
export function copyText(task: Pick<Task, 'title' | 'description' | 'hashtags'>): string {
  return [
    task.title,
    task.description ? clipText(task.description, 1500) : '',
    formatHashtags(task.hashtags),
  ]
    .filter(Boolean)
    .join('\n\n');
}

export function formatDate(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
