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
 * Tells a user the result of a later check of their link. "Still pending" is not news: the
 * user heard it when they sent the link.
 */
export async function notifyUserOfOutcome(
  deps: { db: Db; api: Pick<Api, 'sendMessage'> },
  outcome: VerificationOutcome,
): Promise<void> {
  if (outcome.status !== 'verified' && outcome.status !== 'rejected') return;
  const claim = await findClaim(deps.db, outcome.claimId);
  const user = await findUser(deps.db, outcome.userId);
  const task = claim && (await findTaskById(deps.db, claim.task_id));
  if (!claim || !user || !task) return;
  const t = translator(user.language ?? DEFAULT_LOCALE);
  const text = outcomeText(t, outcome, task, claim.platform ?? '');
  if (text) await deps.api.sendMessage(user.id, text);
}
