import { Composer, InlineKeyboard } from 'grammy';
import type { BotContext } from '../bot/bot-context.js';
import type { Db } from '../database/database.js';
import { findTaskById, type Task } from '../tasks/task.repository.js';
import { clip } from '../tasks/task-text.js';
import { setAwaitingLink } from '../users/user.repository.js';
import type { ClaimVerifier, VerificationOutcome } from '../verification/verify-claim.js';
import { findClaim, listOpenClaims, submitLink } from './claim.repository.js';
import { outcomeText, platformName } from './outcome-text.js';
import { parseVideoLink } from './platform-link.js';

export interface SubmitDeps {
  db: Db;
  now: () => Date;
  verifier: ClaimVerifier;
  logger: { error(obj: object, msg: string): void };
}

/** A link is checked as soon as it arrives; the sweeper only takes it if that check never ends. */
const SWEEPER_GRACE_MS = 5 * 60_000;

/** Choosing which claim a link is for, receiving the link, and checking it at once. */
export function submitComposer(deps: SubmitDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  async function chooseClaim(ctx: BotContext, intro: 'choose_claim' | 'send_link') {
    const open = await listOpenClaims(deps.db, ctx.user.id, deps.now());
    if (open.length === 0) return ctx.reply(ctx.t('no_open_claims'));
    if (open.length === 1 && intro === 'send_link') {
      await setAwaitingLink(deps.db, ctx.user.id, open[0]!.id);
      return ctx.reply(ctx.t('send_link', { title: open[0]!.title }));
    }
    const keyboard = new InlineKeyboard();
    for (const claim of open) keyboard.text(clip(claim.title, 48), `submit:${claim.id}`).row();
    return ctx.reply(ctx.t('choose_claim'), { reply_markup: keyboard });
  }

  composer.command('submit', (ctx) => chooseClaim(ctx, 'send_link'));
  composer.callbackQuery('menu:submit', async (ctx) => {
    await ctx.answerCallbackQuery();
    await chooseClaim(ctx, 'send_link');
  });

  composer.callbackQuery(/^submit:(\d{1,10})$/, async (ctx) => {
    const claim = await findClaim(deps.db, Number(ctx.match[1]));
    if (!claim || claim.user_id !== ctx.user.id) return ctx.answerCallbackQuery();
    if (claim.status === 'verified') {
      return ctx.answerCallbackQuery({ text: ctx.t('already_completed') });
    }
    const task = await findTaskById(deps.db, claim.task_id);
    if (!task || !isOpen(task, deps.now())) {
      return ctx.answerCallbackQuery({
        // An answer is at most 200 characters: the title is clipped.
        text: ctx.t('link_task_closed', { title: clip(task?.title ?? '', 48) }),
      });
    }
    await ctx.answerCallbackQuery();
    await setAwaitingLink(deps.db, ctx.user.id, claim.id);
    await ctx.reply(ctx.t('send_link', { title: task.title }));
  });

  composer.on('message:text', async (ctx) => {
    const text = ctx.message.text;
    if (text.startsWith('/')) return;
    const parsed = parseVideoLink(text);
    const awaiting = ctx.user.awaiting_link_claim_id;
    if (!parsed.ok) {
      // Small talk outside the link flow gets the menu hint, not a complaint about links.
      if (parsed.reason === 'not_a_link' && awaiting === null) return ctx.reply(ctx.t('help'));
      return ctx.reply(ctx.t(`link_${parsed.reason}`));
    }
    let claimId = awaiting;
    if (claimId === null) {
      const open = await listOpenClaims(deps.db, ctx.user.id, deps.now());
      if (open.length !== 1) return chooseClaim(ctx, 'choose_claim');
      claimId = open[0]!.id;
    }
    if (!deps.verifier.canCheck(parsed.platform)) {
      return ctx.reply(ctx.t('link_cannot_check', { platform: platformName(parsed.platform) }));
    }
    const now = deps.now();
    const submitted = await submitLink(deps.db, {
      claimId,
      userId: ctx.user.id,
      link: parsed.url,
      platform: parsed.platform,
      videoKey: parsed.videoKey,
      now,
      checkAt: new Date(now.getTime() + SWEEPER_GRACE_MS),
    });
    if (!submitted.ok) {
      if (submitted.reason === 'link_taken') return ctx.reply(ctx.t('link_taken'));
      if (submitted.reason === 'already_verified') return ctx.reply(ctx.t('already_completed'));
      await setAwaitingLink(deps.db, ctx.user.id, null);
      if (submitted.reason === 'task_closed') {
        const task = await findTaskById(deps.db, submitted.taskId);
        return ctx.reply(ctx.t('link_task_closed', { title: task?.title ?? '' }));
      }
      return chooseClaim(ctx, 'choose_claim');
    }
    await setAwaitingLink(deps.db, ctx.user.id, null);
    const task = await findTaskById(deps.db, submitted.claim.task_id);
    if (!task) return;
    let outcome: VerificationOutcome;
    try {
      outcome = await deps.verifier.verify(claimId);
    } catch (error) {
      // The link stays under review; the sweeper takes it after the grace period.
      deps.logger.error({ err: error, claimId }, 'checking a link failed');
      const nextCheckAt = new Date(now.getTime() + SWEEPER_GRACE_MS);
      outcome = { status: 'pending', claimId, userId: ctx.user.id, nextCheckAt, error: 'internal' };
    }
    const reply = outcomeText(ctx.t, outcome, task, parsed.platform);
    if (reply) await ctx.reply(reply);
  });

  return composer;
}

/** Whether a task takes links now: not deleted, not paused, not expired. */
function isOpen(task: Task, now: Date): boolean {
  return task.deleted_at === null && task.status === 'active' && task.expires_at > now;
}
