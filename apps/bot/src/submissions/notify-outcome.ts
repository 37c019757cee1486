import type { Api } from 'grammy';
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
  deps: { db: Db; api: Pick<Api, 'sendMessage'> },
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
  if (text) await deps.api.sendMessage(user.id, text);
}
