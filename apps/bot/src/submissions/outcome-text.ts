import type { Translate } from '../i18n/translate.js';
import type { Task } from '../tasks/task.repository.js';
import { matchTermsOf } from '../verification/keyword-match.js';
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
      switch (outcome.reason) {
        case 'no_match':
          return t('rejected_no_match', { title: task.title, keywords: required(task) });
        case 'unverifiable':
          return t('rejected_unverifiable', { title: task.title });
        case 'task_deleted':
          return t('rejected_task_deleted', { title: task.title });
        case 'task_full':
          return t('rejected_task_full', { title: task.title });
        case 'unmatchable':
          return t('rejected_unmatchable', { title: task.title });
      }
      break;
    case 'pending':
      return t('pending', { title: task.title, platform: platformName(platform) });
    case 'unchanged':
      return undefined;
  }
}

/** What the post must contain: the terms the check looks for (never an unusable one like `#`). */
function required(task: Pick<Task, 'title' | 'keywords_template'>): string {
  const { drama, terms } = matchTermsOf(task);
  return drama ? `《${drama}》` : terms.join(', ');
}
