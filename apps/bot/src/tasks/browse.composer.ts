import { Composer, InlineKeyboard } from 'grammy';
import type { BotContext } from '../bot/bot-context.js';
import type { Db } from '../database/database.js';
import { claimTask } from '../submissions/claim.repository.js';
import { setAwaitingLink } from '../users/user.repository.js';
import { findClaimableTask, listClaimableTasks, type Task } from './task.repository.js';
import { clip, copyText, formatDate } from './task-text.js';

export const TASKS_PER_PAGE = 6;

/** Browsing active tasks, 6 a page, and claiming one. */
export function browseComposer(deps: { db: Db; now: () => Date }): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  async function page(ctx: BotContext, requested: number, edit: boolean) {
    const { tasks, total } = await listClaimableTasks(deps.db, {
      now: deps.now(),
      limit: TASKS_PER_PAGE,
      offset: (requested - 1) * TASKS_PER_PAGE,
    });
    if (total === 0) return ctx.reply(ctx.t('tasks_empty'));
    const pages = Math.ceil(total / TASKS_PER_PAGE);
    const current = Math.min(requested, pages);
    if (tasks.length === 0) return page(ctx, pages, edit);

    const keyboard = new InlineKeyboard();
    for (const task of tasks) {
      keyboard.text(`${clip(task.title, 48)} · ${task.node_power_reward}`, `task:${task.id}`).row();
    }
    if (current > 1) keyboard.text(ctx.t('page_prev'), `tasks:${current - 1}`);
    if (current < pages) keyboard.text(ctx.t('page_next'), `tasks:${current + 1}`);
    const text = ctx.t('tasks_title', { page: current, pages });
    return edit
      ? ctx.editMessageText(text, { reply_markup: keyboard })
      : ctx.reply(text, { reply_markup: keyboard });
  }

  composer.command('tasks', (ctx) => page(ctx, 1, false));
  composer.callbackQuery('menu:tasks', async (ctx) => {
    await ctx.answerCallbackQuery();
    await page(ctx, 1, false);
  });
  composer.callbackQuery(/^tasks:(\d{1,6})$/, async (ctx) => {
    await ctx.answerCallbackQuery();
    await page(ctx, Math.max(1, Number(ctx.match[1])), true);
  });

  composer.callbackQuery(/^task:(\d{1,10})$/, async (ctx) => {
    const task = await findClaimableTask(deps.db, Number(ctx.match[1]), deps.now());
    if (!task) return ctx.answerCallbackQuery({ text: ctx.t('task_unavailable') });
    await ctx.answerCallbackQuery();
    await ctx.reply(details(ctx, task), {
      reply_markup: new InlineKeyboard().text(ctx.t('claim_button'), `claim:${task.id}`),
    });
  });

  composer.callbackQuery(/^claim:(\d{1,10})$/, async (ctx) => {
    const task = await findClaimableTask(deps.db, Number(ctx.match[1]), deps.now());
    if (!task) return ctx.answerCallbackQuery({ text: ctx.t('task_unavailable') });
    const { claim, created } = await claimTask(deps.db, {
      taskId: task.id,
      userId: ctx.user.id,
      now: deps.now(),
    });
    if (claim.status === 'verified') {
      await ctx.answerCallbackQuery({ text: ctx.t('already_completed') });
      return;
    }
    await ctx.answerCallbackQuery(created ? undefined : { text: ctx.t('already_claimed') });
    await setAwaitingLink(deps.db, ctx.user.id, claim.id);
    await ctx.reply(
      ctx.t('claimed', {
        title: task.title,
        video: task.video_url ?? ctx.t('no_video'),
        copy: copyText(task),
      }),
      {
        reply_markup: new InlineKeyboard().text(ctx.t('submit_button'), `submit:${claim.id}`),
        link_preview_options: { is_disabled: true },
      },
    );
  });

  return composer;
}

function details(ctx: BotContext, task: Task): string {
  return ctx.t('task_details', {
    title: task.title,
    description: clip(task.description ?? '', 1500),
    reward: task.node_power_reward,
    expires: formatDate(task.expires_at),
  });
}
