import { type Api, HttpError } from 'grammy';
import type { Db } from '../database/database.js';
import { DEFAULT_LOCALE } from '../i18n/locales.js';
import { translator } from '../i18n/translate.js';
import { findTaskById } from '../tasks/task.repository.js';
import { findUser } from '../users/user.repository.js';
import type { VerificationOutcome } from '../verification/verify-claim.js';
import { findClaim } from './claim.repository.js';
import { outcomeText } from './outcome-text.js';

/**
 * Tells a user the result of the background check of their link: verified, rejected, or (once,
 * after the first check that could not be made) that it stays in review. Later "still pending"
 * checks are not news.
 */
export async function notifyUserOfOutcome(
  deps: {
    db: Db;
    api: Pick<Api, 'sendMessage'>;
    /** Between tries after a network error; tests pass one that returns at once. */
    pause?: (ms: number) => Promise<void>;
  },
  outcome: VerificationOutcome,
): Promise<void> {
  if (outcome.status === 'unchanged') return;
  if (outcome.status === 'pending' && outcome.attempts !== 1) return;
  const claim = await findClaim(deps.db, outcome.claimId);
  const user = await findUser(deps.db, outcome.userId);
  const task = claim && (await findTaskById(deps.db, claim.task_id));
  if (!claim || !user || !task) return;
  const t = translator(user.language ?? DEFAULT_LOCALE);
  const text = outcomeText(t, outcome, task, claim.platform ?? '');
  if (!text) return;
  const pause = deps.pause ?? ((ms) => new Promise<void>((r) => setTimeout(r, ms)));
  // The outcome is news only once: a network blip must not swallow it. Telegram's own refusals
  // (the user blocked the bot) are final and go to the caller's log.
  for (let attempt = 1; ; attempt++) {
    try {
      await deps.api.sendMessage(user.id, text);
      return;
    } catch (error) {
      if (!(error instanceof HttpError) || attempt >= SEND_ATTEMPTS) throw error;
      await pause(1000 * attempt);
    }
  }
}

const SEND_ATTEMPTS = 3;
