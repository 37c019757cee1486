import { Composer, InlineKeyboard } from 'grammy';
import type { BotContext } from '../bot/bot-context.js';
import { callbackButton, clipText, TELEGRAM_LIMITS } from '../bot/message-limits.js';
import type { Db } from '../database/database.js';
import { findTaskById, type Task } from '../tasks/task.repository.js';
import { setAwaitingLink } from '../users/user.repository.js';
import type { ClaimVerifier } from '../verification/verify-claim.js';
import {
  findClaim,
  findVerifiedClaimOfVideo,
  listOpenClaims,
  submitLink,
} from './claim.repository.js';
import { platformName } from './outcome-text.js';
import { parseVideoLink } from './platform-link.js';

export interface SubmitDeps {
  db: Db;
  now: () => Date;
  verifier: Pick<ClaimVerifier, 'canCheck'>;
  /** Asks the background checker to take the link just put under review now. */
  requestCheck: () => void;
}

/** Choosing which claim a link is for, receiving the link and putting it under review. */
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
    for (const claim of open) {
      keyboard.add(callbackButton(clipText(claim.title, 48), 'submit', claim.id)).row();
    }
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
      return ctx.answerCallbackQuery({
        text: ctx.t('already_completed', {}, TELEGRAM_LIMITS.callbackAnswer),
      });
    }
    const task = await findTaskById(deps.db, claim.task_id);
    if (!task || !isOpen(task, deps.now())) {
      return ctx.answerCallbackQuery({
        text: ctx.t(
          'link_task_closed',
          { title: task?.title ?? '' },
          TELEGRAM_LIMITS.callbackAnswer,
        ),
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
    // A post that already earned: say the task is done (looked up only when the link cannot
    // be taken, to keep the common path short).
    const paidAlready = async () => {
      const paid = await findVerifiedClaimOfVideo(deps.db, ctx.user.id, parsed.videoKey);
      return paid && ctx.reply(ctx.t('link_already_completed', { title: paid.title }));
    };
    let claimId = awaiting;
    let title: string | undefined;
    if (claimId === null) {
      const open = await listOpenClaims(deps.db, ctx.user.id, deps.now());
      if (open.length !== 1) return (await paidAlready()) ?? chooseClaim(ctx, 'choose_claim');
      claimId = open[0]!.id;
      title = open[0]!.title;
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
      checkAt: now,
    });
    if (!submitted.ok) {
      if (submitted.reason === 'link_taken') {
        return (await paidAlready()) ?? ctx.reply(ctx.t('link_taken'));
      }
      if (submitted.reason === 'already_verified') return ctx.reply(ctx.t('already_completed'));
      if (submitted.reason === 'task_full') return ctx.reply(ctx.t('task_full'));
      await setAwaitingLink(deps.db, ctx.user.id, null);
      if (submitted.reason === 'task_closed') {
        const task = await findTaskById(deps.db, submitted.taskId);
        return ctx.reply(ctx.t('link_task_closed', { title: task?.title ?? '' }));
      }
      return chooseClaim(ctx, 'choose_claim');
    }
    if (awaiting !== null) await setAwaitingLink(deps.db, ctx.user.id, null);
    title ??= (await findTaskById(deps.db, submitted.claim.task_id))?.title ?? '';
    // Answered at once; the check (seconds of oEmbed) runs in the background and the user hears
    // its outcome from there, so one slow platform never holds up this chat or anyone else's.
    await ctx.reply(ctx.t('link_checking', { title, platform: platformName(parsed.platform) }));
    deps.requestCheck();
  });

  return composer;
}

/** Whether a task takes links now: not deleted, not paused, not expired. */
function isOpen(task: Task, now: Date): boolean {
  return task.deleted_at === null && task.status === 'active' && task.expires_at > now;
}
