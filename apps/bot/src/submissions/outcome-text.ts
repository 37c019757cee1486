import type { Translate } from '../i18n/translate.js';
import type { Task } from '../tasks/task.repository.js';
import { dramaNameOf, keywordsOf } from '../verification/keyword-match.js';
import type { VerificationOutcome } from '../verification/verify-claim.js';

const PLATFORM_NAMES: Record<string, string> = {
  tiktok: 'TikTok',
  youtube: 'YouTube',
  instagram: 'Instagram',
};

export function platformName(platform: string): string {
  return PLATFORM_NAMES[platform] ?? platform;
}

/** What to tell the user about a check; `undefined` when there is nothing new to say. */
export function outcomeText(
  t: Translate,
  outcome: VerificationOutcome,
  task: Pick<Task, 'title' | 'keywords_template'>,
  platform: string,
): string | undefined {
  switch (outcome.status) {
    case 'verified':
      return t('verified', { reward: outcome.reward, title: task.title });
    case 'rejected':
      return outcome.reason === 'no_match'
        ? t('rejected_no_match', { title: task.title, keywords: required(task) })
        : t('rejected_unverifiable', { title: task.title });
    case 'pending':
      return t('pending', { title: task.title, platform: platformName(platform) });
    case 'unchanged':
      return undefined;
  }
}

function required(task: Pick<Task, 'title' | 'keywords_template'>): string {
  const drama = dramaNameOf(task.title);
  if (drama) return `《${drama}》`;
  const keywords = keywordsOf(task.keywords_template);
  return keywords.length > 0 ? keywords.join(', ') : task.title;
}
